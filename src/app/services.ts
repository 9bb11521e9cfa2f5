/**
 * The services the web app (and the adapters) call: ingest, regenerate, send, connection tests.
 * The web app codes against `AppServices`; `createServices` wires it to the repositories, the
 * job queue's wake-up, the store clients and the mail transport.
 */
import { EventEmitter } from 'node:events';
import type { ClaimedJob, Database, Repositories } from '../db/index.js';
import { SEND_DRAFT_JOB, mailServerSettingsSchema } from '../db/index.js';
import { testConnection, type ConnectionReport } from '../bigcommerce/index.js';
import type { JobHandler } from '../jobs/index.js';
import { ingestRawEmail, type IngestAuthOptions } from '../pipeline/ingest.js';
import type { LlmComposer } from '../pipeline/process-email.js';
import { processStoredMessage, type ProcessOutcome } from '../pipeline/process-stored-message.js';
import { describeError } from '../shared/errors.js';
import { STRICT_EGRESS, type EgressPolicy } from '../shared/egress.js';
import type { Logger } from '../shared/logger.js';
import {
  imapAccountFor,
  inboxImapAccount,
  oauthImapAccount,
  oauthSmtpAccount,
  smtpAccountFor,
  type MailTransport,
} from './mail.js';
import type { MailOAuth } from './mail-oauth.js';
import type { MailServerPreset, SmtpEnvelope } from '../email/index.js';
import { createSendJobHandler } from './scheduled-send.js';
import { createDraftSender, replyInput, type SendOptions } from './send-draft.js';
import type { StoreProvider } from './stores.js';
import { searchConversationStore, type ConversationStoreSearch } from './customer-search.js';
import type { CustomerSearchQuery } from '../shared/customer-search.js';
import { createWebhookService, type WebhookService } from './webhooks.js';
import type { PipelineResult } from '../pipeline/process-email.js';
import { createShadowProgressHub, type ShadowProgressHub, type WorkspaceShadowDeps } from '../shadow/index.js';

export type MessageEvent = { workspaceId: number; messageId: number };

/** What the SMTP receiver's addresses of an inbox are made of. */
export interface ForwardingInbox {
  id: number;
  forwardingToken: string;
  legacyForwarding: boolean;
}

/** How an inbox's IMAP watcher is doing, for the Inboxes page. */
export interface MailboxStatus {
  connected: boolean;
  /** 'idle' (push) or 'poll' once connected, null before. */
  mode: 'idle' | 'poll' | null;
  /** One line, safe to show (no password). */
  lastError: string | null;
  /** When the watcher last handed a message to storage (ISO), null since it started. */
  lastMessageAt: string | null;
}

/** Per server: null when the login works (or the server was not given), else one line. */
export interface MailboxTestResult {
  imap: string | null;
  smtp: string | null;
}

export interface AppServices {
  ingestRaw(input: {
    workspaceId: number;
    inboxId: number;
    raw: Buffer;
    source: 'imap' | 'smtp' | 'http';
    /** The SMTP envelope of a message our own receiver accepted (sender authentication uses it). */
    envelope?: SmtpEnvelope;
  }): Promise<{ messageId: number; created: boolean }>;
  regenerateDraft(workspaceId: number, messageId: number, actor: string): Promise<void>;
  /** The agent's search of the conversation's store for the right customer (GET only, never cached). */
  searchCustomers(workspaceId: number, messageId: number, query: CustomerSearchQuery): Promise<ConversationStoreSearch>;
  /** Approve + send over SMTP; idempotent by draft id. With a token: only that scheduled send. */
  sendDraft(workspaceId: number, draftId: number, actor: string, options?: SendOptions): Promise<void>;
  /** From src/bigcommerce; uses the configured API URL. */
  testBigCommerce(input: { storeHash: string; accessToken: string }): Promise<ConnectionReport>;
  /**
   * Logs in to the IMAP and/or SMTP server given (nothing is read or sent): null = ok, else one
   * line that says what to check. Run by the Test button and before an inbox's servers are saved.
   */
  testMailbox(input: { imap?: unknown; smtp?: unknown; password?: string }): Promise<MailboxTestResult>;
  /** The IMAP watcher's state for an inbox of this workspace; null when none runs for it. */
  mailboxStatus?(workspaceId: number, inboxId: number): MailboxStatus | null;
  /** BigCommerce webhooks (opt-in registration and the receiver); absent without a database handle. */
  webhooks?: WebhookService;
  events: {
    on(event: 'message', listener: (e: MessageEvent) => void): void;
    off(event: 'message', listener: (e: MessageEvent) => void): void;
  };
  /**
   * Logs in to a signed-in mailbox's IMAP and SMTP servers with its access token (XOAUTH2),
   * before it is saved: null per server when the login works, else one line.
   */
  testSignedInMailbox?(input: {
    address: string;
    accessToken: string;
    imap: MailServerPreset;
    smtp: MailServerPreset;
  }): Promise<MailboxTestResult>;
  /** "Sign in with Google / Microsoft" for inboxes (absent: not wired, e.g. some tests). */
  mailOAuth?: MailOAuth;
  /**
   * An OAuth inbox was connected or reconnected: its watcher starts (resuming from its last
   * UID) and replies that waited for it are scheduled to leave now. Returns how many waited.
   */
  inboxSignedIn?(workspaceId: number, inboxId: number): Promise<number>;
  /** Progress of the shadow runs this process executes (their pages listen to it). */
  shadowProgress: ShadowProgressHub;
  /** Replaces how a shadow run started from the web reads past mail and the store (tests only). */
  shadowRunOverrides?: Pick<WorkspaceShadowDeps, 'readMailbox' | 'openStore'>;
  config: {
    apiUrl: string;
    /** The inbox's forwarding address `inbox-<token>@<domain>`, or null when the receiver is off. */
    smtpReceiverAddressFor(inbox: ForwardingInbox): string | null;
    /** The old address `inbox-<id>@<domain>` while the owner keeps it on; null otherwise. */
    smtpReceiverLegacyAddressFor?(inbox: ForwardingInbox): string | null;
    /** Which private mail hosts the operator allows (shadow runs read mailboxes with it). */
    egress?: EgressPolicy;
  };
}

export interface ServicesDeps {
  repos: Repositories;
  mail: MailTransport;
  stores: StoreProvider;
  /** The BigCommerce API base for this process (see docs/architecture.md, "Configuration"). */
  apiUrl: string;
  logger: Logger;
  llm?: LlmComposer | null;
  /** The composer per workspace (its saved LLM choice); replaces `llm` when set. */
  llmFor?: (workspaceId: number) => Promise<LlmComposer | null>;
  /** Tells the queue a job is waiting (the embedded queue's `wake`). */
  wake?: () => void;
  /** The SMTP receiver's forwarding address for an inbox, or null when it is not running. */
  receiverAddressFor?: (inbox: ForwardingInbox) => string | null;
  /** The old `inbox-<id>@` address when the inbox keeps it on and the receiver runs; else null. */
  receiverLegacyAddressFor?: (inbox: ForwardingInbox) => string | null;
  /** Whether an inbox (with IMAP settings) also gets each new draft in its Drafts folder. */
  appendDraftsFor?: (workspaceId: number, inboxId: number) => Promise<boolean>;
  sendAttempts?: number;
  sendRetryDelayMs?: number;
  /** Late-bound: the IMAP watchers start after the services (see server.ts). */
  mailboxStatus?: (workspaceId: number, inboxId: number) => MailboxStatus | null;
  /** The database, for the webhook tables; without it there are no webhooks. */
  db?: Database;
  /** SNOOOZ_PUBLIC_URL: the HTTPS base BigCommerce delivers webhooks to. */
  publicUrl?: string | null;
  /** Sender authentication at ingest: our receiver's name and the DNS resolver (tests: a stub). */
  senderAuth?: IngestAuthOptions;
  /**
   * Which private hosts an inbox's IMAP/SMTP server may be (SNOOOZ_ALLOW_PRIVATE_HOSTS); default
   * none: a tenant chooses the host, so loopback and private networks are refused.
   */
  egress?: EgressPolicy;
  /** Sign-in with Google / Microsoft and the access tokens of those inboxes. */
  mailOAuth?: MailOAuth;
  /** Late-bound: restarts the IMAP watchers to match the inboxes (see server.ts). */
  refreshWatchers?: () => Promise<void>;
}

/**
 * `testMailbox` over a mail transport: the settings are checked first, then both servers are
 * tried at once, the tenant's hosts through the egress guard like every other connection.
 */
export function createMailboxTester(
  mail: Pick<MailTransport, 'testImap' | 'testSmtp'>,
  egress: EgressPolicy,
): AppServices['testMailbox'] {
  return async (input) => {
    const password = input.password ?? null;
    const run = async (what: 'IMAP' | 'SMTP', value: unknown): Promise<string | null> => {
      if (value === undefined || value === null) return null;
      const parsed = mailServerSettingsSchema.safeParse(value);
      if (!parsed.success) return `${what} settings are invalid: ${parsed.error.issues[0]?.message ?? 'check them'}.`;
      return what === 'IMAP'
        ? mail.testImap(imapAccountFor(parsed.data, password, egress))
        : mail.testSmtp(smtpAccountFor(parsed.data, password, egress));
    };
    const [imap, smtp] = await Promise.all([run('IMAP', input.imap), run('SMTP', input.smtp)]);
    return { imap, smtp };
  };
}

/** The services plus what only the composition root uses. */
export interface Services extends AppServices {
  /** The job handler for `process_message` and `send_draft` jobs. */
  handleJob: JobHandler;
}

export function createServices(deps: ServicesDeps): Services {
  const { repos, logger } = deps;
  const egress = deps.egress ?? STRICT_EGRESS;
  const emitter = new EventEmitter();
  const sendDraft = createDraftSender({
    repos,
    mail: deps.mail,
    logger,
    egress,
    tokens: deps.mailOAuth ?? null,
    ...(deps.sendAttempts === undefined ? {} : { sendAttempts: deps.sendAttempts }),
    ...(deps.sendRetryDelayMs === undefined ? {} : { retryDelayMs: deps.sendRetryDelayMs }),
  });
  const pipelineDeps = {
    repos,
    openStore: deps.stores.open,
    forgetStore: deps.stores.forget,
    llm: deps.llm ?? null,
    ...(deps.llmFor ? { llmFor: deps.llmFor } : {}),
    sendDraft,
    ...(deps.stores.openUncached ? { openFreshStore: deps.stores.openUncached } : {}),
    logger,
  };
  const webhooks = deps.db
    ? createWebhookService({
        db: deps.db,
        repos,
        stores: deps.stores,
        apiUrl: deps.apiUrl,
        publicUrl: deps.publicUrl ?? null,
        logger,
        async compose(workspaceId, messageId) {
          let composed: PipelineResult | null = null;
          await processStoredMessage(pipelineDeps, workspaceId, messageId, {
            replaceDraft: true,
            composeOnly: (result) => {
              composed = result;
            },
          });
          return composed;
        },
        onDraftRefreshed: (workspaceId, messageId) =>
          emitter.emit('message', { workspaceId, messageId } satisfies MessageEvent),
      })
    : undefined;

  async function afterProcessing(workspaceId: number, messageId: number, outcome: ProcessOutcome): Promise<void> {
    logger.info({ workspaceId, messageId, outcome: outcome.status }, 'message processed');
    if (outcome.status === 'drafted' && deps.appendDraftsFor)
      await fileInDrafts(workspaceId, messageId, outcome.draftId);
    emitter.emit('message', { workspaceId, messageId } satisfies MessageEvent);
  }

  /** Best effort: the draft is safe in our database whether or not the mailbox takes a copy. */
  async function fileInDrafts(workspaceId: number, messageId: number, draftId: number): Promise<void> {
    try {
      const message = await repos.messages.get(workspaceId, messageId);
      if (!(await deps.appendDraftsFor?.(workspaceId, message.inboxId))) return;
      const inbox = await repos.inboxes.getWithSecret(workspaceId, message.inboxId);
      if (!inbox.imap) return;
      const draft = await repos.drafts.get(workspaceId, draftId);
      const mime = await deps.mail.buildReply(await replyInput(repos, draft, message, inbox));
      const account = inboxImapAccount(inbox, inbox.imap, egress, deps.mailOAuth ?? null);
      const filed = await deps.mail.appendDraft(account, mime.raw);
      logger.info({ workspaceId, draftId, mailbox: filed.mailbox }, 'draft filed in the mailbox');
    } catch (error) {
      logger.warn({ workspaceId, draftId, err: describeError(error) }, 'could not file the draft in the mailbox');
    }
  }

  const handleSendJob = createSendJobHandler({
    repos,
    sendDraft,
    logger,
    onSettled: (workspaceId, messageId) => emitter.emit('message', { workspaceId, messageId } satisfies MessageEvent),
  });

  const handleJob: JobHandler = async (job: ClaimedJob) => {
    if (job.kind === SEND_DRAFT_JOB) return handleSendJob(job);
    const messageId = job.messageId ?? (job.payload as { messageId?: number } | null)?.messageId;
    if (typeof messageId !== 'number') throw new Error(`Job ${job.id} names no message.`);
    const outcome = await processStoredMessage(pipelineDeps, job.workspaceId, messageId);
    await afterProcessing(job.workspaceId, messageId, outcome);
  };

  return {
    handleJob,

    async ingestRaw(input) {
      const result = await ingestRawEmail(repos, input, deps.senderAuth);
      if (result.created) deps.wake?.();
      logger.info(
        {
          workspaceId: input.workspaceId,
          messageId: result.message.id,
          source: input.source,
          created: result.created,
          arrival: result.arrival,
        },
        'message received',
      );
      // Settled at ingest (a forwarding confirmation, a test message): no job will announce it.
      if (result.created && result.jobId === null) {
        emitter.emit('message', {
          workspaceId: input.workspaceId,
          messageId: result.message.id,
        } satisfies MessageEvent);
      }
      return { messageId: result.message.id, created: result.created };
    },

    async regenerateDraft(workspaceId, messageId, actor) {
      const outcome = await processStoredMessage(pipelineDeps, workspaceId, messageId, { replaceDraft: true });
      logger.info({ workspaceId, messageId, actor }, 'draft regenerated');
      await afterProcessing(workspaceId, messageId, outcome);
    },

    searchCustomers: (workspaceId, messageId, query) =>
      searchConversationStore(deps.repos, deps.stores.openUncached ?? deps.stores.open, workspaceId, messageId, query),

    sendDraft,

    testBigCommerce: ({ storeHash, accessToken }) => testConnection({ storeHash, accessToken, apiUrl: deps.apiUrl }),

    testMailbox: createMailboxTester(deps.mail, egress),

    mailboxStatus: (workspaceId, inboxId) => deps.mailboxStatus?.(workspaceId, inboxId) ?? null,

    ...(webhooks ? { webhooks } : {}),

    events: {
      on: (event, listener) => void emitter.on(event, listener),
      off: (event, listener) => void emitter.off(event, listener),
    },

    shadowProgress: createShadowProgressHub(),

    ...(deps.mailOAuth ? { mailOAuth: deps.mailOAuth } : {}),

    async testSignedInMailbox(input) {
      const settings = (s: MailServerPreset) => ({ ...s, user: input.address });
      const [imap, smtp] = await Promise.all([
        deps.mail.testImap(oauthImapAccount(settings(input.imap), egress, async () => input.accessToken)),
        deps.mail.testSmtp(oauthSmtpAccount(settings(input.smtp), egress, input.accessToken)),
      ]);
      return { imap, smtp };
    },

    async inboxSignedIn(workspaceId, inboxId) {
      await deps.refreshWatchers?.();
      const resumed = await repos.drafts.resumeWaitingForReconnect(workspaceId, inboxId);
      if (resumed > 0) deps.wake?.();
      return resumed;
    },

    config: {
      apiUrl: deps.apiUrl,
      smtpReceiverAddressFor: (inbox) => deps.receiverAddressFor?.(inbox) ?? null,
      smtpReceiverLegacyAddressFor: (inbox) => deps.receiverLegacyAddressFor?.(inbox) ?? null,
      egress,
    },
  };
}
