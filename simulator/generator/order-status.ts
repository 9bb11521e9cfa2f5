/** Which status an order of a given age is likely in, and what payment state goes with it. */
import type { Rng } from './random.js';
import { chance, weighted } from './random.js';

type Weights = readonly (readonly [number, number])[];

const RECENT: Weights = [
  [11, 30],
  [9, 14],
  [7, 10],
  [3, 10],
  [2, 14],
  [1, 5],
  [8, 5],
  [12, 4],
  [0, 4],
  [6, 2],
  [5, 2],
];
const WEEKS: Weights = [
  [2, 34],
  [10, 16],
  [3, 9],
  [11, 8],
  [9, 6],
  [5, 5],
  [6, 3],
  [7, 3],
  [4, 4],
  [14, 4],
  [13, 3],
  [8, 2],
  [12, 2],
  [0, 1],
];
const OLD: Weights = [
  [10, 46],
  [2, 28],
  [4, 6],
  [14, 5],
  [5, 6],
  [6, 3],
  [3, 2],
  [13, 1],
  [0, 2],
  [12, 1],
];

export function statusForAge(rng: Rng, ageDays: number): number {
  return weighted(rng, ageDays < 3 ? RECENT : ageDays < 21 ? WEEKS : OLD);
}

/** Statuses whose orders have left the warehouse in full. */
export const FULLY_SHIPPED = new Set([2, 10, 13, 14]);

export const PAYMENT_METHODS: readonly (readonly [string, number])[] = [
  ['Credit Card', 58],
  ['PayPal', 20],
  ['Apple Pay', 8],
  ['Bank Deposit', 6],
  ['Manual', 5],
  ['Cash on Delivery', 3],
];

/** Offline methods report an empty payment status, as BigCommerce does. */
const OFFLINE = new Set(['Bank Deposit', 'Manual', 'Cash on Delivery']);

export function paymentStatusFor(rng: Rng, statusId: number, method: string): string {
  switch (statusId) {
    case 0:
      return '';
    case 4:
      return 'refunded';
    case 14:
      return 'partially refunded';
    case 5:
      return OFFLINE.has(method) ? '' : 'void';
    case 6:
      return OFFLINE.has(method) ? '' : 'declined';
    case 12:
      return 'held for review';
    case 1:
    case 7:
      return OFFLINE.has(method) ? '' : chance(rng, 0.5) ? 'pending' : 'authorized';
    default:
      return OFFLINE.has(method) ? '' : method === 'PayPal' && chance(rng, 0.3) ? 'paid' : 'captured';
  }
}
