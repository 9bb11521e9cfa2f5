/** `GET /v3/catalog/products` (+ `/{id}`): numbers for money, `links` and `too_many` in pagination. */
import { json, notFoundV3, v3Error } from '../http/reply.js';
import type { SimProduct } from '../store-data.js';
import { moneyNumber, toUnits } from '../wire/format.js';
import { pickFields, renderProduct } from '../wire/catalog.js';
import type { Route, RouteContext } from './context.js';
import { isReply, pageSlice, paging } from './context.js';

const list = (value: string | null): string[] => (value ? value.split(',').filter((v) => v !== '') : []);

function idFilter(q: URLSearchParams): ((id: number) => boolean) | null {
  const checks: ((id: number) => boolean)[] = [];
  const inIds = list(q.get('id:in'));
  const notIn = list(q.get('id:not_in'));
  if ([...inIds, ...notIn].some((v) => !/^\d+$/.test(v))) return null;
  if (inIds.length > 0) {
    const set = new Set(inIds.map(Number));
    checks.push((id) => set.has(id));
  }
  if (notIn.length > 0) {
    const set = new Set(notIn.map(Number));
    checks.push((id) => !set.has(id));
  }
  const bound = (name: string, test: (id: number, n: number) => boolean) => {
    const raw = q.get(name);
    if (raw !== null) checks.push((id) => test(id, Number(raw)));
  };
  bound('id', (id, n) => id === n);
  bound('id:min', (id, n) => id >= n);
  bound('id:max', (id, n) => id <= n);
  bound('id:greater', (id, n) => id > n);
  bound('id:less', (id, n) => id < n);
  return (id) => checks.every((check) => check(id));
}

function filterProducts(ctx: RouteContext): SimProduct[] | null {
  const q = ctx.query;
  const ids = idFilter(q);
  if (!ids) return null;
  const name = q.get('name');
  const sku = q.get('sku');
  const skus = new Set(list(q.get('sku:in')));
  const keyword = q.get('keyword')?.toLowerCase();
  const availability = q.get('availability');
  const visible = q.get('is_visible');
  const type = q.get('type');
  return ctx.data.products.filter(
    (p) =>
      ids(p.id) &&
      (name === null || p.name === name) &&
      (sku === null || p.sku === sku) &&
      (skus.size === 0 || skus.has(p.sku ?? '')) &&
      (!keyword || p.name.toLowerCase().includes(keyword) || (p.sku ?? '').toLowerCase().includes(keyword)) &&
      (availability === null || (p.availability ?? 'available') === availability) &&
      (visible === null || String(p.is_visible ?? true) === visible) &&
      (type === null || (p.type ?? 'physical') === type),
  );
}

const SORTS: Record<string, (p: SimProduct) => number | string> = {
  id: (p) => p.id,
  name: (p) => p.name.toLowerCase(),
  sku: (p) => p.sku ?? '',
  price: (p) => moneyNumber(toUnits(p.price)),
  inventory_level: (p) => p.inventory_level ?? 0,
  date_modified: (p) => Date.parse(p.date_modified ?? p.date_created ?? '2025-01-01T00:00:00Z'),
  total_sold: () => 0,
};

/** Relative links mirroring the request's own parameter order, with `page` swapped. */
function pageLink(q: URLSearchParams, page: number, limit: number): string {
  const params = new URLSearchParams(q);
  if (!params.has('limit')) params.set('limit', String(limit));
  params.set('page', String(page));
  return `?${params.toString()}`;
}

export const catalogRoutes: Route[] = [
  {
    version: 'v3',
    pattern: /^\/v3\/catalog\/products$/,
    scope: 'products',
    handle(ctx) {
      const page = paging(ctx.query, 'v3');
      if (isReply(page)) return page;
      const products = filterProducts(ctx);
      if (!products) return v3Error(422, 'The following fields are invalid: id:in');
      const sortKey = SORTS[ctx.query.get('sort') ?? 'id'];
      const direction = ctx.query.get('direction') ?? 'asc';
      if (!sortKey || !['asc', 'desc'].includes(direction))
        return v3Error(422, 'The following fields are invalid: sort');
      const sign = direction === 'desc' ? -1 : 1;
      products.sort((a, b) => {
        const ka = sortKey(a);
        const kb = sortKey(b);
        return sign * (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id);
      });
      const include = new Set(list(ctx.query.get('include')));
      const includeFields = list(ctx.query.get('include_fields'));
      const excludeFields = list(ctx.query.get('exclude_fields'));
      const items = pageSlice(products, page);
      const totalPages = Math.max(1, Math.ceil(products.length / page.limit));
      const links: Record<string, string> = {};
      if (page.page > 1) links.previous = pageLink(ctx.query, page.page - 1, page.limit);
      links.current = pageLink(ctx.query, page.page, page.limit);
      if (page.page < totalPages) links.next = pageLink(ctx.query, page.page + 1, page.limit);
      return json({
        data: items.map((p) => pickFields(renderProduct(p, include), includeFields, excludeFields)),
        meta: {
          pagination: {
            total: products.length,
            count: items.length,
            per_page: page.limit,
            current_page: page.page,
            total_pages: totalPages,
            links,
            too_many: false,
          },
        },
      });
    },
  },
  {
    version: 'v3',
    pattern: /^\/v3\/catalog\/products\/(\d+)$/,
    scope: 'products',
    handle(ctx) {
      const id = Number(ctx.params[0]);
      const product = ctx.index.productById(id);
      if (!product) return notFoundV3(`Product with id ${id} not found`);
      const include = new Set(list(ctx.query.get('include')));
      const wire = pickFields(
        renderProduct(product, include),
        list(ctx.query.get('include_fields')),
        list(ctx.query.get('exclude_fields')),
      );
      return json({ data: wire, meta: {} });
    },
  },
];
