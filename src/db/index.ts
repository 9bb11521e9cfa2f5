/** The storage layer's public surface; other modules import from here, not from the files inside. */
export { openDatabase, describeUrl, DEFAULT_DATA_DIR } from './connect.js';
export type { Database, OpenDatabaseOptions } from './connect.js';
export { migrateToLatest, migrationsFor } from './migrations.js';
export { DbError, isDbError } from './errors.js';
export type { DbErrorCode } from './errors.js';
export * from './schema.js';
export {
  SecretKey,
  SECRET_KEY_ENV,
  KEY_FILE_NAME,
  generateSecretKey,
  parseSecretKey,
  loadSecretKey,
  keyFilePath,
  encryptSecret,
  decryptSecret,
  mask,
  maskLast4,
  last4,
  rotateSecrets,
  rotateSecretKeyFile,
} from './secrets.js';
export type {
  EncryptedSecret,
  LoadSecretKeyOptions,
  RotationResult,
  SecretContext,
  SecretKeySource,
} from './secrets.js';
export { createRepositories } from './repositories/index.js';
export type { Repositories, RepositoriesOptions } from './repositories/index.js';
export type { Lease, LeasesRepository } from './repositories/leases.js';
export type { EnqueuedJob, JobCommittedHook, JobEnqueuedHook, SqlExecutor } from './tx.js';
export { AUDIT_ACTIONS, AUDIT_ACTOR, userActor } from './repositories/audit.js';
export type {
  AuditAction,
  AuditActor,
  AuditEntry,
  AuditEntryInput,
  AuditPage,
  AuditPageOptions,
  AuditRepository,
} from './repositories/audit.js';
export { API_TOKEN_SCOPES, hashToken } from './repositories/auth.js';
export type { ApiToken, ApiTokenScope, AuthRepository, Session } from './repositories/auth.js';
export {
  DRAFT_TRANSITIONS,
  SCHEDULED_REASON,
  SEND_DRAFT_JOB,
  WAITING_RECONNECT_PREFIX,
} from './repositories/drafts.js';
export type { DraftInput, DraftView, DraftsRepository } from './repositories/drafts.js';
export { EDIT_FOLD_MS } from './repositories/draft-versions.js';
export type { DraftVersion } from './repositories/draft-versions.js';
export { ASSIGNEE_FILTERS, QUEUES } from './repositories/queue.js';
export type {
  Conversation,
  CustomerLinkInput,
  CustomerLinkView,
  CustomerLinksRepository,
} from './repositories/customer-links.js';
export type {
  AssigneeFilter,
  QueueCountsOptions,
  QueueCounts,
  QueueCursor,
  QueueItem,
  QueueName,
  QueuePage,
  QueuePageOptions,
  QueueRepository,
} from './repositories/queue.js';
export { MAX_NOTE_LENGTH, replyTime } from './repositories/conversations.js';
export type {
  Assignee,
  ConversationHistory,
  ConversationNote,
  ConversationRef,
  ConversationsRepository,
  HistoryMessage,
  HistoryReply,
} from './repositories/conversations.js';
export { mailServerSettingsSchema, normalizeInboxAddress } from './repositories/inboxes.js';
export { FORWARDING_TOKEN_PATTERN, newForwardingToken } from './forwarding-token.js';
export type {
  InboxInput,
  InboxView,
  InboxesRepository,
  MailServerSettings,
  OAuthInboxInput,
} from './repositories/inboxes.js';
export type { ConnectInput, IntegrationView, IntegrationsRepository } from './repositories/integrations.js';
export { DEFAULT_LOCK_MS, DEFAULT_MAX_ATTEMPTS, defaultBackoffMs } from './repositories/jobs.js';
export type { ClaimOptions, ClaimedJob, EnqueueInput, FailOptions, Job, JobsRepository } from './repositories/jobs.js';
export { hashState } from './repositories/oauth-flows.js';
export type { OAuthFlow, OAuthFlowInput, OAuthFlowRefusal, OAuthFlowsRepository } from './repositories/oauth-flows.js';
export type { MailboxState, MailboxStateRepository } from './repositories/mailbox-state.js';
export type { LlmSettings, PrefsRepository } from './repositories/prefs.js';
export { PROCESS_MESSAGE_JOB } from './repositories/messages.js';
export type {
  IncomingMessageInput,
  ListMessagesOptions,
  MessagesRepository,
  StoreIncomingResult,
  StoredMessage,
} from './repositories/messages.js';
export type { SecretView, SecretsRepository } from './repositories/secrets.js';
export type { SenderAuthRepository } from './repositories/sender-auth.js';
export { CHECK_WINDOW_MS, TEST_TOKEN_PATTERN } from './repositories/forwarding.js';
export type {
  ArrivalInput,
  ForwardingCheckView,
  ForwardingConfirmationInput,
  ForwardingConfirmationView,
  ForwardingRepository,
} from './repositories/forwarding.js';
export { workspaceSettingsPatchSchema, workspaceSettingsSchema } from '../shared/workspace-settings.js';
export type { SettingsRepository } from './repositories/settings.js';
export { LAST_OWNER_MESSAGE, normalizeEmail } from './repositories/users.js';
export { LINK_INVALID_MESSAGE } from './repositories/invitations.js';
export type { AcceptedInvitation, Invitation, InvitationsRepository } from './repositories/invitations.js';
export type { PasswordResetsRepository } from './repositories/password-resets.js';
export type { Member, User, UsersRepository } from './repositories/users.js';
export type { EnabledIntegration, Workspace, WorkspacesRepository } from './repositories/workspaces.js';
export type {
  ShadowEvidence,
  ShadowItemInput,
  ShadowItemView,
  ShadowRepository,
  ShadowRunInput,
  ShadowRunView,
} from './repositories/shadow.js';
export type { AutonomyRepository, ReplyOutcome, ReplyOutcomeInput } from './repositories/autonomy.js';
