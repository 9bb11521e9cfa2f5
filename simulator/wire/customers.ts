/** Renders a v3 customer (`customer_Full`), with the optional `include` blocks. */
import type { SimCustomer } from '../store-data.js';
import { wireAddress } from './derive.js';
import { FALLBACK_DATE, isoZ } from './format.js';

export function renderCustomer(customer: SimCustomer, include: ReadonlySet<string>): Record<string, unknown> {
  const created = customer.date_created ?? FALLBACK_DATE;
  const wire: Record<string, unknown> = {
    id: customer.id,
    authentication: { force_password_reset: false },
    company: customer.company ?? '',
    customer_group_id: customer.customer_group_id ?? 0,
    email: customer.email,
    first_name: customer.first_name,
    last_name: customer.last_name,
    notes: customer.notes ?? '',
    phone: customer.phone ?? '',
    registration_ip_address: '',
    tax_exempt_category: '',
    date_created: isoZ(created),
    date_modified: isoZ(customer.date_modified ?? created),
    accepts_product_review_abandoned_cart_emails: false,
    origin_channel_id: 1,
    channel_ids: null,
  };
  if (include.has('addresses')) {
    wire.addresses = (customer.addresses ?? []).map((address, i) => {
      const a = wireAddress(address);
      return {
        id: address.id ?? customer.id * 10 + i + 1,
        customer_id: customer.id,
        first_name: a.first_name,
        last_name: a.last_name,
        company: a.company,
        address1: a.street_1,
        address2: a.street_2,
        city: a.city,
        state_or_province: a.state,
        postal_code: a.zip,
        country: a.country,
        country_code: a.country_iso2,
        phone: a.phone,
        address_type: a.company ? 'commercial' : 'residential',
      };
    });
  }
  if (include.has('storecredit')) wire.store_credit_amounts = [{ amount: 0 }];
  if (include.has('attributes')) wire.attributes = [];
  if (include.has('formfields')) wire.form_fields = [];
  if (include.has('shopper_profile_id')) wire.shopper_profile_id = null;
  if (include.has('segment_ids')) wire.segment_ids = [];
  return wire;
}
