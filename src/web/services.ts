/**
 * What the web app needs from the application layer. The service engineer's
 * `src/app/services.ts` exports the same interface; until it lands this local declaration keeps
 * the web app compiling (swap the body of this file for a re-export when it does).
 */
import type { ConnectionReport } from '../bigcommerce/index.js';

export type MessageEvent = { workspaceId: number; messageId: number };

export interface AppServices {
  ingestRaw(input: {
    workspaceId: number;
    inboxId: number;
    raw: Buffer;
    source: 'imap' | 'smtp' | 'http';
  }): Promise<{ messageId: number; created: boolean }>;
  regenerateDraft(workspaceId: number, messageId: number, actor: string): Promise<void>;
  /** Approve + send over SMTP; idempotent. */
  sendDraft(workspaceId: number, draftId: number, actor: string): Promise<void>;
  testBigCommerce(input: { storeHash: string; accessToken: string }): Promise<ConnectionReport>;
  testMailbox(input: { imap?: unknown; smtp?: unknown; password?: string }): Promise<{
    imap: string | null;
    smtp: string | null;
  }>;
  events: {
    on(event: 'message', listener: (e: MessageEvent) => void): void;
    off(event: 'message', listener: (e: MessageEvent) => void): void;
  };
  config: { apiUrl: string; smtpReceiverAddressFor(inbox: { id: number; address: string }): string | null };
}
