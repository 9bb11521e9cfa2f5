/** Renders a v3 catalog product; money and dimensions are JSON numbers here. */
import type { SimProduct } from '../store-data.js';
import { FALLBACK_DATE, isoOffset, moneyNumber, toUnits } from './format.js';

export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function renderProduct(product: SimProduct, include: ReadonlySet<string>): Record<string, unknown> {
  const price = moneyNumber(toUnits(product.price));
  const sale = product.sale_price === undefined ? 0 : moneyNumber(toUnits(product.sale_price));
  const created = product.date_created ?? FALLBACK_DATE;
  const wire: Record<string, unknown> = {
    id: product.id,
    name: product.name,
    type: product.type ?? 'physical',
    sku: product.sku ?? '',
    description: product.description ?? `<p>${product.name}</p>`,
    weight: product.weight ?? 1,
    width: 0,
    depth: 0,
    height: 0,
    price,
    cost_price: 0,
    retail_price: 0,
    sale_price: sale,
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: '',
    calculated_price: sale > 0 ? sale : price,
    categories: product.categories ?? [],
    brand_id: product.brand_id ?? 0,
    option_set_id: null,
    option_set_display: 'right',
    inventory_level: product.inventory_level ?? 0,
    inventory_warning_level: 0,
    inventory_tracking: product.inventory_level === undefined ? 'none' : 'product',
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: 0,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: product.is_visible ?? true,
    is_featured: false,
    related_products: [-1],
    warranty: '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: '',
    mpn: '',
    gtin: '',
    date_last_imported: null,
    search_keywords: '',
    availability: product.availability ?? 'available',
    availability_description: '',
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    date_created: isoOffset(created),
    date_modified: isoOffset(product.date_modified ?? created),
    view_count: 0,
    preorder_release_date: null,
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: product.url ?? `/${slug(product.name)}/`, is_customized: product.url !== undefined },
    base_variant_id: product.id * 10 + 1,
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
  };
  if (include.has('variants')) {
    wire.variants = [
      {
        id: product.id * 10 + 1,
        product_id: product.id,
        sku: product.sku ?? '',
        sku_id: null,
        price: null,
        calculated_price: wire.calculated_price,
        sale_price: null,
        retail_price: null,
        map_price: null,
        weight: null,
        calculated_weight: wire.weight,
        width: null,
        height: null,
        depth: null,
        is_free_shipping: false,
        fixed_cost_shipping_price: null,
        purchasing_disabled: false,
        purchasing_disabled_message: '',
        image_url: '',
        cost_price: null,
        upc: '',
        mpn: '',
        gtin: '',
        inventory_level: wire.inventory_level,
        inventory_warning_level: 0,
        bin_picking_number: '',
        option_values: [],
      },
    ];
  }
  for (const block of ['images', 'custom_fields', 'bulk_pricing_rules', 'modifiers', 'options', 'videos'] as const) {
    if (include.has(block)) wire[block] = [];
  }
  if (include.has('primary_image')) wire.primary_image = null;
  return wire;
}

/** `include_fields` keeps only the listed fields (and `id`); `exclude_fields` drops the listed ones. */
export function pickFields(wire: Record<string, unknown>, includeFields?: string[], excludeFields?: string[]) {
  let out = wire;
  if (includeFields && includeFields.length > 0) {
    const keep = new Set(['id', ...includeFields]);
    out = Object.fromEntries(Object.entries(out).filter(([key]) => keep.has(key)));
  }
  if (excludeFields && excludeFields.length > 0) {
    const drop = new Set(excludeFields.filter((f) => f !== 'id'));
    out = Object.fromEntries(Object.entries(out).filter(([key]) => !drop.has(key)));
  }
  return out;
}
