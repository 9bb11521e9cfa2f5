/**
 * Row types as Kysely sees them. The same shapes hold on SQLite and PostgreSQL because the
 * migration sticks to portable column types:
 * - timestamps are ISO 8601 UTC text (`toISOString()`), so they sort and compare as strings;
 * - JSON is text, parsed (and validated) by the repositories;
 * - ids are 32-bit integers (AUTOINCREMENT on SQLite, identity on PostgreSQL), which both
 *   drivers return as JS numbers;
 * - there are no boolean columns (enablement is the presence of a row, or a 0/1 integer with a
 *   CHECK where a row would be overkill: `inboxes.append_drafts`).
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export type MembershipRole = 'owner' | 'agent';
export type IntegrationKind = 'bigcommerce';
export type IntegrationStatus = 'connected' | 'broken';
export type SecretKind = 'bigcommerce_token' | 'mail_password' | 'llm_api_key';
export type MessageState = 'received' | 'processing' | 'drafted' | 'sent' | 'skipped' | 'failed';
export type JobState = 'queued' | 'running' | 'done' | 'failed';
export type DraftStatus = 'pending' | 'approved' | 'sent' | 'discarded' | 'failed';

export const MEMBERSHIP_ROLES: readonly MembershipRole[] = ['owner', 'agent'];
export const INTEGRATION_KINDS: readonly IntegrationKind[] = ['bigcommerce'];
export const INTEGRATION_STATUSES: readonly IntegrationStatus[] = ['connected', 'broken'];
export const SECRET_KINDS: readonly SecretKind[] = ['bigcommerce_token', 'mail_password', 'llm_api_key'];
export const MESSAGE_STATES: readonly MessageState[] = [
  'received',
  'processing',
  'drafted',
  'sent',
  'skipped',
  'failed',
];
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed'];
export const DRAFT_STATUSES: readonly DraftStatus[] = ['pending', 'approved', 'sent', 'discarded', 'failed'];

type Id = Generated<number>;
/** Raw MIME: BLOB on SQLite, BYTEA on PostgreSQL; both drivers hand back a Buffer. */
type Bytes = ColumnType<Buffer, Buffer | Uint8Array, Buffer | Uint8Array>;

export interface WorkspacesTable {
  id: Id;
  slug: string;
  name: string;
  created_at: string;
}

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: string;
}

export interface MembershipsTable {
  workspace_id: number;
  user_id: number;
  role: MembershipRole;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session cookie value; the cookie itself is never stored. */
  id: string;
  user_id: number;
  workspace_id: number;
  csrf_token: string;
  expires_at: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: Id;
  workspace_id: number;
  token_hash: string;
  name: string;
  last4: string;
  created_at: string;
  /** Space-separated API token scopes (`read draft send admin`); see migration 011. */
  scopes: Generated<string>;
}

/** An invitation to join a workspace (migration 015): only the hash of the link's token is kept. */
export interface InvitationsTable {
  id: Id;
  workspace_id: number;
  email: string;
  role: MembershipRole;
  token_hash: string;
  invited_by: number | null;
  expires_at: string;
  accepted_at: string | null;
  created_at: string;
}

/** A password-reset link (migration 015): hash only, used at most once. */
export interface PasswordResetsTable {
  id: Id;
  user_id: number;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** Failed sign-ins (migration 012): hashes only, pruned after the throttle window. */
export interface LoginAttemptsTable {
  id: Id;
  account_hash: string;
  client_hash: string;
  failed_at: string;
}

export interface WorkspaceIntegrationsEnabledTable {
  workspace_id: number;
  kind: IntegrationKind;
  enabled_by: string;
  enabled_at: string;
}

export interface SecretsTable {
  id: Id;
  workspace_id: number;
  kind: SecretKind;
  ciphertext: string;
  iv: string;
  tag: string;
  key_id: string;
  last4: string;
  created_at: string;
  updated_at: string;
}

export interface IntegrationsTable {
  id: Id;
  workspace_id: number;
  kind: IntegrationKind;
  store_hash: string;
  store_name: string;
  secret_id: number;
  status: IntegrationStatus;
  status_reason: string | null;
  /** JSON array of granted OAuth scopes. */
  scopes: string;
  last_checked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface InboxesTable {
  id: Id;
  workspace_id: number;
  name: string;
  address: string;
  /** JSON `MailServerSettings` or null (forwarding-only inbox). */
  imap: string | null;
  smtp: string | null;
  password_secret_id: number | null;
  store_integration_id: number | null;
  /** 1: new drafts are also filed in the mailbox's Drafts folder (over IMAP). Defaults to 0. */
  append_drafts: Generated<number>;
  /** The random part of the forwarding address `inbox-<token>@<domain>` (migration 009). */
  forward_token: string;
  /** 1: the old address `inbox-<id>@<domain>` is still accepted (the owner's choice). Defaults to 0. */
  legacy_forwarding: Generated<number>;
  created_at: string;
  updated_at: string;
  /** Whose Authentication-Results to trust (migration 010): a preset (`google`) or an authserv-id. */
  trusted_authserv_id: string | null;
  /** `google` / `microsoft`: logs in with XOAUTH2 and the password secret is the refresh token (017). */
  oauth_provider: OAuthProviderId | null;
  /** Why the provider refused the grant; set until an owner reconnects (017). */
  needs_reconnect: string | null;
  needs_reconnect_at: string | null;
}

export type OAuthProviderId = 'google' | 'microsoft';

/** One started "Sign in with …" (migration 017): taken once, by the session that started it. */
export interface OAuthFlowsTable {
  id: Id;
  workspace_id: number;
  user_id: number;
  session_hash: string;
  provider: OAuthProviderId;
  state_hash: string;
  nonce: string;
  /** JSON `EncryptedSecret` of the PKCE code verifier. */
  code_verifier: string;
  reconnect_inbox_id: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MessagesTable {
  id: Id;
  workspace_id: number;
  inbox_id: number;
  message_id: string;
  thread_key: string;
  from_address: string;
  from_name: string | null;
  subject: string;
  received_at: string;
  raw: Bytes;
  state: MessageState;
  state_reason: string | null;
  intent: string | null;
  language: string | null;
  /** Defaults to 0. */
  attempts: Generated<number>;
  created_at: string;
  updated_at: string;
  /** Sender authentication (migration 010): 0/1, null before it; the verdict as JSON. */
  auth_verified: number | null;
  auth_result: string | null;
  /** Marked done by a person, or settled by a later message of the conversation (migration 013). */
  done_at: string | null;
  /** Audit actor of `done_at` (`user:<id>`, `system`). */
  done_by: string | null;
  /** First opened by someone of the workspace: the unread marker (migration 013). */
  seen_at: string | null;
  /** How it arrived (migration 014); null before. */
  source: MessageSource | null;
  /**
   * The decoded text, for search (migration 016; capped). Null: stored before it, not yet
   * backfilled. PostgreSQL also has `search_tsv` (generated from it), SQLite `messages_fts`.
   */
  body_text: string | null;
}

/** How a message arrived: forwarded to our SMTP receiver, read over IMAP, or posted to the API. */
export type MessageSource = 'smtp' | 'imap' | 'http';

/** A provider's forwarding confirmation or address verification (migration 014). */
export interface ForwardingConfirmationsTable {
  id: Id;
  workspace_id: number;
  inbox_id: number;
  message_id: number;
  provider: string;
  code: string | null;
  link: string | null;
  requested_by: string | null;
  /** 0/1: the sender check (DMARC) passed for the provider's domain. */
  sender_verified: number;
  received_at: string;
  created_at: string;
  updated_at: string;
}

/** "Send a test message" runs (migration 014). */
export interface ForwardingChecksTable {
  id: Id;
  workspace_id: number;
  inbox_id: number;
  /** Four characters the page asks to put in the test message ("Snoooz test 4F7K"). */
  token: string;
  started_by: string;
  started_at: string;
  passed_at: string | null;
  message_id: number | null;
  from_address: string | null;
  source: MessageSource | null;
  created_at: string;
  updated_at: string;
}

export interface JobsTable {
  id: Id;
  workspace_id: number;
  kind: string;
  payload: string;
  message_id: number | null;
  state: JobState;
  /** Defaults to 0. */
  attempts: Generated<number>;
  run_at: string;
  locked_until: string | null;
  /** Random token of the claim that holds the lock; a worker whose lock expired cannot finish the job. */
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface DraftsTable {
  id: Id;
  workspace_id: number;
  message_id: number;
  subject: string;
  text: string;
  composer: string;
  fallback_reason: string | null;
  /** JSON snapshot of the context the draft was grounded in. */
  context: string | null;
  /** The draft as composed (migration 006); `text` holds a person's edits. Null for older drafts. */
  original_text: string | null;
  /** JSON: the facts the draft states, where, and what was withheld (migration 005). */
  evidence: string | null;
  status: DraftStatus;
  status_reason: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
  /** When an approved reply leaves, after its undo window (migration 013); null otherwise. */
  send_at: string | null;
  /** The one scheduled send (the `send_draft` job carries it); undo clears it. */
  send_token: string | null;
}

export const DRAFT_VERSION_KINDS = ['generated', 'edited', 'restored'] as const;
export type DraftVersionKind = (typeof DRAFT_VERSION_KINDS)[number];

/** Every text a draft has had (migration 013). */
export interface DraftVersionsTable {
  id: Id;
  workspace_id: number;
  draft_id: number;
  kind: DraftVersionKind;
  subject: string;
  text: string;
  /** `system` for generated text, `user:<id>`, `cli` or `api` for a person's. */
  actor: string;
  created_at: string;
  /** Autosave folds a burst of one person's edits into one version and moves this forward. */
  updated_at: string;
}

/** Who works a conversation (migration 018); no row: unassigned. */
export interface ConversationAssignmentsTable {
  workspace_id: number;
  inbox_id: number;
  thread_key: string;
  user_id: number;
  /** Audit actor who assigned it (`user:<id>`, `token:<id>`). */
  assigned_by: string;
  assigned_at: string;
}

/** Internal notes on a conversation (migration 018): never sent, never given to the model. */
export interface ConversationNotesTable {
  id: Id;
  workspace_id: number;
  inbox_id: number;
  thread_key: string;
  /** Null once the author's account is gone. */
  author_user_id: number | null;
  /** `user:<id>`, or `token:<id>` for a note written through the API. */
  author_actor: string;
  body: string;
  created_at: string;
}

export interface SettingsTable {
  workspace_id: number;
  data: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Id;
  workspace_id: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  at: string;
}

export interface MailboxStateTable {
  workspace_id: number;
  inbox_id: number;
  mailbox: string;
  uid_validity: string;
  /** bigint: pg returns it as a string, SQLite as a number. */
  last_uid: ColumnType<number | string, number, number>;
  updated_at: string;
}

/** 'builtin': the built-in composer, no LLM. */
export const LLM_PROVIDER_CHOICES = ['builtin', 'openai', 'anthropic', 'openai-compatible'] as const;
export type LlmProviderChoice = (typeof LLM_PROVIDER_CHOICES)[number];

export interface LlmSettingsTable {
  workspace_id: number;
  provider: LlmProviderChoice;
  model: string;
  base_url: string | null;
  /** Row in `secrets` (kind llm_api_key) of this workspace, or null. */
  api_key_secret_id: number | null;
  updated_at: string;
}

/** Who owns a named piece of work until when (see repositories/leases.ts). */
export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: string;
  acquired_at: string;
}

/** Shadow mode and autonomy (migration 006, see repositories/shadow.ts and autonomy.ts). */
export const SHADOW_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export type ShadowRunStatus = (typeof SHADOW_RUN_STATUSES)[number];

export interface ShadowRunsTable {
  id: Id;
  workspace_id: number;
  inbox_id: number;
  folder: string;
  since: string | null;
  until: string | null;
  status: ShadowRunStatus;
  error: string | null;
  /** Defaults to 0. */
  emails: Generated<number>;
  /** JSON: the per-intent summary, once done. */
  summary: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export interface ShadowItemsTable {
  id: Id;
  workspace_id: number;
  run_id: number;
  position: number;
  email_message_id: string;
  from_address: string;
  subject: string;
  received_at: string | null;
  intent: string | null;
  language: string | null;
  skipped_reason: string | null;
  draft_text: string | null;
  /** 0/1: the rules would have auto-sent it. */
  would_send: Generated<number>;
  delivery_reason: string | null;
  team_reply_text: string | null;
  team_reply_message_id: string | null;
  team_replied_at: string | null;
  match_kind: string | null;
  similarity: number | null;
  created_at: string;
}

export interface ReplyOutcomesTable {
  id: Id;
  workspace_id: number;
  draft_id: number | null;
  intent: string;
  similarity: number;
  /** 0/1: sent by the rules, not by a person (not evidence). */
  automatic: Generated<number>;
  created_at: string;
}

/** A conversation an agent linked to a store customer by hand (migration 019). */
export interface CustomerLinksTable {
  id: Id;
  workspace_id: number;
  inbox_id: number;
  thread_key: string;
  integration_id: number;
  /** The BigCommerce customer id. */
  customer_id: number;
  linked_by: number | null;
  linked_at: string;
}

export interface Schema {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  workspace_integrations_enabled: WorkspaceIntegrationsEnabledTable;
  secrets: SecretsTable;
  integrations: IntegrationsTable;
  inboxes: InboxesTable;
  oauth_flows: OAuthFlowsTable;
  messages: MessagesTable;
  conversation_assignments: ConversationAssignmentsTable;
  conversation_notes: ConversationNotesTable;
  forwarding_confirmations: ForwardingConfirmationsTable;
  forwarding_checks: ForwardingChecksTable;
  jobs: JobsTable;
  drafts: DraftsTable;
  draft_versions: DraftVersionsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  mailbox_state: MailboxStateTable;
  llm_settings: LlmSettingsTable;
  leases: LeasesTable;
  shadow_runs: ShadowRunsTable;
  shadow_items: ShadowItemsTable;
  reply_outcomes: ReplyOutcomesTable;
  customer_links: CustomerLinksTable;
}

export type MessageRow = Selectable<MessagesTable>;
export type JobRow = Selectable<JobsTable>;
export type DraftRow = Selectable<DraftsTable>;
export type SecretRow = Selectable<SecretsTable>;
export type NewMessageRow = Insertable<MessagesTable>;
