/** The home page (the work queue), the list fragment the script merges on live updates, bulk actions. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ASSIGNEE_FILTERS, QUEUES, type AssigneeFilter, type QueuePageOptions } from '../../../db/index.js';
import { assignConversation } from '../../actions/conversations.js';
import { cursorSchema, defaultFilter } from '../../paging.js';
import { approveAndSend, discardDraft, markDone } from '../../actions/drafts.js';
import { requirePrincipal, type Principal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { toPublicError } from '../../errors.js';
import { idString } from '../../schemas.js';
import { workspaceTimeZone } from '../../actions/settings.js';
import { parseInput } from '../../validation.js';
import { inboxPage, messageList, type InboxFilter } from '../../views/inbox.js';

const filterSchema = z.enum([...QUEUES, 'all']);
const assigneeSchema = z.enum(ASSIGNEE_FILTERS);
const count = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number);
/** Search text as typed; trimmed, and cut rather than refused when pasted long. */
const searchText = z.string().transform((v) => v.trim().slice(0, 200));
const query = z.strictObject({
  queue: filterSchema.optional(),
  assignee: assigneeSchema.optional(),
  q: searchText.optional(),
  before: cursorSchema.optional(),
  after: cursorSchema.optional(),
  done: z.enum(['done', 'send', 'discard', 'assign']).optional(),
  n: count.optional(),
  skipped: count.optional(),
});
/** The live refresh reads the first page of a queue only (see assets/client.ts). */
const listQuery = z.strictObject({ queue: filterSchema.optional(), assignee: assigneeSchema.optional() });
const bulkForm = z.strictObject({
  ids: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(idString).min(1, 'select at least one message').max(500),
  ),
  queue: filterSchema.optional(),
  assignee: assigneeSchema.optional(),
  /** Bulk assign only: a member's id, `me` or `none` (the other actions ignore it). */
  assign_to: z.union([z.enum(['me', 'none']), idString]).optional(),
});

const LIMIT = 100;

type BulkAction = 'done' | 'send' | 'discard' | 'assign';

/** The notice after a bulk action: fixed sentences with the counts, never text from the URL. */
function bulkNotice(action: BulkAction, n: number, skipped: number): string {
  const messages = (k: number) => `${k} message${k === 1 ? '' : 's'}`;
  const main =
    action === 'done'
      ? `${messages(n)} marked done.`
      : action === 'send'
        ? `${n} repl${n === 1 ? 'y' : 'ies'} approved: each goes out when its undo window ends (Undo on the message).`
        : action === 'assign'
          ? `${n} conversation${n === 1 ? '' : 's'} reassigned.`
          : `${n} draft${n === 1 ? '' : 's'} discarded.`;
  const why =
    action === 'send'
      ? 'no draft ready to send'
      : action === 'discard'
        ? 'no draft to discard'
        : action === 'assign'
          ? 'assigned so already'
          : 'done already';
  return skipped > 0 ? `${main} ${messages(skipped)} left as they were (${why}).` : main;
}

export function registerInboxPages(app: FastifyInstance, ctx: RouteContext): void {
  async function load(
    principal: Principal,
    filter: InboxFilter,
    assignee: AssigneeFilter,
    options: Omit<QueuePageOptions, 'queue' | 'limit' | 'assignee' | 'viewerId'>,
  ) {
    const queue = filter === 'all' ? {} : { queue: filter };
    const whose = { assignee, viewerId: principal.userId };
    return Promise.all([
      ctx.repos.queue.page(principal.workspaceId, { ...queue, ...whose, ...options, limit: LIMIT }),
      ctx.repos.queue.counts(principal.workspaceId, { ...queue, ...whose }),
    ]);
  }

  app.get('/', async (request, reply) => {
    const principal = requirePrincipal(request);
    const q = parseInput(query, request.query, 'query');
    const search = q.q ?? '';
    const filter: InboxFilter = q.queue ?? defaultFilter(search);
    const assignee = q.assignee ?? 'all';
    const options = {
      ...(search ? { search } : {}),
      ...(q.before ? { before: q.before } : q.after ? { after: q.after } : {}),
    };
    const [[page, counts], user, members] = await Promise.all([
      load(principal, filter, assignee, options),
      ctx.shell(principal),
      ctx.repos.users.listMembers(principal.workspaceId),
    ]);
    const notice = q.done ? bulkNotice(q.done, q.n ?? 0, q.skipped ?? 0) : null;
    const choices = {
      viewerId: principal.userId,
      members: members.map((m) => ({ userId: m.user.id, name: m.user.name || m.user.email })),
    };
    return sendHtml(reply, inboxPage(user, { filter, assignee, search, page }, counts, notice, choices));
  });

  app.get('/inbox/list', async (request, reply) => {
    const principal = requirePrincipal(request);
    const q = parseInput(listQuery, request.query, 'query');
    const filter: InboxFilter = q.queue ?? 'todo';
    const assignee = q.assignee ?? 'all';
    const [[page, counts], timeZone] = await Promise.all([
      load(principal, filter, assignee, {}),
      workspaceTimeZone(ctx.repos, principal.workspaceId),
    ]);
    return sendHtml(
      reply,
      messageList(page.items, { filter, assignee, search: '', older: page.older }, counts, timeZone).toString(),
    );
  });

  /**
   * Several messages at once, with the same safeguards as one: sending approves each drafted
   * reply into its undo window (nothing leaves at once), only drafts a person could send from
   * the message page are touched, and ids of another workspace are simply not found.
   */
  for (const action of ['done', 'send', 'discard', 'assign'] as const) {
    app.post(`/inbox/bulk/${action}`, async (request, reply) => {
      const principal = requirePrincipal(request);
      const form = parseInput(bulkForm, request.body, 'form');
      const ids = [...new Set(form.ids)];
      let changed = 0;
      if (action === 'done') {
        changed = (await markDone(ctx, principal, ids)).length;
      } else if (action === 'assign') {
        const to = form.assign_to ?? 'me';
        const target = to === 'none' ? null : to;
        for (const id of ids) {
          const change = await assignConversation(ctx, principal, id, target);
          if (change.from !== change.to) changed += 1;
        }
      } else {
        for (const id of ids) if (await bulkOne(principal, id, action)) changed += 1;
      }
      const back =
        (form.queue && form.queue !== 'todo' ? `queue=${form.queue}&` : '') +
        (form.assignee && form.assignee !== 'all' ? `assignee=${form.assignee}&` : '');
      return seeOther(reply, `/?${back}done=${action}&n=${changed}&skipped=${ids.length - changed}`);
    });
  }

  async function bulkOne(principal: Principal, messageId: number, action: 'send' | 'discard'): Promise<boolean> {
    const draft = await ctx.repos.drafts.byMessage(principal.workspaceId, messageId);
    if (!draft || (draft.status !== 'pending' && draft.status !== 'failed')) return false;
    try {
      if (action === 'send') await approveAndSend(ctx, principal, draft.id);
      else await discardDraft(ctx, principal, draft.id);
      return true;
    } catch (error) {
      // One draft that changed meanwhile (sent from another tab) does not stop the others.
      if (toPublicError(error)?.status === 409) return false;
      throw error;
    }
  }
}
