/** Renders `GET /v2/store`: a plain object, no envelope. */
import type { StoreData } from '../store-data.js';

const CURRENCY_SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', CAD: '$', AUD: '$' };

/** A stable numeric store id derived from the hash (the real one is unrelated to it). */
function storeId(hash: string): number {
  let h = 1_000_000_000;
  for (const ch of hash) h = (h * 31 + ch.charCodeAt(0)) % 999_999_999;
  return 1_000_000_000 + h;
}

export function renderStoreInfo(store: StoreData): Record<string, unknown> {
  const domain = store.domain ?? `${store.hash}.example.com`;
  const currency = store.currency ?? 'USD';
  return {
    id: store.hash,
    account_uuid: `8d4d492f-17a1-4d95-b396-${storeId(store.hash).toString(16).padStart(12, '0').slice(-12)}`,
    domain,
    secure_url: `https://${domain}`,
    control_panel_base_url: `https://store-${store.hash}.mybigcommerce.com`,
    status: 'live',
    name: store.name,
    first_name: 'Store',
    last_name: 'Owner',
    address: store.address ?? '',
    country: store.country ?? 'United States',
    country_code: store.country_code ?? 'US',
    phone: store.phone ?? '',
    admin_email: store.admin_email ?? `owner@${domain}`,
    order_email: store.order_email ?? `orders@${domain}`,
    favicon_url: 'https://cdn11.bigcommerce.com/r-3b68d717e18793df0b51c71e16bc24664ad18b7c/img/bc_favicon.ico',
    timezone: {
      name: store.timezone ?? 'America/Chicago',
      raw_offset: -21600,
      dst_offset: -18000,
      dst_correction: true,
      date_format: { display: 'M jS Y', export: 'M jS Y', extended_display: 'M jS Y @ g:i A' },
    },
    language: store.language ?? 'en',
    currency,
    currency_symbol: CURRENCY_SYMBOLS[currency] ?? currency,
    decimal_separator: '.',
    thousands_separator: ',',
    decimal_places: 2,
    currency_symbol_location: 'left',
    weight_units: 'Ounces',
    dimension_units: 'Inches',
    dimension_decimal_places: 2,
    dimension_decimal_token: '.',
    dimension_thousands_token: ',',
    plan_name: 'Standard',
    plan_level: 'Standard',
    plan_is_trial: false,
    industry: 'Apparel',
    logo: [],
    is_price_entered_with_tax: false,
    store_id: storeId(store.hash),
    default_channel_id: 1,
    default_site_id: 1000,
    active_comparison_modules: [],
    infrastructure_region: 'us-central1',
    features: {
      stencil_enabled: true,
      sitewidehttps_enabled: true,
      facebook_catalog_id: '',
      checkout_type: 'optimized',
      wishlists_enabled: true,
      graphql_storefront_api_enabled: true,
      shopper_consent_tracking_enabled: false,
      multi_storefront_enabled: true,
      storefront_limits: { active: 1, total_including_inactive: 1 },
    },
  };
}
