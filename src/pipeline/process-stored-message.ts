/**
 * The worker's job: one stored message through `processEmail`, then persisted. Safe to run twice
 * for the same message (a lease that expired mid-job, a retry): the draft is UNIQUE per message,
 * an existing draft is kept rather than overwritten (a person may have edited it), and sending is
 * delegated to `sendDraft`, which is idempotent by draft id.
 *
 * Errors: bad mail and a broken store connection are final (the message is `failed` with a
 * reason, the integration `broken`), so this returns normally; anything else is thrown so the
 * queue retries with backoff and, after the last attempt, fails the message with the error.
 */
import type { DraftView, IntegrationView, Repositories } from '../db/index.js';
import { isDbError } from '../db/index.js';
import { buildContextInStores, type BuildCustomerContextInput, type CustomerContext } from '../context/index.js';
import { describeError, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { StoreDataSource } from '../shared/store-data.js';
import { processEmail, type LlmComposer, type PipelineResult } from './process-email.js';
import { compareDrafts, describeChanges, withNote } from './freshness.js';
import { autoSendHold } from './auto-send-gate.js';

/** The reason a draft carries while it is being sent (`approved` + this = a send is under way). */
export const SENDING_REASON = 'sending';
/** `approved` + this: a send attempt failed transiently before the server accepted it; safe to retry. */
export const SEND_RETRY_REASON = 'send-retry';
/** Why a draft whose send was cut short is `failed` rather than sent again automatically. */
export const INTERRUPTED_SEND_REASON =
  'The send was interrupted (the worker stopped mid-send), so it may or may not have gone out. ' +
  'Check the mailbox’s Sent folder before sending it again.';

export interface ProcessStoredMessageDeps {
  repos: Repositories;
  /** A (cached) data source for a store; the token is decrypted just before this call. */
  openStore(input: { storeHash: string; accessToken: string }): StoreDataSource;
  /** Called when a store's token turned out to be invalid, so a cached client is not reused. */
  forgetStore?(storeHash: string): void;
  llm?: LlmComposer | null;
  /**
   * The composer for this workspace's messages (its LLM settings, see workspace-llm.ts); when
   * set it replaces `llm`. null from it means the built-in composer.
   */
  llmFor?(workspaceId: number): Promise<LlmComposer | null>;
  /** Approve and send over SMTP; idempotent by draft id. Without it, `send` decisions stay drafts. */
  sendDraft?(workspaceId: number, draftId: number, actor: 'system'): Promise<void>;
  /**
   * The store without a cache. When set, an automatic send first composes the reply again from
   * fresh store data and sends that one if a fact it states changed (see "Freshness" in
   * docs/architecture.md).
   */
  openFreshStore?(input: { storeHash: string; accessToken: string }): StoreDataSource;
  logger?: Logger;
  maxEmailBytes?: number;
}

export interface ProcessStoredMessageOptions {
  /** Regenerate: replace a pending/failed/discarded draft instead of keeping it. */
  replaceDraft?: boolean;
  /**
   * Compose only: run the stages (with `replaceDraft` semantics for the checks), hand the result
   * here and store nothing, change no state, send nothing (the freshness re-check, webhook refresh).
   */
  composeOnly?: (result: PipelineResult) => void;
}

export type ProcessOutcome =
  | { status: 'drafted' | 'sent'; draftId: number; reason: string }
  | { status: 'skipped' | 'failed'; reason: string }
  | { status: 'unchanged'; reason: string };

/** Codes that mean the connection itself is unusable until the merchant fixes it. */
const BROKEN_CONNECTION = new Set(['invalid_token', 'invalid_store_hash', 'missing_scope', 'store_access_denied']);
const BAD_MAIL = new Set(['invalid_email', 'email_too_large']);

export async function processStoredMessage(
  deps: ProcessStoredMessageDeps,
  workspaceId: number,
  messageId: number,
  options: ProcessStoredMessageOptions = {},
): Promise<ProcessOutcome> {
  const { repos } = deps;
  const replace = options.replaceDraft ?? false;
  const message = await repos.messages.get(workspaceId, messageId);
  if (message.state === 'sent') return { status: 'unchanged', reason: 'The message has been answered.' };
  const existing = await repos.drafts.byMessage(workspaceId, messageId);
  if (!replace) {
    if (message.state === 'skipped') return { status: 'unchanged', reason: message.stateReason ?? 'Skipped.' };
    if (existing && (existing.status === 'sent' || existing.status === 'discarded')) {
      return { status: 'unchanged', reason: `The draft is ${existing.status}.` };
    }
    if (existing?.status === 'approved') return resumeSend(deps, existing);
  }

  if (!options.composeOnly) await repos.messages.setState(workspaceId, messageId, 'processing');
  const [raw, settings, inbox] = await Promise.all([
    repos.messages.getRaw(workspaceId, messageId),
    repos.settings.get(workspaceId),
    repos.inboxes.get(workspaceId, message.inboxId),
  ]);
  // An agent's link of this conversation to a store customer decides whose data the reply uses,
  // and from which store (context/build.ts reads that account by id).
  const link = await repos.customerLinks.get(workspaceId, { inboxId: message.inboxId, threadKey: message.threadKey });
  const plan = await planStores(repos, workspaceId, link?.integrationId ?? inbox.storeIntegrationId);
  const integration = plan.kind === 'one' ? plan.integration : null;
  if (integration?.status === 'broken') {
    return fail(repos, workspaceId, messageId, brokenReason(integration.statusReason ?? 'it needs to be reconnected'));
  }

  let result: PipelineResult;
  try {
    const llm = deps.llmFor ? await deps.llmFor(workspaceId) : (deps.llm ?? null);
    const store = integration ? await openStore(deps, integration) : null;
    result = await processEmail(raw, {
      store,
      ...(plan.kind === 'all'
        ? { buildContext: (lookup) => contextInStores(deps, workspaceId, plan.integrations, lookup) }
        : {}),
      settings,
      ...(link
        ? {
            customerLink: {
              customerId: link.customerId,
              linkedBy: link.linkedByName,
              linkedByUserId: link.linkedBy,
              linkedAt: link.linkedAt,
            },
          }
        : {}),
      inboxAddresses: [inbox.address],
      contextOptions: {
        recentOrders: Math.max(settings.recentOrdersToMention, 1),
        allowPhone: settings.allowPhone,
        allowAddress: settings.allowAddress,
      },
      ...(llm ? { llm } : {}),
      ...(deps.maxEmailBytes === undefined ? {} : { maxEmailBytes: deps.maxEmailBytes }),
    });
  } catch (error) {
    if (options.composeOnly) throw error;
    if (isAppError(error) && BAD_MAIL.has(error.code)) {
      return fail(repos, workspaceId, messageId, describeError(error));
    }
    if (integration && isAppError(error) && BROKEN_CONNECTION.has(error.code)) {
      const reason = describeError(error);
      await repos.integrations.markBroken(workspaceId, integration.id, reason);
      deps.forgetStore?.(integration.storeHash);
      deps.logger?.warn({ workspaceId, integrationId: integration.id, code: error.code }, 'store connection broken');
      return fail(repos, workspaceId, messageId, brokenReason(reason));
    }
    // Transient (store unavailable, rate limited, database busy): back to `received`, and the
    // queue retries; after the last attempt the queue marks the message failed.
    await repos.messages.setState(workspaceId, messageId, 'received', `Will retry: ${describeError(error)}`);
    throw error;
  }

  if (options.composeOnly) {
    options.composeOnly(result);
    return { status: 'unchanged', reason: 'Composed only.' };
  }
  await repos.messages.setUnderstanding(workspaceId, messageId, {
    intent: result.understanding.intent,
    language: result.understanding.language,
  });
  if (result.skipped || !result.draft || result.delivery?.action === 'none') {
    const reason = result.skipped?.reason ?? result.delivery?.reason ?? 'Nothing to answer.';
    await repos.messages.setState(workspaceId, messageId, 'skipped', reason);
    return { status: 'skipped', reason };
  }

  const draft = await persistDraft(repos, workspaceId, messageId, result, replace ? null : existing);
  const decision = result.delivery ?? { action: 'draft', reason: 'Draft for approval.' };
  if (decision.action !== 'send' || !deps.sendDraft || draft.status === 'sent') {
    return { status: draft.status === 'sent' ? 'sent' : 'drafted', draftId: draft.id, reason: decision.reason };
  }
  // Never to an unverified sender, and not past the hourly caps: a person decides those.
  const held = await autoSendHold(repos, message, settings, { agentLinked: link !== null });
  if (held) {
    await repos.messages.setState(workspaceId, messageId, 'drafted', held);
    deps.logger?.info({ workspaceId, messageId, draftId: draft.id }, 'automatic send held for a person');
    return { status: 'drafted', draftId: draft.id, reason: held };
  }
  if (deps.openFreshStore && draft.status === 'pending') {
    const checked = await recheckBeforeSend(deps, draft);
    if (!checked.send)
      return { status: 'drafted', draftId: checked.draft.id, reason: checked.reason ?? decision.reason };
    return sendOrKeep(deps, checked.draft, checked.reason ?? decision.reason);
  }
  return sendOrKeep(deps, draft, decision.reason);
}

/**
 * Freshness before an automatic send: the reply is composed again from the store without any
 * cache. Same facts: the draft is sent as it is. A fact changed (a status moved on, a shipment
 * appeared): the new draft replaces it, with a note of what changed, and is sent if the rules
 * still say so; otherwise it waits for a person. Store data that cannot be read again keeps it
 * a draft rather than sending what may be stale.
 */
async function recheckBeforeSend(
  deps: ProcessStoredMessageDeps,
  draft: DraftView,
): Promise<{ send: boolean; draft: DraftView; reason: string | null }> {
  const { repos } = deps;
  const { workspaceId, messageId } = draft;
  const openFresh = deps.openFreshStore;
  let fresh: PipelineResult | null = null;
  try {
    if (!openFresh) return { send: true, draft, reason: null };
    await processStoredMessage({ ...deps, openStore: openFresh, sendDraft: undefined }, workspaceId, messageId, {
      replaceDraft: true,
      composeOnly: (result) => {
        fresh = result;
      },
    });
  } catch (error) {
    const reason = `Kept as a draft: the store data could not be read again before sending (${describeError(error)})`;
    await repos.messages.setState(workspaceId, messageId, 'drafted', reason);
    return { send: false, draft, reason };
  }
  const result = fresh as PipelineResult | null;
  const composed = result?.draft;
  if (!result || !composed || result.skipped) {
    return {
      send: false,
      draft,
      reason: 'Kept as a draft: the reply could not be composed again from fresh store data.',
    };
  }
  const decision = result.delivery ?? { action: 'draft', reason: 'Draft for approval.' };
  const changes = compareDrafts(draft, { text: composed.text, evidence: result.evidence });
  if (changes.length === 0) {
    return decision.action === 'send'
      ? { send: true, draft, reason: null }
      : { send: false, draft, reason: decision.reason };
  }
  const what = describeChanges(changes);
  const saved = await repos.drafts.saveDraftForMessage(workspaceId, messageId, {
    subject: composed.subject,
    text: composed.text,
    composer: composed.composer,
    fallbackReason: composed.fallbackReason ?? null,
    // Only what the draft was allowed to use: the withheld fields are never stored.
    context: result.draftContext,
    evidence: withNote(result.evidence, {
      refreshedAt: new Date().toISOString(),
      refreshReason: 'store data changed before sending',
      changes,
    }),
  });
  deps.logger?.info({ workspaceId, draftId: saved.id, changes: changes.length }, 'draft recomposed before sending');
  if (decision.action !== 'send') {
    return { send: false, draft: saved, reason: `Store data changed before sending (${what}); ${decision.reason}` };
  }
  return { send: true, draft: saved, reason: `Sent with fresh store data (${what}).` };
}

type StorePlan =
  { kind: 'one'; integration: IntegrationView | null } | { kind: 'all'; integrations: IntegrationView[] };

/**
 * The inbox's store when it is mapped to one. Unmapped means "look up in all connected stores":
 * with one store (or none) that is the single-store path unchanged; with several, every store is
 * searched (context/multi-store.ts), unless all are broken: then the first, so the message fails
 * with its reason as it would with one store.
 */
async function planStores(repos: Repositories, workspaceId: number, mappedId: number | null): Promise<StorePlan> {
  const all = (await repos.integrations.list(workspaceId)).filter((i) => i.kind === 'bigcommerce');
  const mapped = mappedId === null ? undefined : all.find((i) => i.id === mappedId);
  if (mapped) return { kind: 'one', integration: mapped };
  if (all.length <= 1 || all.every((i) => i.status === 'broken')) return { kind: 'one', integration: all[0] ?? null };
  return { kind: 'all', integrations: all };
}

/**
 * The context from the one store the sender belongs to. A store whose token or hash is refused
 * is marked broken and becomes a notice, and the others still answer. When nobody was found and a
 * store failed for another reason (unavailable), the job is retried rather than answering "we
 * could not find you" from an incomplete search.
 */
async function contextInStores(
  deps: ProcessStoredMessageDeps,
  workspaceId: number,
  integrations: IntegrationView[],
  lookup: Omit<BuildCustomerContextInput, 'store'>,
): Promise<CustomerContext> {
  const usable = integrations.filter((i) => i.status !== 'broken');
  const stores = await Promise.all(
    usable.map(async (i) => ({ key: i, label: i.storeName, store: await openStore(deps, i) })),
  );
  const choice = await buildContextInStores({
    ...lookup,
    stores,
    unreadable: integrations
      .filter((i) => i.status === 'broken')
      .map((i) => ({
        key: i,
        label: i.storeName,
        code: 'integration_broken',
        message: i.statusReason ?? 'it needs to be reconnected.',
      })),
  });
  let retry: unknown;
  for (const failed of choice.lookups) {
    if (failed.ok || failed.error === undefined) continue;
    if (isAppError(failed.error) && BROKEN_CONNECTION.has(failed.error.code)) {
      await deps.repos.integrations.markBroken(workspaceId, failed.key.id, describeError(failed.error));
      deps.forgetStore?.(failed.key.storeHash);
      deps.logger?.warn({ workspaceId, integrationId: failed.key.id, code: failed.code }, 'store connection broken');
    } else {
      retry ??= failed.error;
    }
  }
  if (choice.key === null && retry !== undefined) throw retry;
  deps.logger?.info({ workspaceId, integrationId: choice.key?.id ?? null, match: choice.match }, 'store chosen');
  return choice.context;
}

async function openStore(deps: ProcessStoredMessageDeps, integration: IntegrationView): Promise<StoreDataSource> {
  const { accessToken, storeHash } = await deps.repos.integrations.getWithSecret(
    integration.workspaceId,
    integration.id,
  );
  return deps.openStore({ storeHash, accessToken });
}

async function persistDraft(
  repos: Repositories,
  workspaceId: number,
  messageId: number,
  result: PipelineResult,
  keep: DraftView | null,
): Promise<DraftView> {
  if (keep) {
    // A rerun keeps the first draft (it may have been edited); the message only leaves `processing`.
    await repos.messages.setState(workspaceId, messageId, 'drafted');
    return keep;
  }
  const draft = result.draft;
  if (!draft) throw new Error('persistDraft called without a draft');
  try {
    return await repos.drafts.saveDraftForMessage(workspaceId, messageId, {
      subject: draft.subject,
      text: draft.text,
      composer: draft.composer,
      fallbackReason: draft.fallbackReason ?? null,
      // Only what the draft was allowed to use: the withheld fields are never stored.
      context: result.draftContext,
      evidence: result.evidence,
    });
  } catch (error) {
    // Approved or sent meanwhile, or a concurrent run inserted it first: that draft stands.
    if (!isDbError(error, 'conflict') && !isUniqueViolation(error)) throw error;
    const current = await repos.drafts.byMessage(workspaceId, messageId);
    if (!current) throw error;
    return current;
  }
}

async function sendOrKeep(deps: ProcessStoredMessageDeps, draft: DraftView, reason: string): Promise<ProcessOutcome> {
  try {
    await deps.sendDraft?.(draft.workspaceId, draft.id, 'system');
    return { status: 'sent', draftId: draft.id, reason };
  } catch (error) {
    // A final refusal is recorded on the draft by sendDraft; the draft waits for a person.
    if (isRetryable(error)) throw error;
    return { status: 'failed', reason: describeError(error) };
  }
}

/**
 * An approved draft found by a later run of the job:
 * - `send-retry`: the last attempt failed before the SMTP server accepted it: send again;
 * - `sending`: a run died mid-send (or another worker is sending it right now). Whether the server
 *   accepted it is unknown, and a reply is sent at most once, so it is not sent again
 *   automatically: the draft becomes `failed` with a reason that says to check the Sent folder
 *   (a concurrent sender that does finish still records it `sent`: failed → sent is allowed).
 */
async function resumeSend(deps: ProcessStoredMessageDeps, draft: DraftView): Promise<ProcessOutcome> {
  if (draft.statusReason === SEND_RETRY_REASON && deps.sendDraft) {
    return sendOrKeep(deps, draft, 'Retrying a send that failed before the server accepted it.');
  }
  if (draft.statusReason === SENDING_REASON) {
    try {
      await deps.repos.drafts.setStatus(draft.workspaceId, draft.id, 'failed', INTERRUPTED_SEND_REASON);
    } catch (error) {
      if (!isDbError(error, 'conflict')) throw error; // sent meanwhile by the other worker
    }
    deps.logger?.warn({ workspaceId: draft.workspaceId, draftId: draft.id }, 'interrupted send not repeated');
    return { status: 'unchanged', reason: INTERRUPTED_SEND_REASON };
  }
  return { status: 'unchanged', reason: 'The draft is approved.' };
}

async function fail(repos: Repositories, workspaceId: number, messageId: number, reason: string) {
  await repos.messages.setState(workspaceId, messageId, 'failed', reason);
  return { status: 'failed', reason } as const;
}

function brokenReason(reason: string): string {
  return `The BigCommerce connection is broken: ${reason} Reconnect the store, then retry this message.`;
}

export function isRetryable(error: unknown): boolean {
  if (isAppError(error)) return error.retryable;
  return (error as { retryable?: unknown } | null)?.retryable !== false;
}

/** Two first runs racing on PostgreSQL: the loser's INSERT hits UNIQUE(message_id). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
