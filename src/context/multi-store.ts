/**
 * Several stores per workspace: when an inbox looks the sender up in every connected store, the
 * context is built in each store (in parallel, each through its own cached store) and exactly one
 * is chosen. Data is never merged across stores: the reply speaks from one store or from none.
 *
 * The choice, strongest evidence first:
 *   1. a store where an order number the sender mentioned is theirs;
 *   2. a store with a customer record for the sender's address;
 *   3. a store where the sender has orders (guest checkout);
 *   4. none: the reply asks for details, as it does when one store finds nothing.
 * Ties go to more mentioned orders owned, then the newest order, then the order the stores were given in.
 *
 * Notices of the stores not chosen are dropped (they are about lookups that found nobody); a store
 * that could not be read at all becomes one notice on the result, so a broken integration among
 * several never stops the others.
 */
import { describeError, isAppError } from '../shared/errors.js';
import type { StoreDataSource } from '../shared/store-data.js';
import { buildCustomerContext, type BuildCustomerContextInput } from './build.js';
import { normalizeEmail } from './email.js';
import type { ContextNotice, CustomerContext } from './types.js';

export type StoreMatch = 'mentioned_order' | 'customer' | 'guest_orders' | 'none';

/** What one store gave: a context, or the reason it could not be read. */
export type StoreLookup<K> = { key: K; label: string } & (
  { ok: true; context: CustomerContext } | { ok: false; code: string; message: string; error?: unknown }
);

export interface StoreChoice<K> {
  /** The chosen store's key, or null when the sender was found in none. */
  key: K | null;
  match: StoreMatch;
  /** The chosen store's context (plus a notice per unreadable store), or a context without a store. */
  context: CustomerContext;
}

const RANK: Record<StoreMatch, number> = { mentioned_order: 3, customer: 2, guest_orders: 1, none: 0 };

/** How strongly a store's context says the sender is its customer. */
export function storeMatch(context: CustomerContext): StoreMatch {
  if (context.focusReason === 'mentioned' && context.focusOrder) return 'mentioned_order';
  if (context.customer) return 'customer';
  if (context.orders.length > 0) return 'guest_orders';
  return 'none';
}

function newest(context: CustomerContext): string {
  return context.orders.reduce((latest, order) => {
    const at = order.dateCreated ?? '';
    return at > latest ? at : latest;
  }, '');
}

function failureNotice(lookup: { label: string; code: string; message: string }): ContextNotice {
  return {
    code: lookup.code,
    resource: 'store',
    message: `The store ${lookup.label} could not be read: ${lookup.message}`,
  };
}

/** Pure: picks one store's context from what every store gave. */
export function chooseStore<K>(input: {
  senderEmail: string;
  mentionedOrderNumbers: readonly number[];
  lookups: readonly StoreLookup<K>[];
  now: Date;
}): StoreChoice<K> {
  const mentioned = new Set(input.mentionedOrderNumbers);
  const failures = input.lookups.filter((l): l is Extract<StoreLookup<K>, { ok: false }> => !l.ok);
  const found = input.lookups.filter((l): l is Extract<StoreLookup<K>, { ok: true }> => l.ok);
  const failureNotices = failures.map(failureNotice);

  let best: { lookup: (typeof found)[number]; match: StoreMatch } | null = null;
  for (const lookup of found) {
    const match = storeMatch(lookup.context);
    if (match === 'none') continue;
    if (!best || better(lookup.context, match, best.lookup.context, best.match, mentioned)) best = { lookup, match };
  }

  if (best) {
    const { lookup, match } = best;
    return {
      key: lookup.key,
      match,
      context: { ...lookup.context, notices: [...lookup.context.notices, ...failureNotices] },
    };
  }

  // Found nowhere. A store whose lookups failed may still hold the sender: its notices stay,
  // named by store, so the reply does not claim more than was checked.
  const incomplete = found.flatMap((lookup) =>
    lookup.context.notices
      .filter((notice) => notice.resource !== 'store')
      .map((notice) => ({ ...notice, message: `${lookup.label}: ${notice.message}` })),
  );
  const checked = found.map((lookup) => lookup.label);
  const mentionedUnmatched =
    found.length === 0
      ? []
      : (found[0]?.context.unmatchedOrderNumbers ?? []).filter((id) =>
          found.every((lookup) => lookup.context.unmatchedOrderNumbers.includes(id)),
        );
  return {
    key: null,
    match: 'none',
    context: {
      senderEmail: normalizeEmail(input.senderEmail),
      store: null,
      customer: null,
      senderName: null,
      orders: [],
      focusOrder: null,
      focusReason: null,
      unmatchedOrderNumbers: mentionedUnmatched,
      notices: [
        ...(checked.length
          ? [
              {
                code: 'not_found',
                resource: 'customer' as const,
                message: `The sender was not found in ${checked.length === 1 ? 'the store' : 'any of the stores'} ${checked.join(', ')}.`,
              },
            ]
          : []),
        ...incomplete,
        ...failureNotices,
      ],
      fetchedAt: input.now.toISOString(),
    },
  };
}

function better(
  a: CustomerContext,
  aMatch: StoreMatch,
  b: CustomerContext,
  bMatch: StoreMatch,
  mentioned: ReadonlySet<number>,
): boolean {
  if (RANK[aMatch] !== RANK[bMatch]) return RANK[aMatch] > RANK[bMatch];
  const mentionedA = ownedMentions(a, mentioned);
  const mentionedB = ownedMentions(b, mentioned);
  if (mentionedA !== mentionedB) return mentionedA > mentionedB;
  return newest(a) > newest(b);
}

/** How many of the order numbers the sender wrote are theirs in this store. */
function ownedMentions(context: CustomerContext, mentioned: ReadonlySet<number>): number {
  return context.orders.filter((order) => mentioned.has(order.id)).length;
}

export interface StoreToSearch<K> {
  key: K;
  label: string;
  store: StoreDataSource;
}

/**
 * Builds the context in every store at once and chooses one. A store that throws (a broken
 * token, a refused hash) becomes a failed lookup; the caller decides what that means for the
 * integration (`lookups` lists them). An abort of the whole build is rethrown.
 */
export async function buildContextInStores<K>(
  input: Omit<BuildCustomerContextInput, 'store'> & {
    stores: readonly StoreToSearch<K>[];
    /** Stores known to be unusable without asking them (e.g. marked broken): a notice each. */
    unreadable?: readonly { key: K; label: string; code: string; message: string }[];
  },
): Promise<StoreChoice<K> & { lookups: StoreLookup<K>[] }> {
  const { stores, unreadable = [], ...build } = input;
  const lookups: StoreLookup<K>[] = await Promise.all(
    stores.map(async ({ key, label, store }): Promise<StoreLookup<K>> => {
      try {
        return { key, label, ok: true, context: await buildCustomerContext({ ...build, store }) };
      } catch (error) {
        if (input.signal?.aborted) throw error;
        const code = isAppError(error) ? error.code : 'unexpected';
        return { key, label, ok: false, code, message: describeError(error), error };
      }
    }),
  );
  const all: StoreLookup<K>[] = [...lookups, ...unreadable.map((u) => ({ ...u, ok: false as const }))];
  const now = (input.now ?? (() => new Date()))();
  return {
    ...chooseStore({
      senderEmail: input.senderEmail,
      mentionedOrderNumbers: input.mentionedOrderNumbers,
      lookups: all,
      now,
    }),
    lookups: all,
  };
}
