/**
 * The answer plan: what one email asks, item by item. The plan, not a single intent, decides what
 * each composer writes, what minimisation keeps, what the fact check expects and what the web app
 * shows beside the draft.
 */

export const ITEM_TYPES = [
  'status_question',
  'action_request',
  'information_request',
  'complaint',
  'product_question',
  'other',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const ITEM_TOPICS = [
  // status questions
  'status',
  'items',
  'payment',
  'refund',
  'cancel',
  // action requests (also refund, cancel)
  'return',
  'address_change',
  // information requests
  'customer_info',
  'invoice',
  // complaints
  'damaged',
  'wrong_item',
  'missing_item',
  // product questions
  'stock',
  // other
  'thanks',
  'other',
] as const;
export type ItemTopic = (typeof ITEM_TOPICS)[number];

/** How an item's orders were chosen, strongest first. */
export type OrderSource = 'text' | 'item' | 'date' | 'amount' | 'all' | 'subject' | 'history' | 'recent' | 'none';

/** Fields of the customer's record a details-on-file question names. */
export type ProfileAsk = 'phone' | 'address' | 'email' | 'name' | 'company';

export interface PlanItem {
  type: ItemType;
  topic: ItemTopic;
  /** The customer's sentence it came from (shown to the agent; never copied into a reply). */
  quote: string;
  /** The sentence just before it (item names there often say which order "it" is). */
  before?: string;
  /** Order numbers written in this item's own sentence. */
  mentioned: number[];
  /** The orders it is about, once resolved against the store (see plan/resolve.ts). */
  orderIds: number[];
  orderSource: OrderSource;
  /** Mentioned numbers that are not the sender's (never described). */
  unmatched: number[];
  /** A details-on-file question: the fields asked for ([] = "what do you have"). */
  asks?: ProfileAsk[];
  /** The numbers in `mentioned` come from other sentences of the email, not this item's own. */
  inherited?: boolean;
  /** Bare numbers in this item's own sentence ("et pour la 23215"): used when one is the sender's order. */
  ownBare?: number[];
  /** A payment question about what shipping cost. */
  shippingCost?: boolean;
  /** A worry about being charged twice. */
  doubleCharge?: boolean;
  /** A product question: the words that name the product (all sentences, for the catalog search). */
  productWords?: string[];
  /** The words per product asked about ("the beanie? and the shears?"): each is answered on its own. */
  productGroups?: string[][];
  /** Groups the customer wrote as a name ("Weber Original Kettle"): one shared word is not a match. */
  productNames?: string[][];
}

export type Feeling = 'upset' | 'worried' | null;

export interface AnswerPlan {
  /** The language the reply is written in. */
  language: 'en' | 'es' | 'de' | 'fr';
  /** What the customer wrote in (ISO 639-1), 'und' when too short to tell. */
  detectedLanguage: string;
  /** The customer wrote in a language the built-in composer does not speak. */
  unsupportedLanguage: boolean;
  feeling: Feeling;
  items: PlanItem[];
  /** Date ranges the new text names ("last week", "on Monday"), ISO dates, inclusive. */
  dateRanges: { from: string; to: string }[];
  /** Amounts the new text names ("the $84 order"), as decimal strings. */
  amounts: string[];
  /** "both orders", "all my orders". */
  allOrders: boolean;
  /** Bare numbers in the new text ("about 21055"): used only when one is the sender's own order number. */
  bareNumbers?: number[];
  /** Order numbers in the subject and in the quoted history (fallbacks only). */
  subjectNumbers: number[];
  historyNumbers: number[];
}

/** One line per item for the agent: "answered: status of #5021", "handed off: invoice copy". */
export interface PlanSummaryLine {
  item: PlanItem;
  outcome: 'answered' | 'handed_off' | 'asked_for_details';
  text: string;
}
