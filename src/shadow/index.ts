/** Shadow mode (the assistant over past mail, nothing sent) and autonomy earned per intent. */
export { compareReplies } from './compare.js';
export { DEFAULT_MAX_SHADOW_MESSAGES, readShadowMailbox } from './mailbox.js';
export type { ReadShadowMailboxOptions, ShadowMailbox, ShadowSource } from './mailbox.js';
export {
  applyAutonomy,
  autonomyNotices,
  autonomyStats,
  evaluateWorkspaceAutonomy,
  recordSentReply,
} from './outcomes.js';
export type { SentReplyInput, SentReplyResult } from './outcomes.js';
export { createShadowProgressHub, NO_PROGRESS, secondsLeft } from './progress.js';
export type { ShadowProgress, ShadowProgressEvent, ShadowProgressHub } from './progress.js';
export { runShadow } from './run.js';
export type { RunShadowOptions, ShadowItem, ShadowResult } from './run.js';
export { createSentReplyLookup, parseSentReplies } from './sent-replies.js';
export type { MatchKind, SentReply, SentReplyLookup } from './sent-replies.js';
export { summariseShadow } from './summary.js';
export type { IntentSummary, ShadowSummary } from './summary.js';
export { runWorkspaceShadow, startWorkspaceShadow } from './workspace.js';
export type { ShadowRunRequest, WorkspaceShadowDeps } from './workspace.js';
