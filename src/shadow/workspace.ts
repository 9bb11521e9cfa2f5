/**
 * A shadow run for a workspace: its inbox's IMAP account (read-only), its connected store
 * (read-only BigCommerce client), its reply settings; the run and its items are stored in
 * `shadow_runs`/`shadow_items`. Nothing is sent, no message or draft row is created, and the
 * mailbox is only EXAMINEd. Used by `snoooz shadow` and the Shadow mode page.
 */
import { createBigCommerceStore } from '../bigcommerce/index.js';
import { createCachedStore } from '../context/index.js';
import type { AuditActor, IntegrationView, Repositories, ShadowRunView } from '../db/index.js';
import type { ImapAccount } from '../email/imap/account.js';
import { STRICT_EGRESS, type EgressPolicy } from '../shared/egress.js';
import { AppError, describeError } from '../shared/errors.js';
import type { StoreDataSource } from '../shared/store-data.js';
import { readShadowMailbox, type ReadShadowMailboxOptions } from './mailbox.js';
import { NO_PROGRESS, type ShadowProgress, type ShadowProgressEvent } from './progress.js';
import { runShadow, toSummaryInput, type ShadowItem } from './run.js';
import { createSentReplyLookup, parseSentReplies } from './sent-replies.js';
import { summariseShadow, type ShadowSummary } from './summary.js';

export interface ShadowRunRequest {
  inboxId: number;
  /** An IMAP folder; default INBOX. */
  folder?: string | null;
  /** YYYY-MM-DD (inclusive). */
  since?: string | null;
  /** YYYY-MM-DD (exclusive). */
  until?: string | null;
}

export interface WorkspaceShadowDeps {
  repos: Repositories;
  /** The BigCommerce API base of this process. */
  apiUrl: string;
  /** Replaces the BigCommerce client (tests). */
  openStore?: (input: { storeHash: string; accessToken: string }) => StoreDataSource;
  /** Replaces the IMAP read of past mail (tests). */
  readMailbox?: typeof readShadowMailbox;
  /** Told as the run goes: reading the mailbox, after each email, and once when it ends. */
  onProgress?: (event: ShadowProgressEvent) => void;
  mailboxOptions?: ReadShadowMailboxOptions;
  now?: () => Date;
  /** Which private IMAP hosts the operator allows (default: public addresses only). */
  egress?: EgressPolicy;
  /** Access tokens of inboxes that sign in with Google or Microsoft (the serving process has them). */
  accessToken?: (workspaceId: number, inboxId: number) => Promise<string>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string | null | undefined, what: string): Date | null {
  if (value == null || value === '') return null;
  const date = new Date(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new AppError('invalid_option', `${what} must be a date as YYYY-MM-DD.`);
  }
  return date;
}

/**
 * Checks the request and creates the run (status `running`); `execute` then does the work. Split
 * so the web page can answer at once and let the run finish in the background.
 */
export async function startWorkspaceShadow(
  deps: WorkspaceShadowDeps,
  workspaceId: number,
  request: ShadowRunRequest,
  actor: AuditActor,
): Promise<{ run: ShadowRunView; execute: () => Promise<ShadowRunView> }> {
  const since = parseDay(request.since, 'The start date');
  const until = parseDay(request.until, 'The end date');
  if (since && until && until <= since)
    throw new AppError('invalid_option', 'The end date must be after the start date.');
  const inbox = await deps.repos.inboxes.get(workspaceId, request.inboxId);
  if (!inbox.imap) {
    throw new AppError(
      'invalid_option',
      `The inbox ${inbox.address} has no IMAP settings, so its past mail cannot be read.`,
    );
  }
  const run = await deps.repos.transaction(async (tx) => {
    const created = await tx.shadow.createRun(workspaceId, {
      inboxId: inbox.id,
      folder: request.folder?.trim() || 'INBOX',
      since: request.since || null,
      until: request.until || null,
      createdBy: actor,
    });
    await tx.audit.append(workspaceId, {
      actor,
      action: 'shadow.started',
      target: `shadow_run:${created.id}`,
      detail: { inboxId: inbox.id, folder: created.folder, since: created.since, until: created.until },
    });
    return created;
  });
  return {
    run,
    execute: async () => {
      let progress: ShadowProgress = NO_PROGRESS;
      const report = (status: ShadowProgressEvent['status'], next: ShadowProgress = progress) => {
        progress = next;
        try {
          deps.onProgress?.({ workspaceId, runId: run.id, status, progress });
        } catch {
          // Progress is for watching; a listener's failure must not fail the run.
        }
      };
      let ended: 'done' | 'failed' = 'failed';
      try {
        report('running');
        const summary = await execute(deps, workspaceId, run, { since, until }, (next) => report('running', next));
        const done = await deps.repos.shadow.finishRun(workspaceId, run.id, { emails: summary.total.emails, summary });
        ended = 'done';
        return done;
      } catch (error) {
        return await deps.repos.shadow.failRun(workspaceId, run.id, describeError(error));
      } finally {
        // After the result is stored, so a page that reacts to it reads the finished run.
        report(ended);
      }
    },
  };
}

/** Creates and completes a run (the CLI's path). */
export async function runWorkspaceShadow(
  deps: WorkspaceShadowDeps,
  workspaceId: number,
  request: ShadowRunRequest,
  actor: AuditActor,
): Promise<ShadowRunView> {
  const started = await startWorkspaceShadow(deps, workspaceId, request, actor);
  return started.execute();
}

async function execute(
  deps: WorkspaceShadowDeps,
  workspaceId: number,
  run: ShadowRunView,
  range: { since: Date | null; until: Date | null },
  onProgress: (progress: ShadowProgress) => void,
): Promise<ShadowSummary> {
  const { repos } = deps;
  const inbox = await repos.inboxes.getWithSecret(workspaceId, run.inboxId);
  if (!inbox.imap) throw new AppError('invalid_option', `The inbox ${inbox.address} has no IMAP settings.`);
  const accessToken = deps.accessToken;
  if (inbox.oauthProvider && !accessToken) {
    throw new AppError(
      'oauth_not_configured',
      `The inbox ${inbox.address} signs in with its provider, which is not set up here: set the same SNOOOZ_${inbox.oauthProvider.toUpperCase()}_* settings and SNOOOZ_PUBLIC_URL as the server, or start the run from the web app.`,
    );
  }
  const account: ImapAccount = {
    egress: deps.egress ?? STRICT_EGRESS,
    host: inbox.imap.host,
    port: inbox.imap.port,
    secure: inbox.imap.secure,
    user: inbox.imap.user,
    auth: { password: inbox.password ?? '' },
    ...(inbox.oauthProvider && accessToken ? { getAccessToken: () => accessToken(workspaceId, inbox.id) } : {}),
  };
  const mailbox = await (deps.readMailbox ?? readShadowMailbox)(
    account,
    { folder: run.folder, since: range.since, until: range.until },
    deps.mailboxOptions,
  );
  const sentReplies = createSentReplyLookup(await parseSentReplies(mailbox.sent));
  const store = await openWorkspaceStore(deps, workspaceId, inbox.storeIntegrationId);
  const settings = await repos.settings.get(workspaceId);

  const items: ShadowItem[] = [];
  await runShadow({
    messages: mailbox.messages,
    sentReplies,
    store,
    settings,
    inboxAddresses: [inbox.address],
    ...(deps.now ? { now: deps.now } : {}),
    total: mailbox.messages.length,
    onProgress,
    onItem: async (item) => {
      items.push(item);
      await repos.shadow.addItems(workspaceId, run.id, [toItemInput(item)]);
    },
  });
  return summariseShadow(items.map(toSummaryInput));
}

/** The inbox's own store, else the workspace's first connected BigCommerce store; null when none. */
async function openWorkspaceStore(
  deps: WorkspaceShadowDeps,
  workspaceId: number,
  preferredId: number | null,
): Promise<StoreDataSource | null> {
  const all = (await deps.repos.integrations.list(workspaceId)).filter(
    (i: IntegrationView) => i.kind === 'bigcommerce',
  );
  const integration = all.find((i) => i.id === preferredId) ?? all.find((i) => i.status === 'connected') ?? all[0];
  if (!integration) return null;
  const { storeHash, accessToken } = await deps.repos.integrations.getWithSecret(workspaceId, integration.id);
  if (deps.openStore) return deps.openStore({ storeHash, accessToken });
  return createCachedStore(createBigCommerceStore({ storeHash, accessToken, apiUrl: deps.apiUrl }));
}

function toItemInput(item: ShadowItem) {
  return {
    position: item.position,
    emailMessageId: item.emailMessageId,
    fromAddress: item.fromAddress,
    subject: item.subject,
    receivedAt: item.receivedAt,
    intent: item.intent,
    language: item.language,
    skippedReason: item.skipped?.reason ?? null,
    draftText: item.draft,
    wouldSend: item.delivery?.action === 'send',
    deliveryReason: item.delivery?.reason ?? null,
    teamReplyText: item.teamReply?.text ?? null,
    teamReplyMessageId: item.teamReply?.messageId ?? null,
    teamRepliedAt: item.teamReply?.date ?? null,
    matchKind: item.teamReply?.matchedBy ?? null,
    similarity: item.similarity,
  };
}
