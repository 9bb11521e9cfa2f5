export type { ProductMail, ProductMailKind, ProductMailer } from './types.js';
export { invitationMail, passwordResetMail } from './compose.js';
export { createSmtpProductMailer, type SmtpProductMailerOptions } from './smtp.js';
export { createConsoleCatcher, createMemoryMailer } from './catcher.js';
export { productMailConfigFromEnv, type ProductMailConfig } from './config.js';
