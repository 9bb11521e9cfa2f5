/**
 * Shadow mode: the assistant over past customer emails, nothing sent. Each email goes through
 * the same pipeline as live mail (`processEmail`, pure: it reads the store, writes nothing), and
 * its draft is put next to the reply the team actually sent, with their similarity. The draft
 * is never sent, stored as a message, or written to the mailbox; the caller decides whether the
 * results are kept (see workspace.ts).
 */
import { classifySimilarity, type EditClass } from '../assistant/similarity.js';
import type { WorkspaceSettings } from '../assistant/types.js';
import type { LlmComposer } from '../pipeline/process-email.js';
import { processEmail } from '../pipeline/process-email.js';
import { describeError, isAppError } from '../shared/errors.js';
import type { StoreDataSource } from '../shared/store-data.js';
import { compareReplies } from './compare.js';
import type { ShadowProgress } from './progress.js';
import type { MatchKind, SentReplyLookup } from './sent-replies.js';
import { summariseShadow, type ShadowSummary } from './summary.js';

export interface RunShadowOptions {
  messages: AsyncIterable<{ raw: Buffer }> | Iterable<{ raw: Buffer }>;
  sentReplies: SentReplyLookup;
  store: StoreDataSource | null;
  settings: WorkspaceSettings;
  inboxAddresses: string[];
  llm?: LlmComposer;
  now?: () => Date;
  /** Called after each email (e.g. to store items as they come). */
  onItem?: (item: ShadowItem) => Promise<void> | void;
  /** How many messages there are, when known: the progress total. */
  total?: number;
  /** Called before the first email and after each one (after `onItem`). */
  onProgress?: (progress: ShadowProgress) => void;
}

export interface ShadowItem {
  position: number;
  emailMessageId: string;
  fromAddress: string;
  subject: string;
  receivedAt: string | null;
  intent: string | null;
  language: string | null;
  skipped: { code: string; reason: string } | null;
  /** Snoooz's draft (never sent). */
  draft: string | null;
  /** What the reply rules would have done with it: `send` means auto-send was on for it. */
  delivery: { action: 'draft' | 'send' | 'none'; reason: string } | null;
  teamReply: { messageId: string; text: string; date: string | null; matchedBy: MatchKind } | null;
  similarity: number | null;
  editClass: EditClass | null;
}

export interface ShadowResult {
  items: ShadowItem[];
  summary: ShadowSummary;
}

/** Store errors that make every further email fail the same way: the run stops with them. */
const FATAL = new Set(['invalid_token', 'invalid_store_hash', 'missing_scope']);

export async function runShadow(options: RunShadowOptions): Promise<ShadowResult> {
  const items: ShadowItem[] = [];
  // Wall-clock time, not `now`: the estimate is about how fast this run goes.
  const progress: ShadowProgress = {
    total: options.total ?? null,
    read: 0,
    drafted: 0,
    compared: 0,
    startedAt: new Date().toISOString(),
  };
  options.onProgress?.({ ...progress });
  let position = 0;
  for await (const { raw } of options.messages) {
    position += 1;
    const item = await shadowOne(raw, position, options);
    items.push(item);
    await options.onItem?.(item);
    progress.read += 1;
    if (item.draft !== null) progress.drafted += 1;
    if (item.similarity !== null) progress.compared += 1;
    options.onProgress?.({ ...progress });
  }
  return { items, summary: summariseShadow(items.map(toSummaryInput)) };
}

export function toSummaryInput(item: ShadowItem) {
  return {
    intent: item.intent,
    skipped: item.skipped !== null,
    drafted: item.draft !== null,
    wouldSend: item.delivery?.action === 'send',
    similarity: item.similarity,
  };
}

async function shadowOne(raw: Buffer, position: number, options: RunShadowOptions): Promise<ShadowItem> {
  let result;
  try {
    result = await processEmail(raw, {
      store: options.store,
      settings: options.settings,
      inboxAddresses: options.inboxAddresses,
      ...(options.llm ? { llm: options.llm } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (error) {
    if (isAppError(error) && FATAL.has(error.code)) throw error;
    return {
      position,
      emailMessageId: `unreadable-${position}`,
      fromAddress: '',
      subject: '',
      receivedAt: null,
      intent: null,
      language: null,
      skipped: { code: 'failed', reason: describeError(error).split('\n')[0] ?? 'failed' },
      draft: null,
      delivery: null,
      teamReply: null,
      similarity: null,
      editClass: null,
    };
  }
  const { email, understanding, skipped, draft, delivery } = result;
  const base = {
    position,
    emailMessageId: email.messageId,
    fromAddress: email.from?.address ?? '',
    subject: email.subject,
    receivedAt: email.date,
    intent: understanding.intent,
    language: understanding.language,
  };
  if (skipped || !draft) {
    return {
      ...base,
      skipped: skipped ?? { code: 'no_draft', reason: delivery?.reason ?? 'No draft.' },
      draft: null,
      delivery,
      teamReply: null,
      similarity: null,
      editClass: null,
    };
  }
  const teamReply = options.sentReplies.find({
    messageId: email.messageId,
    subject: email.subject,
    fromAddress: base.fromAddress,
    date: email.date,
  });
  const similarity = teamReply ? compareReplies(draft.text, teamReply.text) : null;
  return {
    ...base,
    skipped: null,
    draft: draft.text,
    delivery,
    teamReply,
    similarity,
    editClass: similarity === null ? null : classifySimilarity(similarity),
  };
}
