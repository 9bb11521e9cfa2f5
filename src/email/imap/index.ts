/** IMAP: watching a mailbox for new mail, appending drafts, testing an account. */
export type { ImapAccount, ImapAuth } from './account.js';
export { toImapError } from './account.js';
export { appendDraftToMailbox } from './append-draft.js';
export { createDraftsAppender, type DraftsAppender, type DraftsAppenderOptions } from './drafts-appender.js';
export type { AppendDraftInput, AppendDraftResult } from './append-draft.js';
export { cachedAccessToken, refreshOAuthAccessToken } from './oauth.js';
export type { OAuthAccessToken, OAuthRefreshInput } from './oauth.js';
export { createDbMailboxStateStore, createMemoryMailboxStateStore } from './state.js';
export type { MailboxCheckpoint, MailboxStateStore } from './state.js';
export { testImapAccount } from './test-connection.js';
export type { ImapTestResult } from './test-connection.js';
export { backoffDelay, startImapWatcher } from './watcher.js';
export type { ImapMessageMeta, ImapWatcher, ImapWatcherOptions, ImapWatcherStatus } from './watcher.js';
