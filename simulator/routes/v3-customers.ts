/** `GET /v3/customers`: v3 envelope, 200 with `data: []` on no match, 422 on an unknown filter. */
import type { Reply } from '../http/reply.js';
import { invalidFilters, json, v3Error } from '../http/reply.js';
import type { SimCustomer } from '../store-data.js';
import { emailEquals } from '../store-index.js';
import { renderCustomer } from '../wire/customers.js';
import type { Route, RouteContext } from './context.js';
import { isReply, pageSlice, paging } from './context.js';

const KNOWN = new Set([
  'page',
  'limit',
  'id:in',
  'email:in',
  'name:in',
  'name:like',
  'company:in',
  'customer_group_id:in',
  'phone:in',
  'registration_ip_address:in',
  'date_created',
  'date_created:min',
  'date_created:max',
  'date_modified',
  'date_modified:min',
  'date_modified:max',
  'include',
  'sort',
  'after',
  'before',
]);

const list = (value: string | null): string[] => (value ? value.split(',').filter((v) => v !== '') : []);

/** Cursors are base64url JSON of the edge item's id, as BigCommerce's are (`eyJpZCI6MTJ9` = `{"id":12}`). */
const encodeCursor = (id: number): string => Buffer.from(JSON.stringify({ id })).toString('base64url');
function decodeCursor(cursor: string): number | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const id = (value as { id?: unknown } | null)?.id;
    return typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

function filterCustomers(ctx: RouteContext): SimCustomer[] | Reply {
  const q = ctx.query;
  const created = (c: SimCustomer): number => ctx.index.customerTime(c, 'date_created');
  const modified = (c: SimCustomer): number => ctx.index.customerTime(c, 'date_modified');
  const ids = list(q.get('id:in'));
  const emails = list(q.get('email:in'));
  if (ids.some((id) => !/^\d+$/.test(id))) return v3Error(422, 'The following fields are invalid: id:in');
  let candidates: readonly SimCustomer[] = ctx.data.customers;
  if (emails.length > 0) {
    const seen = new Set<SimCustomer>();
    for (const email of emails) for (const c of ctx.index.customersByEmail(email)) seen.add(c);
    candidates = [...seen].filter((c) => emails.some((e) => emailEquals(c.email, e, ctx.emailMatch)));
  }
  const idSet = new Set(ids.map(Number));
  const names = list(q.get('name:in')).map((n) => n.toLowerCase());
  // `name:like` is a list like the `:in` filters: a customer matches when any substring does.
  const likes = list(q.get('name:like')).map((n) => n.toLowerCase());
  const companies = list(q.get('company:in')).map((n) => n.toLowerCase());
  const groups = new Set(list(q.get('customer_group_id:in')).map(Number));
  const phones = new Set(list(q.get('phone:in')));
  const bounds = (name: string): [number, number] => {
    const exact = q.get(name);
    const min = q.get(`${name}:min`) ?? exact;
    const max = q.get(`${name}:max`);
    return [
      min ? Date.parse(min) : -Infinity,
      max ? Date.parse(max) : exact ? Date.parse(exact) + 86_399_999 : Infinity,
    ];
  };
  const [cMin, cMax] = bounds('date_created');
  const [mMin, mMax] = bounds('date_modified');
  const createdBound = cMin !== -Infinity || cMax !== Infinity;
  const modifiedBound = mMin !== -Infinity || mMax !== Infinity;
  return candidates.filter((c) => {
    const full = `${c.first_name} ${c.last_name}`.toLowerCase();
    if (idSet.size > 0 && !idSet.has(c.id)) return false;
    if (names.length > 0 && !names.includes(full)) return false;
    if (likes.length > 0 && !likes.some((like) => full.includes(like))) return false;
    if (companies.length > 0 && !companies.includes((c.company ?? '').toLowerCase())) return false;
    if (groups.size > 0 && !groups.has(c.customer_group_id ?? 0)) return false;
    if (phones.size > 0 && !phones.has(c.phone ?? '')) return false;
    if (createdBound && (created(c) < cMin || created(c) > cMax)) return false;
    if (modifiedBound && (modified(c) < mMin || modified(c) > mMax)) return false;
    return true;
  });
}

function sortCustomers(ctx: RouteContext, customers: SimCustomer[], sort: string | null): SimCustomer[] | Reply {
  // Unsorted lists come back newest first (observed on a real store).
  const [field = 'date_created', direction = 'desc'] = sort ? sort.split(':') : [];
  const keys: Record<string, (c: SimCustomer) => number | string> = {
    date_created: (c) => ctx.index.customerTime(c, 'date_created'),
    date_modified: (c) => ctx.index.customerTime(c, 'date_modified'),
    last_name: (c) => c.last_name.toLowerCase(),
  };
  const key = keys[field];
  if (!key || !['asc', 'desc'].includes(direction)) return v3Error(422, 'The following fields are invalid: sort');
  const sign = direction === 'asc' ? 1 : -1;
  // Keys computed once per customer, not once per comparison (date parsing dominates on 10k customers).
  const keyed = customers.map((customer) => ({ customer, key: key(customer) }));
  keyed.sort((a, b) => sign * (a.key < b.key ? -1 : a.key > b.key ? 1 : a.customer.id - b.customer.id));
  return keyed.map((k) => k.customer);
}

export const customerRoutes: Route[] = [
  {
    version: 'v3',
    pattern: /^\/v3\/customers$/,
    scope: 'customers',
    handle(ctx) {
      const unknown = [...new Set(ctx.query.keys())].filter((key) => !KNOWN.has(key));
      if (unknown.length > 0) return invalidFilters(unknown);
      const page = paging(ctx.query, 'v3');
      if (isReply(page)) return page;
      const filtered = filterCustomers(ctx);
      if (isReply(filtered)) return filtered;
      const sorted = sortCustomers(ctx, filtered, ctx.query.get('sort'));
      if (isReply(sorted)) return sorted;
      const include = new Set(list(ctx.query.get('include')));
      const render = (items: SimCustomer[]) => items.map((c) => renderCustomer(c, include));
      const after = ctx.query.get('after');
      const before = ctx.query.get('before');
      const cursor = after ?? before;
      if (cursor !== null) {
        // Cursor mode ignores `page` and answers only `cursor_pagination`.
        const id = decodeCursor(cursor);
        const at = sorted.findIndex((c) => c.id === id);
        if (id === null || at < 0) return v3Error(422, 'The following fields are invalid: cursor');
        const items =
          after !== null ? sorted.slice(at + 1, at + 1 + page.limit) : sorted.slice(Math.max(0, at - page.limit), at);
        return json({ data: render(items), meta: { cursor_pagination: cursorBlock(items, page.limit, sorted) } });
      }
      const items = pageSlice(sorted, page);
      const pagination = {
        total: sorted.length,
        count: items.length,
        per_page: page.limit,
        current_page: page.page,
        total_pages: Math.max(1, Math.ceil(sorted.length / page.limit)),
      };
      const meta: Record<string, unknown> = { pagination };
      if (page.page === 1) meta.cursor_pagination = cursorBlock(items, page.limit, sorted);
      return json({ data: render(items), meta });
    },
  },
];

function cursorBlock(items: SimCustomer[], limit: number, all: SimCustomer[]) {
  const first = items[0];
  const last = items.at(-1);
  const links: Record<string, string> = {};
  if (last && all.at(-1) !== last) links.next = `?after=${encodeCursor(last.id)}&limit=${limit}`;
  if (first && all[0] !== first) links.previous = `?before=${encodeCursor(first.id)}&limit=${limit}`;
  return {
    count: items.length,
    per_page: limit,
    start_cursor: first ? encodeCursor(first.id) : null,
    end_cursor: last ? encodeCursor(last.id) : null,
    links,
  };
}
