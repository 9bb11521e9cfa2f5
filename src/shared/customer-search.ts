/**
 * Finding a store customer by hand (the agent's search in the Store data panel): the query, its
 * validation, and the result. The platform adapter answers it with read-only calls; nothing here
 * knows a wire format.
 */
import { z } from 'zod';
import { canLookUpEmail } from './email-identity.js';

/** Most customers one search shows: enough to pick from, small enough to read. */
export const MAX_CUSTOMER_RESULTS = 10;

export const CUSTOMER_SEARCH_KINDS = ['email', 'name', 'order'] as const;
export type CustomerSearchKind = (typeof CUSTOMER_SEARCH_KINDS)[number];

/** `by` + `q` as the form sends them; `q` is trimmed and checked against what `by` needs. */
export const customerSearchQuery = z
  .strictObject({
    by: z.enum(CUSTOMER_SEARCH_KINDS, { error: 'choose email, name or order number' }),
    q: z.string().trim().min(1, 'type something to search for').max(254, 'at most 254 characters'),
  })
  .superRefine((query, issues) => {
    const problem =
      query.by === 'email'
        ? canLookUpEmail(query.q)
          ? null
          : 'an email address looks like name@example.com (ASCII only)'
        : query.by === 'order'
          ? /^#?\d{1,12}$/.test(query.q) && Number(query.q.replace('#', '')) > 0
            ? null
            : 'an order number is a whole number, like 1234'
          : query.q.replace(/[\s,]/g, '').length >= 2 && query.q.length <= 100
            ? null
            : 'a name needs at least 2 letters (at most 100 characters)';
    if (problem) issues.addIssue({ code: 'custom', path: ['q'], message: problem });
  });
export type CustomerSearchQuery = z.infer<typeof customerSearchQuery>;

/** A customer account the search found. */
export interface CustomerMatch {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  company: string | null;
}

export interface CustomerSearchResult {
  customers: CustomerMatch[];
  /** The order an order-number search found (its date and status help tell it is the right one). */
  order: { id: number; dateCreated: string | null; status: string; isGuest: boolean } | null;
  /** One line when there is nothing to link, e.g. a guest checkout without an account. */
  note: string | null;
}

/** `#1234` or `1234` → 1234 (the query is validated first). */
export function orderNumberOf(q: string): number {
  return Number(q.replace('#', ''));
}
