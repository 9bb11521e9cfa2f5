/** The phrases the plan sections write, for one language (see builtin/plan-sections.ts). */
export type EmpathyKind =
  | 'damaged'
  | 'wrong_item'
  | 'missing_item'
  | 'late'
  | 'double_charge'
  | 'refund_wait'
  | 'cancel_confusion'
  | 'upset'
  | 'worried';

export interface PlanPhrases {
  empathy(kind: EmpathyKind): string;

  /** Refund questions: what the store shows, never that we did it. */
  refundedFull(ref: string, amount: string | null): string;
  refundedPartial(ref: string, refunded: string | null, total: string | null): string;
  noRefund(ref: string, status: string): string;
  refundNext(formal: boolean): string;

  /** Cancellation questions. */
  cancelledShown(ref: string): string;
  cancelReasonHandoff(formal: boolean): string;
  notCancelled(ref: string, status: string): string;

  /** Requests the store's state already decides. */
  cancelShipped(ref: string, date: string | null, carrier: string | null): string;
  addressShipped(ref: string, date: string | null, carrier: string | null): string;
  alreadyCancelled(ref: string): string;
  alreadyRefunded(ref: string, amount: string | null): string;
  alreadyPartlyRefunded(ref: string, amount: string | null): string;
  /** What the order shows now, after a request ("It currently shows as being prepared."). */
  currentlyShows(status: string): string;

  /** Hand-offs. */
  invoiceHandoff(ref: string | null, formal: boolean): string;
  otherHandoff(formal: boolean): string;
  shippingCost(amount: string): string;
  refundedAmount(amount: string): string;
  /** A request only a person can handle (unsubscribe, expedite, add an item): acknowledged, never done. */
  otherRequest(ref: string | null, formal: boolean): string;
  complaintHandoff(formal: boolean): string;
  photoRequest(formal: boolean): string;

  /** Details on file the workspace does not show by email. */
  detailsWithheld(fields: string, formal: boolean): string;
  fieldName(field: 'phone' | 'address'): string;

  /** A worry about a double charge. */
  oneOrderSeen(ref: string, date: string | null, total: string | null): string;
  manyOrdersSeen(count: number): string;
  orderLine(ref: string, date: string | null, total: string | null, status: string): string;

  /** Product availability. */
  inStock(name: string): string;
  outOfStock(name: string): string;
  preorder(name: string): string;
  notOrderable(name: string): string;
  noRestockDate: string;
  productNotFound(formal: boolean): string;

  thanksReply(formal: boolean): string;
  /** A note for the agent (never sent): the customer wrote in another language. */
  agentLanguageNote(detected: string, replyLanguage: string): string;
}
