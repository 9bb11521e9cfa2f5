import type { CustomerContext } from '../context/types.js';
import type { AnswerPlan } from './plan/types.js';
import type { Intent } from '../shared/intents.js';
import type { WorkspaceSettings } from '../shared/workspace-settings.js';

// Intents and workspace settings live in shared modules that storage reads too; re-exported here
// for the assistant's own modules.
export { ACTION_REQUEST_INTENTS, INTENTS, type Intent } from '../shared/intents.js';
export {
  AUTONOMY_MINIMUMS,
  DEFAULT_AUTO_REPLY_CAPS,
  DEFAULT_AUTONOMY,
  DEFAULT_SETTINGS,
  DEFAULT_UNDO_SEND_SECONDS,
  PLACEHOLDER_BUSINESS_NAME,
  type AutoReplyCaps,
  type AutonomySettings,
  type ReplyMode,
  type Tone,
  type WorkspaceSettings,
} from '../shared/workspace-settings.js';

export const LANGUAGES = ['en', 'es', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Understanding {
  intent: Intent;
  /** Order numbers the message mentions, in order of appearance, de-duplicated. */
  orderNumbers: number[];
  language: Language;
  /**
   * Changes to an order the customer asked for besides the intent ("can you change the delivery
   * address?"). Snoooz is read-only: the reply acknowledges them and never says they were made;
   * such a reply is never sent automatically. Absent when there are none.
   */
  changeRequests?: ChangeRequest[];
  /**
   * The answer plan: every question, request and feeling of the email as one item. Built by
   * `understand`; its items' orders are resolved once the store data is known (plan/resolve.ts).
   * `intent` is derived from it (the first request, else the first item) for the rules and autonomy.
   */
  plan?: AnswerPlan;
}

/** A change to an order that only a person can make in the store. */
export type ChangeRequest = 'address';

/** The part of an email the assistant reads. */
export interface IncomingMessage {
  subject: string;
  /** The newest part of the body: quoted history and signature already stripped. */
  text: string;
  fromEmail: string;
  fromName: string | null;
  /** The whole body including quoted history and forwarded parts (order numbers there are a fallback). */
  history?: string;
}

export interface Draft {
  subject: string;
  text: string;
  composer: 'builtin' | 'llm';
  /** Why an LLM draft was replaced by the built-in one, when it was. */
  fallbackReason: string | null;
}

export interface ComposeInput {
  message: IncomingMessage;
  understanding: Understanding;
  context: CustomerContext;
  settings: WorkspaceSettings;
}

/** What happens to a composed draft. */
export type DeliveryAction = 'draft' | 'send' | 'none';

export interface DeliveryDecision {
  action: DeliveryAction;
  /** One line for the merchant: why it was kept as a draft, sent, or not composed. */
  reason: string;
}

export interface DeliveryInput {
  settings: WorkspaceSettings;
  understanding: Understanding;
  context: CustomerContext;
  factCheckPassed: boolean;
}
