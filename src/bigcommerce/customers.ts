/**
 * Customers (Customers scope, `GET /v3/customers`): by email (`email:in`), by id (`id:in`; v3 has
 * no single-customer GET) and by name (`name:like`).
 */
import { canLookUpEmail } from '../shared/email-identity.js';
import type { Customer, RequestOptions } from '../shared/store-data.js';
import type { BigCommerceClient } from './client.js';
import { MAX_PAGE_SIZE } from './config.js';
import { emailKey, idOrNull, text, textOrNull, toIsoDate } from './normalise.js';
import { parseWire, v3Pages } from './paging.js';
import { customerList, customerSchema, type WireCustomer } from './schemas.js';

export const CUSTOMERS_PATH = '/v3/customers';

/**
 * Whether `email:in` matches case-insensitively is not documented, so we ask for the address as
 * written and its lower-case form in one list, then keep only matches up to ASCII case ourselves
 * (which also protects against a server that ignores the filter, or one whose collation folds
 * Unicode look-alikes such as the Kelvin sign into ASCII letters). An address that is not plain
 * printable ASCII is not asked about at all: it can only ever match itself, and the store's
 * filter may match it to someone else.
 */
export async function findCustomersByEmail(
  client: BigCommerceClient,
  email: string,
  options: RequestOptions = {},
): Promise<Customer[]> {
  const written = typeof email === 'string' ? email.trim() : '';
  if (!canLookUpEmail(written)) return [];
  const wanted = emailKey(written);
  const variants = [...new Set([written, wanted])];

  const found: Customer[] = [];
  const seen = new Set<number>();
  // The saved addresses come in the same request: "what address do you have on file" needs them.
  const pages = v3Pages(
    client,
    CUSTOMERS_PATH,
    { 'email:in': variants, include: 'addresses' },
    customerSchema,
    MAX_PAGE_SIZE,
    options,
  );
  for await (const rows of pages) {
    for (const row of rows) {
      if (emailKey(row.email) !== wanted || seen.has(row.id)) continue;
      seen.add(row.id);
      found.push(mapCustomer(row));
    }
  }
  return found;
}

export function mapCustomer(wire: WireCustomer): Customer {
  return {
    id: wire.id,
    email: wire.email.trim(),
    firstName: text(wire.first_name),
    lastName: text(wire.last_name),
    phone: textOrNull(wire.phone),
    company: textOrNull(wire.company),
    customerGroupId: idOrNull(wire.customer_group_id),
    dateCreated: toIsoDate(wire.date_created),
    addresses: (wire.addresses ?? []).map((a) => ({
      street1: text(a.address1),
      street2: textOrNull(a.address2),
      city: text(a.city),
      state: textOrNull(a.state_or_province),
      zip: textOrNull(a.postal_code),
      country: text(a.country),
      countryIso2: textOrNull(a.country_code),
    })),
  };
}

/** One customer by id, or null when the store has none with it (`id:in`, re-checked on our side). */
export async function getCustomerById(
  client: BigCommerceClient,
  customerId: number,
  options: RequestOptions = {},
): Promise<Customer | null> {
  if (!Number.isSafeInteger(customerId) || customerId <= 0) return null;
  const response = await client.get(CUSTOMERS_PATH, { 'id:in': [customerId], include: 'addresses' }, options);
  if (response.body === null) return null;
  const { data } = parseWire(customerList, response.body, CUSTOMERS_PATH);
  const row = data.find((wire) => wire.id === customerId);
  return row ? mapCustomer(row) : null;
}

/**
 * Customers whose name contains every word of `name` (case-insensitively), at most `limit`.
 * `name:like` matches a substring of first and last name joined, but how they are joined is not
 * documented: the store is asked for the longest word only and the whole name is checked here.
 * A comma would split the filter into several, so words never carry one.
 */
export async function searchCustomersByName(
  client: BigCommerceClient,
  name: string,
  limit: number,
  options: RequestOptions = {},
): Promise<Customer[]> {
  const words = name
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((word) => word !== '');
  const longest = [...words].sort((a, b) => b.length - a.length)[0];
  if (!longest || limit <= 0) return [];
  const found: Customer[] = [];
  // One page of candidates is enough to pick `limit` from; more words only narrow it.
  const pages = v3Pages(
    client,
    CUSTOMERS_PATH,
    { 'name:like': [longest] },
    customerSchema,
    MAX_NAME_CANDIDATES,
    options,
  );
  for await (const rows of pages) {
    for (const row of rows) {
      const full = `${row.first_name ?? ''} ${row.last_name ?? ''}`.toLowerCase();
      if (words.every((word) => full.includes(word))) found.push(mapCustomer(row));
      if (found.length >= limit) return found;
    }
    break;
  }
  return found;
}

const MAX_NAME_CANDIDATES = 50;
