/**
 * The audit log as owners read it (page and API): entries grouped into kinds, who acted (a
 * member, Snoooz, an API token, the command line, or a former member), what was acted on with
 * the names the page links by, and the entry's facts with anything that looks secret held back.
 * Entries never hold secrets by design; the filter here is the second line, so a future caller
 * that logs one by mistake still does not show it.
 */
import { AUDIT_ACTIONS, type AuditEntry, type Member } from '../../db/index.js';
import type { RouteContext } from '../context.js';

/** Kinds of action, by the action's prefix (`draft.sent` → replies); the filter on the page. */
export const AUDIT_KINDS = [
  {
    value: 'replies',
    label: 'Replies & conversations',
    prefixes: ['draft', 'message', 'customer', 'conversation', 'note'],
  },
  { value: 'store', label: 'Stores', prefixes: ['integration'] },
  { value: 'inbox', label: 'Inboxes', prefixes: ['inbox'] },
  {
    value: 'settings',
    label: 'Settings & autonomy',
    prefixes: ['settings', 'autonomy', 'shadow', 'secrets', 'api_token'],
  },
  { value: 'members', label: 'Members', prefixes: ['member'] },
  { value: 'mail', label: 'Product mail', prefixes: ['mail'] },
  { value: 'other', label: 'Other', prefixes: [] },
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number]['value'];
export const AUDIT_KIND_VALUES = AUDIT_KINDS.map((k) => k.value) as [AuditKind, ...AuditKind[]];

export function kindOf(action: string): AuditKind {
  const prefix = action.split('.')[0] ?? '';
  return AUDIT_KINDS.find((k) => (k.prefixes as readonly string[]).includes(prefix))?.value ?? 'other';
}

/** The actions a kind filter selects: every known action of that kind. */
export function actionsOfKind(kind: AuditKind): string[] {
  return AUDIT_ACTIONS.filter((action) => kindOf(action) === kind);
}

export type AuditWho =
  | { type: 'member'; userId: number; name: string; email: string }
  | { type: 'former'; userId: number }
  | { type: 'system' }
  | { type: 'token'; tokenId: number }
  | { type: 'cli' };

export type AuditTarget =
  | { type: 'message'; id: number; subject: string | null }
  | { type: 'inbox'; id: number; address: string | null }
  | { type: 'store'; id: number; storeHash: string | null }
  | { type: 'member'; userId: number; label: string | null }
  | { type: 'invitation'; id: number; email: string | null }
  | { type: 'settings'; part: 'replies' | 'llm' }
  | { type: 'shadow_run'; id: number }
  | { type: 'api_token'; id: number; name: string | null }
  | { type: 'intent'; intent: string }
  | { type: 'other'; text: string };

export interface AuditRow {
  id: number;
  at: string;
  action: string;
  kind: AuditKind;
  who: AuditWho;
  target: AuditTarget | null;
  /** The entry's detail, safe to show (see `safeFacts`), without what `target` already says. */
  facts: Record<string, unknown>;
}

export interface AuditFilter {
  /** `user:<id>`, `system` or `cli`. */
  who?: string | undefined;
  kind?: AuditKind | undefined;
  before?: number | undefined;
  after?: number | undefined;
}

export interface AuditView {
  rows: AuditRow[];
  older: number | null;
  newer: number | null;
  /** Whom the person filter offers: members, Snoooz, the command line, and a former member when filtered by one. */
  people: Array<{ actor: string; label: string }>;
}

export const AUDIT_PAGE_SIZE = 50;

export async function loadAudit(
  ctx: RouteContext,
  workspaceId: number,
  filter: AuditFilter,
  limit = AUDIT_PAGE_SIZE,
): Promise<AuditView> {
  const [page, members] = await Promise.all([
    ctx.repos.audit.page(workspaceId, {
      ...(filter.who ? { actor: filter.who } : {}),
      ...(filter.kind ? { actions: actionsOfKind(filter.kind) } : {}),
      ...(filter.before !== undefined ? { before: filter.before } : {}),
      ...(filter.after !== undefined ? { after: filter.after } : {}),
      limit,
    }),
    ctx.repos.users.listMembers(workspaceId),
  ]);
  const names = new Names(ctx, workspaceId, members);
  const rows = await Promise.all(page.entries.map((entry) => toRow(entry, names)));
  const people = [
    ...members.map((m) => ({ actor: `user:${m.user.id}`, label: `${m.user.name || m.user.email} (${m.user.email})` })),
    { actor: 'system', label: 'Snoooz and API tokens' },
    { actor: 'cli', label: 'Command line' },
  ];
  if (filter.who && !people.some((p) => p.actor === filter.who)) {
    people.push({ actor: filter.who, label: 'Former member' });
  }
  return { rows, older: page.older, newer: page.newer, people };
}

/** Looks up what entries point at, once per page (a page names the same message many times). */
class Names {
  private messages = new Map<number, Promise<string | null>>();
  private draftMessages = new Map<number, Promise<number | null>>();
  private inboxes: Promise<Map<number, string>> | null = null;
  private stores: Promise<Map<number, string>> | null = null;
  readonly members: Map<number, Member>;

  constructor(
    private readonly ctx: RouteContext,
    private readonly workspaceId: number,
    members: Member[],
  ) {
    this.members = new Map(members.map((m) => [m.user.id, m]));
  }

  subject(messageId: number): Promise<string | null> {
    let found = this.messages.get(messageId);
    if (!found) {
      found = this.ctx.repos.messages.get(this.workspaceId, messageId).then(
        (m) => m.subject,
        () => null,
      );
      this.messages.set(messageId, found);
    }
    return found;
  }

  messageOfDraft(draftId: number): Promise<number | null> {
    let found = this.draftMessages.get(draftId);
    if (!found) {
      found = this.ctx.repos.drafts.get(this.workspaceId, draftId).then(
        (d) => d.messageId,
        () => null,
      );
      this.draftMessages.set(draftId, found);
    }
    return found;
  }

  async inbox(id: number): Promise<string | null> {
    this.inboxes ??= this.ctx.repos.inboxes
      .list(this.workspaceId)
      .then((list) => new Map(list.map((i) => [i.id, i.address])));
    return (await this.inboxes).get(id) ?? null;
  }

  async store(id: number): Promise<string | null> {
    this.stores ??= this.ctx.repos.integrations
      .list(this.workspaceId)
      .then((list) => new Map(list.map((i) => [i.id, i.storeHash])));
    return (await this.stores).get(id) ?? null;
  }
}

function whoOf(actor: string, detail: Record<string, unknown>, names: Names): AuditWho {
  if (actor === 'cli') return { type: 'cli' };
  const userId = /^user:(\d+)$/.exec(actor)?.[1];
  if (userId !== undefined) {
    const member = names.members.get(Number(userId));
    return member
      ? { type: 'member', userId: member.user.id, name: member.user.name, email: member.user.email }
      : { type: 'former', userId: Number(userId) };
  }
  // API tokens act as `system` and say which token in the detail (see auth/principal.ts).
  const tokenId = detail.apiTokenId;
  return typeof tokenId === 'number' ? { type: 'token', tokenId } : { type: 'system' };
}

async function toRow(entry: AuditEntry, names: Names): Promise<AuditRow> {
  const detail = isRecord(entry.detail) ? entry.detail : {};
  const who = whoOf(entry.actor, detail, names);
  const { target, used } = await targetOf(entry.target, detail, names);
  const facts = safeFacts(detail);
  for (const key of [...used, ...(who.type === 'token' ? ['apiTokenId'] : [])]) delete facts[key];
  return { id: entry.id, at: entry.at, action: entry.action, kind: kindOf(entry.action), who, target, facts };
}

/** The target and the detail keys it already shows. */
async function targetOf(
  raw: string | null,
  detail: Record<string, unknown>,
  names: Names,
): Promise<{ target: AuditTarget | null; used: string[] }> {
  if (raw === null) return { target: null, used: [] };
  const [type = '', rest = ''] = splitOnce(raw, ':');
  const id = /^\d{1,10}$/.test(rest) ? Number(rest) : null;
  const text = (key: string) => (typeof detail[key] === 'string' ? safeText(detail[key] as string) : null);
  if ((type === 'draft' || type === 'message') && id !== null) {
    const fromDetail = typeof detail.messageId === 'number' ? detail.messageId : null;
    const messageId = type === 'message' ? id : (fromDetail ?? (await names.messageOfDraft(id)));
    if (messageId === null) return { target: { type: 'other', text: `reply #${id}` }, used: [] };
    return { target: { type: 'message', id: messageId, subject: await names.subject(messageId) }, used: ['messageId'] };
  }
  if (type === 'inbox' && id !== null) {
    return { target: { type: 'inbox', id, address: (await names.inbox(id)) ?? text('address') }, used: ['address'] };
  }
  if (type === 'integration' && id !== null) {
    return {
      target: { type: 'store', id, storeHash: text('storeHash') ?? (await names.store(id)) },
      used: ['storeHash'],
    };
  }
  if (type === 'user' && id !== null) {
    const member = names.members.get(id);
    const label = member ? `${member.user.name || member.user.email} (${member.user.email})` : text('email');
    return { target: { type: 'member', userId: id, label }, used: ['email'] };
  }
  if (type === 'invitation' && id !== null) {
    return { target: { type: 'invitation', id, email: text('email') }, used: ['email'] };
  }
  if (type === 'settings') return { target: { type: 'settings', part: rest === 'llm' ? 'llm' : 'replies' }, used: [] };
  if (type === 'shadow_run' && id !== null) return { target: { type: 'shadow_run', id }, used: [] };
  if (type === 'api_token' && id !== null)
    return { target: { type: 'api_token', id, name: text('name') }, used: ['name'] };
  if (type === 'intent' && rest) return { target: { type: 'intent', intent: safeText(rest) }, used: ['intent'] };
  return { target: { type: 'other', text: safeText(raw) }, used: [] };
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys whose values are secrets whatever they look like (an id or a "replaced" marker is fine). */
const SECRET_KEY =
  /pass(word|phrase)?|secret|token|api_?key|credential|cookie|authori[sz]ation|bearer|link|url|href|verifier|nonce/i;
const SAFE_MARKERS = new Set(['replaced', 'removed', 'unchanged', 'set', 'started', 'accepted', 'refused']);
/** A web address: invitation and reset links carry their token in the path. */
const LINK = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
/** A long unbroken run of letters and digits (an API key, a token, a hash). */
const TOKEN_LIKE = /[A-Za-z0-9_\-+/=~.$]{24,}/g;
export const HIDDEN = '[hidden]';

export function safeText(value: string): string {
  return value
    .replace(LINK, HIDDEN)
    .replace(TOKEN_LIKE, (run) => (/[A-Za-z]/.test(run) && /\d/.test(run) ? HIDDEN : run));
}

function safeValue(key: string, value: unknown, depth: number): unknown {
  if (SECRET_KEY.test(key)) {
    const harmless =
      typeof value === 'boolean' ||
      (typeof value === 'number' && /id$/i.test(key)) ||
      (typeof value === 'string' && SAFE_MARKERS.has(value));
    if (!harmless) return HIDDEN;
  }
  if (typeof value === 'string') return safeText(value);
  if (depth > 3) return HIDDEN;
  if (Array.isArray(value)) return value.map((v) => safeValue(key, v, depth + 1));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeValue(k, v, depth + 1)]));
  }
  return value;
}

/** The detail with every secret-looking value replaced by "[hidden]". */
export function safeFacts(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, safeValue(k, v, 0)]));
}
