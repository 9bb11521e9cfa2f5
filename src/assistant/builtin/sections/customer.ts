import { block, clean, para, type Paragraph, type ReplyContext } from './common.js';

/**
 * "What details do you have on file": name, email and company; the phone (masked) and the delivery
 * address only when the customer asks for them and the workspace allows them (the reply goes only
 * to the account's own address). Never passwords or payment data. Then how to update them.
 */
export function customerSection(r: ReplyContext, asks: readonly string[] = ['phone', 'address']): Paragraph[] {
  const { context, settings, p } = r;
  const customer = context.customer;
  const lines: string[] = [];
  const add = (field: Parameters<typeof p.field>[0], value: string | null) => {
    if (value) lines.push(`- ${p.field(field, value)}`);
  };

  if (customer) {
    add('name', clean(`${customer.firstName} ${customer.lastName}`));
    add('email', clean(customer.email) || clean(context.senderEmail));
    if (settings.allowPhone && asks.includes('phone')) add('phone', maskPhone(r, customer.phone));
    add('company', clean(customer.company));
  } else if (context.orders.length > 0) {
    const name = context.senderName;
    if (name) add('name', clean(`${name.firstName} ${name.lastName}`));
    add('email', clean(context.senderEmail));
  } else {
    return [];
  }
  if (settings.allowAddress && asks.includes('address')) add('address', address(r));

  const intro = customer ? p.onFileIntro : p.guestIntro;
  return [
    ...para(block(intro, lines)),
    ...para(customer ? p.howToUpdateAccount(r.formal) : p.howToUpdateGuest(r.formal)),
    ...para(p.noSensitiveData, true),
  ];
}

/** "ending in 4567": enough to recognise the number, not enough to misuse it. */
function maskPhone(r: ReplyContext, phone: string | null): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 6 ? r.p.phoneEnding(digits.slice(-4)) : null;
}

/**
 * The address on file: the account's saved address, else the delivery address of the order in
 * focus (else the latest), when the context carries the street (addresses allowed).
 */
function address(r: ReplyContext): string | null {
  const shipTo = r.context.customer?.address ?? (r.context.focusOrder ?? r.context.orders[0])?.shipTo;
  if (!shipTo?.street) return null;
  const cityLine = [clean(shipTo.zip), clean(shipTo.city)].filter(Boolean).join(' ');
  const parts = [clean(shipTo.street), cityLine, clean(shipTo.country)].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}
