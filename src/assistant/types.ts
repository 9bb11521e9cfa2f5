import type { CustomerContext } from '../context/types.js';
import type { AnswerPlan } from './plan/types.js';

export const INTENTS = [
  'order_status',
  'shipping_tracking',
  'order_items',
  'order_help',
  'customer_info',
  'payment_status',
  'refund_request',
  'cancel_request',
  'return_request',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

export const LANGUAGES = ['en', 'es', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Intents that ask the team to act; never auto-sent, never claimed as done. */
export const ACTION_REQUEST_INTENTS: readonly Intent[] = ['refund_request', 'cancel_request', 'return_request'];

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

export type Tone = 'friendly' | 'formal' | 'concise';
export type ReplyMode = 'drafts' | 'auto' | 'off';

export interface WorkspaceSettings {
  businessName: string;
  /** Sign-off block, e.g. "Maya\nAcme Outfitters support". Empty → "The {businessName} team". */
  signature: string;
  tone: Tone;
  mode: ReplyMode;
  /** Intents that may be auto-sent when mode is "auto" (action requests are always excluded). */
  autoSendIntents: Intent[];
  /** How many recent orders a reply may mention (default 3). */
  recentOrdersToMention: number;
  allowPhone: boolean;
  allowAddress: boolean;
  /** Autonomy earned per intent (see assistant/autonomy.ts). */
  autonomy: AutonomySettings;
  /** Most automatic replies per hour, per sender and per inbox; past them a person decides. Default below. */
  autoReplyCaps?: AutoReplyCaps;
  /** Seconds an approved reply waits, with Undo, before it leaves (0: at once). Default 10. */
  undoSendSeconds?: number;
  /** IANA zone the web app shows times in (default UTC); replies are not affected. */
  timeZone?: string;
}

export const DEFAULT_UNDO_SEND_SECONDS = 10;

export interface AutoReplyCaps {
  perSenderPerHour: number;
  perInboxPerHour: number;
}

/** Three replies an hour is a conversation; more to one address is a loop or someone probing. */
export const DEFAULT_AUTO_REPLY_CAPS: AutoReplyCaps = { perSenderPerHour: 3, perInboxPerHour: 60 };

/**
 * Auto-send for an intent must be earned: its acceptance (drafts sent unchanged or with small
 * edits) over the last `lastN` drafts must be at least `threshold` (0..1).
 */
export interface AutonomySettings {
  lastN: number;
  threshold: number;
}

export const DEFAULT_AUTONOMY: AutonomySettings = { lastN: 20, threshold: 0.9 };

/**
 * The loosest gate anyone may set (web, API, CLI, stored JSON): a share measured over fewer than
 * 20 replies is noise, and below 80% one reply in five would go out needing a correction.
 */
export const AUTONOMY_MINIMUMS: AutonomySettings = { lastN: 20, threshold: 0.8 };

/**
 * The business name a workspace has before anyone sets one. It is a placeholder, never printed:
 * a reply signs with the store's own name instead (see `settingsForReply`), else a neutral team line.
 */
export const PLACEHOLDER_BUSINESS_NAME = 'Our store';

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  businessName: PLACEHOLDER_BUSINESS_NAME,
  signature: '',
  tone: 'friendly',
  mode: 'drafts',
  autoSendIntents: [],
  recentOrdersToMention: 3,
  // A customer who asks for their own phone or address gets it: the reply goes only to the
  // account's own address, and only a details-on-file question that names the field shows it.
  allowPhone: true,
  allowAddress: true,
  autonomy: { ...DEFAULT_AUTONOMY },
  autoReplyCaps: { ...DEFAULT_AUTO_REPLY_CAPS },
  undoSendSeconds: DEFAULT_UNDO_SEND_SECONDS,
  timeZone: 'UTC',
};

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
