export type {
  AttachmentInfo,
  LoopGuardCode,
  LoopGuardOptions,
  LoopGuardResult,
  MailAddress,
  ParseEmailOptions,
  ParsedEmail,
} from './types.js';
export { parseEmail } from './parse.js';
export { DEFAULT_MAX_EMAIL_BYTES } from './raw-input.js';
export { stripQuotedText } from './quoted-text.js';
export { checkLoopGuard } from './loop-guard.js';
export {
  recogniseForwardingConfirmation,
  type ForwardingConfirmation,
  type VerificationProvider,
} from './forwarding-confirmation.js';
export { toIncomingMessage } from './incoming.js';
export { normaliseSubjectForReply } from './subject.js';

// Transport: IMAP watching and Drafts, SMTP sending and receiving (see imap/ and smtp/).
export * from './imap/index.js';
export * from './smtp/index.js';
export * from './oauth/index.js';
