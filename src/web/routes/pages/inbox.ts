/** The home page (the work queue), the list fragment the script merges on live updates, bulk actions. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { QUEUES, type QueuePageOptions } from '../../../db/index.js';
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
const count = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number);
/** Search text as typed; trimmed, and cut rather than refused when pasted long. */
const searchText = z.string().transform((v) => v.trim().slice(0, 200));
const query = z.strictObject({
  queue: filterSchema.optional(),
  q: searchText.optional(),
  before: cursorSchema.optional(),
  after: cursorSchema.optional(),
  done: z.enum(['done', 'send', 'discard']).optional(),
  n: count.optional(),
  skipped: count.optional(),
});
/** The live refresh reads the first page of a queue only (see assets/client.ts). */
const listQuery = z.strictObject({ queue: filterSchema.optional() });
const bulkForm = z.strictObject({
  ids: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(idString).min(1, 'select at least one message').max(500),
  ),
  queue: filterSchema.optional(),
});

const LIMIT = 100;

/** The notice after a bulk action: fixed sentences with the counts, never text from the URL. */
function bulkNotice(action: 'done' | 'send' | 'discard', n: number, skipped: number): string {
  const messages = (k: number) => `${k} message${k === 1 ? '' : 's'}`;
  const main =
    action === 'done'
      ? `${messages(n)} marked done.`
      : action === 'send'
        ? `${n} repl${n === 1 ? 'y' : 'ies'} approved: each goes out when its undo window ends (Undo on the message).`
        : `${n} draft${n === 1 ? '' : 's'} discarded.`;
  const why =
    action === 'send' ? 'no draft ready to send' : action === 'discard' ? 'no draft to discard' : 'done already';
  return skipped > 0 ? `${main} ${messages(skipped)} left as they were (${why}).` : main;
}

export function registerInboxPages(app: FastifyInstance, ctx: RouteContext): void {
  async function load(workspaceId: number, filter: InboxFilter, options: Omit<QueuePageOptions, 'queue' | 'limit'>) {
    return Promise.all([
      ctx.repos.queue.page(workspaceId, { ...(filter === 'all' ? {} : { queue: filter }), ...options, limit: LIMIT }),
      ctx.repos.queue.counts(workspaceId),
    ]);
  }

  app.get('/', async (request, reply) => {
    const principal = requirePrincipal(request);
    const q = parseInput(query, request.query, 'query');
    const search = q.q ?? '';
    const filter: InboxFilter = q.queue ?? defaultFilter(search);
    const options = {
      ...(search ? { search } : {}),
      ...(q.before ? { before: q.before } : q.after ? { after: q.after } : {}),
    };
    const [[page, counts], user] = await Promise.all([
      load(principal.workspaceId, filter, options),
      ctx.shell(principal),
    ]);
    const notice = q.done ? bulkNotice(q.done, q.n ?? 0, q.skipped ?? 0) : null;
    return sendHtml(reply, inboxPage(user, { filter, search, page }, counts, notice));
  });

  app.get('/inbox/list', async (request, reply) => {
    const principal = requirePrincipal(request);
    const filter: InboxFilter = parseInput(listQuery, request.query, 'query').queue ?? 'todo';
    const [[page, counts], timeZone] = await Promise.all([
      load(principal.workspaceId, filter, {}),
      workspaceTimeZone(ctx.repos, principal.workspaceId),
    ]);
    return sendHtml(
      reply,
      messageList(page.items, { filter, search: '', older: page.older }, counts, timeZone).toString(),
    );
  });

  /**
   * Several messages at once, with the same safeguards as one: sending approves each drafted
   * reply into its undo window (nothing leaves at once), only drafts a person could send from
   * the message page are touched, and ids of another workspace are simply not found.
   */
  for (const action of ['done', 'send', 'discard'] as const) {
    app.post(`/inbox/bulk/${action}`, async (request, reply) => {
      const principal = requirePrincipal(request);
      const form = parseInput(bulkForm, request.body, 'form');
      const ids = [...new Set(form.ids)];
      let changed = 0;
      if (action === 'done') {
        changed = (await markDone(ctx, principal, ids)).length;
      } else {
        for (const id of ids) if (await bulkOne(principal, id, action)) changed += 1;
      }
      const back = form.queue && form.queue !== 'todo' ? `queue=${form.queue}&` : '';
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
