import type { Tone } from '../../types.js';

export interface PersonName {
  firstName: string;
  lastName: string;
}

/** What to tell the customer about one BigCommerce status id. */
export interface StatusPhrases {
  /** The whole answer, naming the order: "Your order #5114 has shipped." */
  sentence(ref: string): string;
  /** The meaning after the store's own label: "This means it has shipped." */
  meaning: string;
  /** A few words for a list of orders: "shipped". */
  short: string;
}

export type ActionKind = 'refund' | 'cancel' | 'return';
export type ProfileField = 'name' | 'email' | 'phone' | 'company' | 'address';

/**
 * Every phrase the built-in composer writes, for one language. Functions take values that are
 * already formatted (dates, money, order references) and never receive a missing value: the
 * composer leaves a sentence out instead. `formal` is true for the formal tone.
 */
export interface Phrases {
  /** "#5114", "Nr. 5114", "n.º 5114", "n° 5114". */
  orderRef(id: number): string;
  quote(text: string): string;
  greeting(name: PersonName | null, tone: Tone): string;
  /** Applied to the first paragraph after the greeting (German continues in lower case after "Hallo Maya,"). */
  afterGreeting(text: string): string;
  closing(tone: Tone): string;
  teamSignature(businessName: string): string;
  /** Sign-off when the workspace has neither a signature nor a business name. */
  genericSignature: string;

  /** Statuses 0–14. */
  status: Readonly<Record<number, StatusPhrases>>;
  /** "Your order #5114 has the status “Packing”." (followed by the meaning). */
  statusLabelled(ref: string, label: string): string;
  /** A status id we do not know: the store's label when there is one, and that the team will check. */
  statusUnknown(ref: string, label: string | null): string;

  shippedOn(date: string): string;
  /**
   * One shipment: "It was sent with UPS on 18 November 2026."; null when neither carrier nor date
   * is known. `partial`: the order is only partly shipped, so this is the part that was sent.
   */
  singleShipment(carrier: string | null, date: string | null, partial: boolean): string | null;
  shipmentCount(count: number, partial: boolean): string;
  shipmentHeading(index: number, count: number, carrier: string | null, date: string | null): string;
  trackingNumber(value: string): string;
  trackingLink(url: string): string;
  shipmentItems: string;
  stillToShip: string;
  option(name: string, value: string): string;

  itemsIntro(ref: string, date: string | null): string;
  itemsInOrder(ref: string): string;
  total(amount: string): string;
  /** "Order #5114 was placed on 18 November 2026, with a total of $133.65."; at least one of date/total is given. */
  orderSummary(ref: string, date: string | null, total: string | null): string;
  recentOrdersIntro: string;
  recentOrderLine(ref: string, date: string | null, status: string): string;

  placed(ref: string, date: string | null): string;
  paymentReceived(total: string | null): string;
  paymentAuthorised(total: string | null): string;
  paymentPending(total: string | null): string;
  paymentDeclined(ref: string): string;
  paymentVoided: string;
  preparing: string;

  onFileIntro: string;
  guestIntro: string;
  field(field: ProfileField, value: string): string;
  phoneEnding(lastDigits: string): string;
  howToUpdateAccount(formal: boolean): string;
  howToUpdateGuest(formal: boolean): string;
  noSensitiveData: string;

  noOrdersFound: string;
  /** "We couldn't find order #9999 under this email address." (refs already joined). */
  unmatched(refs: string, count: number): string;
  askOrderDetails(formal: boolean): string;
  teammateWillCheck(formal: boolean): string;
  lookupFailed(formal: boolean): string;

  actionReceived(kind: ActionKind, ref: string | null): string;
  /** A change only a person can make (read-only product): acknowledged, never claimed as done. */
  addressChangeReceived(ref: string | null, formal: boolean): string;
  actionReview(formal: boolean): string;
  otherAck(tone: Tone): string;

  nextStepShipped(formal: boolean): string;
  nextStepGeneral(formal: boolean): string;
  nextStepHelp(formal: boolean): string;
}

/** Shorthand for the status tables. */
export function statusPhrases(sentence: (ref: string) => string, meaning: string, short: string): StatusPhrases {
  return { sentence, meaning, short };
}
