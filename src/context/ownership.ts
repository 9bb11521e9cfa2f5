import type { Order } from '../shared/store-data.js';
import { sameEmail } from './email.js';

/**
 * Who the sender is, as far as the store can tell: the address they wrote from and the ids of
 * customer accounts registered under it. An order is theirs only through one of these.
 */
export interface SenderIdentity {
  /** Normalised sender address. */
  email: string;
  /** Ids of the customer accounts with this email (usually one; several with per-channel accounts). */
  customerIds: ReadonlySet<number>;
}

/**
 * An order belongs to the sender when its customer id is one of theirs (guest orders carry 0,
 * which never matches) or its billing email is the sender's. Archived orders count as absent:
 * the merchant removed them, so a reply must not bring them back.
 */
export function isOwnedBy(order: Order, sender: SenderIdentity): boolean {
  if (order.isDeleted) return false;
  if (order.customerId !== 0 && sender.customerIds.has(order.customerId)) return true;
  return sameEmail(order.billingAddress.email, sender.email);
}
