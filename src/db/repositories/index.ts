/**
 * All repositories over one database. `transaction(fn)` hands `fn` the same repositories bound
 * to one transaction, so callers can make several writes atomic (e.g. a status change and its
 * audit entry); functions that open their own transaction join it.
 */
import type { Database } from '../connect.js';
import type { SecretKey } from '../secrets.js';
import type { EnqueuedJob, JobCommittedHook, JobEnqueuedHook, RepoContext } from '../tx.js';
import { announceCommitted, contextFor } from '../tx.js';
import type { AuditRepository } from './audit.js';
import type { AutonomyRepository } from './autonomy.js';
import { createAutonomyRepository } from './autonomy.js';
import { createAuditRepository } from './audit.js';
import type { AuthRepository } from './auth.js';
import { createAuthRepository } from './auth.js';
import type { ConversationsRepository } from './conversations.js';
import { createConversationsRepository } from './conversations.js';
import type { CustomerLinksRepository } from './customer-links.js';
import { createCustomerLinksRepository } from './customer-links.js';
import type { DraftsRepository } from './drafts.js';
import { createDraftsRepository } from './drafts.js';
import type { ForwardingRepository } from './forwarding.js';
import { createForwardingRepository } from './forwarding.js';
import type { InboxesRepository } from './inboxes.js';
import { createInboxesRepository } from './inboxes.js';
import type { IntegrationsRepository } from './integrations.js';
import { createIntegrationsRepository } from './integrations.js';
import type { InvitationsRepository } from './invitations.js';
import { createInvitationsRepository } from './invitations.js';
import type { JobsRepository } from './jobs.js';
import { createJobsRepository } from './jobs.js';
import type { LoginAttemptsRepository } from './login-attempts.js';
import { createLoginAttemptsRepository } from './login-attempts.js';
import type { LeasesRepository } from './leases.js';
import { createLeasesRepository } from './leases.js';
import type { MailboxStateRepository } from './mailbox-state.js';
import { createMailboxStateRepository } from './mailbox-state.js';
import type { MessagesRepository } from './messages.js';
import { createMessagesRepository } from './messages.js';
import type { OAuthFlowsRepository } from './oauth-flows.js';
import { createOAuthFlowsRepository } from './oauth-flows.js';
import type { PasswordResetsRepository } from './password-resets.js';
import { createPasswordResetsRepository } from './password-resets.js';
import type { PrefsRepository } from './prefs.js';
import type { QueueRepository } from './queue.js';
import { createQueueRepository } from './queue.js';
import { createPrefsRepository } from './prefs.js';
import type { SecretsRepository } from './secrets.js';
import { createSecretsRepository } from './secrets.js';
import type { SenderAuthRepository } from './sender-auth.js';
import { createSenderAuthRepository } from './sender-auth.js';
import type { SettingsRepository } from './settings.js';
import type { ShadowRepository } from './shadow.js';
import { createShadowRepository } from './shadow.js';
import { createSettingsRepository } from './settings.js';
import type { UsersRepository } from './users.js';
import { createUsersRepository } from './users.js';
import type { WorkspacesRepository } from './workspaces.js';
import { createWorkspacesRepository } from './workspaces.js';

export interface Repositories {
  workspaces: WorkspacesRepository;
  users: UsersRepository;
  auth: AuthRepository;
  loginAttempts: LoginAttemptsRepository;
  invitations: InvitationsRepository;
  passwordResets: PasswordResetsRepository;
  secrets: SecretsRepository;
  integrations: IntegrationsRepository;
  inboxes: InboxesRepository;
  oauthFlows: OAuthFlowsRepository;
  messages: MessagesRepository;
  queue: QueueRepository;
  conversations: ConversationsRepository;
  jobs: JobsRepository;
  drafts: DraftsRepository;
  settings: SettingsRepository;
  audit: AuditRepository;
  mailboxState: MailboxStateRepository;
  prefs: PrefsRepository;
  leases: LeasesRepository;
  shadow: ShadowRepository;
  autonomy: AutonomyRepository;
  senderAuth: SenderAuthRepository;
  forwarding: ForwardingRepository;
  customerLinks: CustomerLinksRepository;
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

export interface RepositoriesOptions {
  /**
   * Runs inside the transaction that inserts a job row (a message and its job are one write), with
   * an executor bound to that transaction: an external queue (pg-boss) enqueues its own job there,
   * so the message, our job row and the queue's job commit or roll back together.
   */
  onJobEnqueued?: JobEnqueuedHook;
  /**
   * Runs once a job row is visible to other connections (after its transaction commits): an
   * in-process queue wakes, so a new job starts at once instead of at the next poll.
   */
  onJobCommitted?: JobCommittedHook;
}

export function createRepositories(
  database: Database,
  secretKey: SecretKey,
  options: RepositoriesOptions = {},
): Repositories {
  return build({
    ...contextFor(database, secretKey),
    ...(options.onJobEnqueued ? { onJobEnqueued: options.onJobEnqueued } : {}),
    ...(options.onJobCommitted ? { onJobCommitted: options.onJobCommitted } : {}),
  });
}

function build(ctx: RepoContext): Repositories {
  return {
    workspaces: createWorkspacesRepository(ctx),
    users: createUsersRepository(ctx),
    auth: createAuthRepository(ctx),
    loginAttempts: createLoginAttemptsRepository(ctx),
    invitations: createInvitationsRepository(ctx),
    passwordResets: createPasswordResetsRepository(ctx),
    secrets: createSecretsRepository(ctx),
    integrations: createIntegrationsRepository(ctx),
    inboxes: createInboxesRepository(ctx),
    oauthFlows: createOAuthFlowsRepository(ctx),
    messages: createMessagesRepository(ctx),
    queue: createQueueRepository(ctx),
    conversations: createConversationsRepository(ctx),
    jobs: createJobsRepository(ctx),
    drafts: createDraftsRepository(ctx),
    settings: createSettingsRepository(ctx),
    audit: createAuditRepository(ctx),
    mailboxState: createMailboxStateRepository(ctx),
    prefs: createPrefsRepository(ctx),
    leases: createLeasesRepository(ctx),
    shadow: createShadowRepository(ctx),
    autonomy: createAutonomyRepository(ctx),
    senderAuth: createSenderAuthRepository(ctx),
    forwarding: createForwardingRepository(ctx),
    customerLinks: createCustomerLinksRepository(ctx),
    transaction: async (fn) => {
      if (ctx.db.isTransaction) return fn(build(ctx));
      const pendingJobs: EnqueuedJob[] = [];
      const result = await ctx.db.transaction().execute((trx) => fn(build({ ...ctx, db: trx, pendingJobs })));
      announceCommitted(ctx, pendingJobs);
      return result;
    },
  };
}
