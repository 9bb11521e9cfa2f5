/** What the web app needs from the application layer (defined by `src/app/services.ts`). */
export type { AppServices, MailboxStatus, MailboxTestResult, MessageEvent } from '../app/services.js';
