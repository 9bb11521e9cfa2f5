/** SMTP: receiving forwarded mail, building and sending replies, testing an account. */
export { MailError, isMailError, safeLine } from './mail-error.js';
export type { MailErrorCode } from './mail-error.js';
export { buildReplyMime, draftMessageId, textToHtml } from './compose-reply.js';
export type { BuildReplyInput, ReplyAddress, ReplyMime } from './compose-reply.js';
export {
  DEFAULT_SMTP_LIMITS,
  DEFAULT_SMTP_MAX_BYTES,
  SMTP_REPLIES,
  looksLikeMessage,
  smtpError,
  startSmtpReceiver,
} from './receiver.js';
export type {
  SmtpEnvelope,
  SmtpReceiver,
  SmtpReceiverLimits,
  SmtpReceiverOptions,
  SmtpReceiverStats,
  SmtpRecipient,
} from './receiver.js';
export { parseNetworks } from './client-gate.js';
export { createSmtpSender, sendWithRetry, toSmtpError } from './sender.js';
export type { OutgoingMime, RetryOptions, SendResult, SmtpAccount, SmtpSender } from './sender.js';
export { testSmtpAccount } from './test-connection.js';
