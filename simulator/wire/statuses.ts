/** BigCommerce's system order statuses (id, name, control-panel sort position, meaning). */
import type { StoreData } from '../store-data.js';

export interface SystemStatus {
  id: number;
  name: string;
  order: number;
  description: string;
}

export const SYSTEM_STATUSES: readonly SystemStatus[] = [
  {
    id: 0,
    name: 'Incomplete',
    order: 0,
    description:
      'An incomplete order happens when a shopper reached the payment page, but did not complete the transaction.',
  },
  { id: 1, name: 'Pending', order: 1, description: 'Customer started the checkout process, but did not complete it.' },
  {
    id: 2,
    name: 'Shipped',
    order: 8,
    description: 'Order has been shipped, but receipt has not been confirmed; seller has used the Ship Items action.',
  },
  {
    id: 3,
    name: 'Partially Shipped',
    order: 6,
    description:
      'Only some items in the order have been shipped, due to some products being pre-order only or other reasons.',
  },
  { id: 4, name: 'Refunded', order: 11, description: 'Seller has used the Refund action.' },
  {
    id: 5,
    name: 'Cancelled',
    order: 9,
    description: 'Seller has cancelled an order, due to a stock inconsistency or other reasons.',
  },
  {
    id: 6,
    name: 'Declined',
    order: 10,
    description: 'Seller has marked the order as declined for lack of manual payment, or other reasons.',
  },
  {
    id: 7,
    name: 'Awaiting Payment',
    order: 2,
    description: 'Customer has completed checkout process, but payment has yet to be confirmed.',
  },
  {
    id: 8,
    name: 'Awaiting Pickup',
    order: 5,
    description: 'Order has been pulled, and is awaiting customer pickup from a seller-specified location.',
  },
  {
    id: 9,
    name: 'Awaiting Shipment',
    order: 4,
    description: 'Order has been pulled and packaged, and is awaiting collection from a shipping provider.',
  },
  {
    id: 10,
    name: 'Completed',
    order: 7,
    description: 'Client has paid for their digital product and their file(s) are available for download.',
  },
  {
    id: 11,
    name: 'Awaiting Fulfillment',
    order: 3,
    description: 'Customer has completed the checkout process and payment has been confirmed.',
  },
  {
    id: 12,
    name: 'Manual Verification Required',
    order: 13,
    description: 'Order on hold while some aspect needs to be manually confirmed.',
  },
  {
    id: 13,
    name: 'Disputed',
    order: 12,
    description:
      'Customer has initiated a dispute resolution process for the PayPal transaction that paid for the order.',
  },
  { id: 14, name: 'Partially Refunded', order: 14, description: 'Seller has partially refunded the order.' },
];

export function systemStatus(id: number): SystemStatus {
  return SYSTEM_STATUSES[id] ?? { id, name: 'Unknown', order: id, description: '' };
}

/** The merchant's label for a status (`custom_label`); equals the system name unless renamed. */
export function customLabel(store: StoreData, id: number): string {
  return store.order_statuses?.[String(id)] ?? systemStatus(id).name;
}
