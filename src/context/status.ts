/**
 * BigCommerce's fixed order statuses, with what to tell a customer about each. The wording
 * follows the "Status in plain words" table in the reply guidelines; composers localise from the
 * id, so this English text is the reference meaning.
 */
const STATUSES: ReadonlyMap<number, { name: string; explanation: string }> = new Map([
  [0, { name: 'Incomplete', explanation: 'The checkout was not completed, so no order was placed.' }],
  [
    1,
    {
      name: 'Pending',
      explanation: 'Checkout was started but not completed (often a payment not yet confirmed); the team will check.',
    },
  ],
  [2, { name: 'Shipped', explanation: 'The order has shipped.' }],
  [3, { name: 'Partially Shipped', explanation: 'Part of the order has shipped; the rest is still to ship.' }],
  [4, { name: 'Refunded', explanation: 'The order was refunded.' }],
  [5, { name: 'Cancelled', explanation: 'The order was cancelled.' }],
  [
    6,
    {
      name: 'Declined',
      explanation:
        'The payment was declined, so the order was not completed; trying again or using another payment method may help.',
    },
  ],
  [7, { name: 'Awaiting Payment', explanation: 'The order is waiting for the payment to arrive.' }],
  [8, { name: 'Awaiting Pickup', explanation: 'The order is ready to be picked up.' }],
  [9, { name: 'Awaiting Shipment', explanation: 'The order is packed and waiting for the carrier.' }],
  [
    10,
    {
      name: 'Completed',
      explanation: 'The store marked the order as complete (for digital goods: delivered).',
    },
  ],
  [11, { name: 'Awaiting Fulfillment', explanation: 'Payment was received and the order is being prepared.' }],
  [
    12,
    {
      name: 'Manual Verification Required',
      explanation: 'The order needs a quick check by the team before it goes further.',
    },
  ],
  [13, { name: 'Disputed', explanation: 'There is an open payment dispute; the team will follow up.' }],
  [14, { name: 'Partially Refunded', explanation: 'Part of the order was refunded.' }],
]);

/** Said for a status id BigCommerce may add later: true, and promises nothing. */
const UNKNOWN_EXPLANATION = 'The order is in a status the team will check and explain.';

/** Plain English for a BigCommerce status id; generic text for ids we do not know. */
export function explainStatus(statusId: number): string {
  return STATUSES.get(statusId)?.explanation ?? UNKNOWN_EXPLANATION;
}

/** BigCommerce's system name for a status id, or null for an unknown id. */
export function systemStatusName(statusId: number): string | null {
  return STATUSES.get(statusId)?.name ?? null;
}
