/** Registered customers: realistic names, unique emails, some phones/companies, one market each. */
import type { SimCustomer } from '../store-data.js';
import type { Market } from './places.js';
import { makeAddress, pickMarket } from './places.js';
import type { Rng } from './random.js';
import { BASE_DATE_MS, DAY_MS, chance, int, isoAt, pick, weighted } from './random.js';

export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'inbox.example.net'];

export interface Person {
  first_name: string;
  last_name: string;
  email: string;
  market: Market;
}

export interface GeneratedCustomer extends SimCustomer {
  market: Market;
  createdMs: number;
}

const ascii = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

/** A plausible address; `taken` keeps every generated email unique across customers and guests. */
export function makePerson(rng: Rng, taken: Set<string>): Person {
  const first = rng.person.firstName();
  const last = rng.person.lastName();
  const f = ascii(first);
  const l = ascii(last);
  const local = weighted(rng, [
    [`${f}.${l}`, 50],
    [`${f}${l}`, 15],
    [`${f[0] ?? 'x'}${l}`, 15],
    [`${f}_${l}${int(rng, 1, 99)}`, 10],
    [`${l}.${f}`, 10],
  ]);
  const domain = pick(rng, EMAIL_DOMAINS);
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email.toLowerCase()); n++) email = `${local}${n}@${domain}`;
  taken.add(email.toLowerCase());
  return { first_name: first, last_name: last, email, market: pickMarket(rng) };
}

/** Some people register with capitals in their address; lookups must still find them. */
export function capitalise(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const cap = (s: string): string =>
    s.replace(/(^|[._])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
  return `${cap(local)}@${cap(domain.split('.')[0] ?? '')}${domain.slice(domain.indexOf('.'))}`;
}

export function generateCustomers(rng: Rng, count: number, taken: Set<string>): GeneratedCustomer[] {
  // Ids follow registration order, as real stores' do.
  const created = Array.from({ length: count }, () => BASE_DATE_MS - int(rng, 10 * 60, 730 * 60) * (DAY_MS / 60)).sort(
    (a, b) => a - b,
  );
  return created.map((createdMs, i) => {
    const person = makePerson(rng, taken);
    const customer: GeneratedCustomer = {
      id: i + 1,
      email: chance(rng, 0.04) ? capitalise(person.email) : person.email,
      first_name: person.first_name,
      last_name: person.last_name,
      date_created: isoAt(createdMs),
      date_modified: isoAt(Math.min(BASE_DATE_MS, createdMs + int(rng, 0, 30) * DAY_MS)),
      market: person.market,
      createdMs,
    };
    if (chance(rng, 0.6)) customer.phone = rng.phone.number({ style: 'national' });
    if (chance(rng, 0.15)) customer.company = rng.company.name();
    const group = weighted(rng, [
      [0, 85],
      [1, 10],
      [2, 5],
    ]);
    if (group > 0) customer.customer_group_id = group;
    const address = makeAddress(rng, person.market, customer);
    customer.addresses = [{ ...address, ...(customer.phone ? { phone: customer.phone } : {}) }];
    return customer;
  });
}
