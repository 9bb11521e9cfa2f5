/** SMTP: receiving forwarded mail, building and sending replies, testing an account. */
export { MailError, isMailError, safeLine } from './mail-error.js';
export type { MailErrorCode } from './mail-error.js';
export { buildReplyMime, draftMessageId, textToHtml } from './compose-reply.js';
export type { BuildReplyInput, ReplyAddress, ReplyMime } from './compose-reply.js';
export { DEFAULT_SMTP_MAX_BYTES, startSmtpReceiver } from './receiver.js';
export type { SmtpEnvelope, SmtpReceiver, SmtpReceiverOptions } from './receiver.js';
export { createSmtpSender, sendWithRetry, toSmtpError } from './sender.js';
export type { OutgoingMime, RetryOptions, SendResult, SmtpAccount, SmtpSender } from './sender.js';
export { testSmtpAccount } from './test-connection.js';
