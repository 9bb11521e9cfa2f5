import { resolvePlan } from './plan/resolve.js';
import { buildPlan } from './understanding/plan.js';
import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '../context/types.js';
import { composeBuiltinReply } from './builtin/compose.js';
import { minimiseForIntent } from './minimise.js';
import {
  makeContext,
  makeCustomer,
  makeIntentInput as makeInput,
  makeNotice,
  makeOrder,
  makeSplitOrder,
  makeStatus,
  makeUnknownContext,
  INTENT_TEXTS,
} from './test-helpers.js';
import { INTENTS, LANGUAGES, type ComposeInput, type Intent } from './types.js';

const fullAddress = { city: 'Austin', country: 'United States', countryIso2: 'US', street: '1 Main St', zip: '78701' };

/** Contexts that exercise every branch of the composer. */
function contexts() {
  const focus = makeSplitOrder({ shipTo: fullAddress });
  const older = makeOrder({ id: 5100, status: makeStatus(10), dateCreated: '2026-10-01T10:00:00Z' });
  const oldest = makeOrder({ id: 5099, status: makeStatus(11, 'Packing'), dateCreated: '2026-09-01T10:00:00Z' });
  return {
    latest: makeContext({ orders: [focus, older, oldest], focusOrder: focus, focusReason: 'latest' }),
    mentioned: makeContext({ orders: [focus, older, oldest], focusOrder: older, focusReason: 'mentioned' }),
    unmatched: makeContext({
      orders: [focus, older],
      focusOrder: focus,
      focusReason: 'latest',
      unmatchedOrderNumbers: [9999],
    }),
    guest: makeContext({ customer: null, orders: [makeOrder({ isGuest: true })] }),
    company: makeContext({ customer: makeCustomer({ company: 'Lopez Design' }) }),
    unknown: makeUnknownContext(),
    lookupFailed: makeUnknownContext({ notices: [makeNotice({ resource: 'orders', orderId: undefined })] }),
    notice: makeContext({ notices: [makeNotice()] }),
    payment: makeContext({ orders: [makeOrder({ status: makeStatus(11), paymentStatus: '' })] }),
  };
}

function withIntent(intent: Intent, context: CustomerContext, language: (typeof LANGUAGES)[number]): ComposeInput[] {
  const out: ComposeInput[] = [];
  for (const settings of [{}, { allowPhone: true, allowAddress: true }, { recentOrdersToMention: 1 }]) {
    // The composer reads which orders an email is about from its words, so a mentioned order is written.
    const named = makeInput(intent, { context, language, settings }).understanding.orderNumbers;
    const mention = (ids: number[]) =>
      ids.length > 0
        ? `${INTENT_TEXTS[intent]} Order ${ids.map((id) => `#${id}`).join(' and ')}.`
        : INTENT_TEXTS[intent];
    const input = makeInput(intent, { context, language, settings, message: { text: mention(named) } });
    out.push(input);
    // The same email naming two orders, and one naming an order plus asking for an address change.
    if (context.orders.length > 1) {
      const ids = context.orders.map((o) => o.id).slice(0, 2);
      out.push({
        ...input,
        message: { ...input.message, text: mention(ids) },
        understanding: { ...input.understanding, orderNumbers: ids },
      });
    }
    out.push({ ...input, understanding: { ...input.understanding, changeRequests: ['address'] } });
  }
  return out;
}

describe('minimiseForIntent', () => {
  it('leaves the built-in draft unchanged for every intent, language and context', () => {
    let compared = 0;
    for (const [name, context] of Object.entries(contexts())) {
      for (const intent of INTENTS) {
        for (const language of LANGUAGES) {
          for (const raw of withIntent(intent, context, language)) {
            // As in the pipeline: the plan is resolved against the full context before minimising.
            const at = new Date(raw.context.fetchedAt);
            const plan = resolvePlan(buildPlan(raw.message, at), raw.context, raw.message.text, at);
            const input = { ...raw, understanding: { ...raw.understanding, plan } };
            const minimised = minimiseForIntent(input.context, input.understanding, input.settings);
            const full = composeBuiltinReply(input).text;
            const lean = composeBuiltinReply({ ...input, context: minimised.context }).text;
            expect(lean, `${name} / ${intent} / ${language}`).toBe(full);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('a shipping question gets status, items and shipments, not the phone, the street or other orders', () => {
    const { latest } = contexts();
    const input = makeInput('shipping_tracking', {
      context: latest,
      settings: { allowPhone: true, allowAddress: true, recentOrdersToMention: 1 },
    });
    const { context, withheld } = minimiseForIntent(input.context, input.understanding, input.settings);
    expect(context.customer?.phone).toBeNull();
    expect(context.customer?.dateCreated).toBeNull();
    expect(context.orders.map((o) => o.id)).toEqual([5114]);
    const focus = context.focusOrder;
    expect(focus?.items).toHaveLength(2);
    expect(focus?.shipments).toHaveLength(2);
    expect(focus?.shipTo).toEqual({ ...fullAddress, street: null, zip: null });
    expect(focus?.paymentMethod).toBeNull();
    expect(withheld).toEqual(
      expect.arrayContaining([
        { record: 'customer', recordId: 12, field: 'phone', reason: 'not needed to answer a shipping question' },
        {
          record: 'order',
          recordIds: [5100, 5099],
          field: 'orders #5100, #5099',
          reason: 'not the order the email is about',
        },
        {
          record: 'order',
          recordId: 5114,
          field: 'street and postcode',
          reason: 'not needed to answer a shipping question',
        },
        {
          record: 'order',
          recordId: 5114,
          field: 'payment method and status',
          reason: 'not needed to answer a shipping question',
        },
      ]),
    );
  });

  it('keeps the recent orders a status reply lists, as numbers, dates and statuses only', () => {
    const { latest } = contexts();
    const input = makeInput('order_status', { context: latest, settings: { recentOrdersToMention: 2 } });
    const { context, withheld } = minimiseForIntent(input.context, input.understanding, input.settings);
    expect(context.orders.map((o) => o.id)).toEqual([5114, 5100]);
    expect(context.orders[1]?.items).toBeNull();
    expect(context.orders[1]?.shipments).toBeNull();
    expect(withheld).toContainEqual(expect.objectContaining({ recordIds: [5099], field: 'order #5099' }));
  });

  it('a payment question gets the payment fields but not the items or shipments', () => {
    const input = makeInput('payment_status');
    const { context, withheld } = minimiseForIntent(input.context, input.understanding, input.settings);
    expect(context.focusOrder?.paymentStatus).toBe('captured');
    expect(context.focusOrder?.items).toBeNull();
    expect(context.focusOrder?.shipments).toBeNull();
    expect(withheld.map((w) => w.field)).toEqual(expect.arrayContaining(['items', 'shipments']));
  });

  it('details on file: phone only when allowed, and a note when it was never read', () => {
    const allowed = makeInput('customer_info', { settings: { allowPhone: true } });
    expect(minimiseForIntent(allowed.context, allowed.understanding, allowed.settings).context.customer?.phone).toBe(
      '+1 512-555-0142',
    );
    const notAllowed = makeInput('customer_info', {
      context: makeContext({ customer: makeCustomer({ phone: null }) }),
      settings: { allowPhone: false },
    });
    const { withheld } = minimiseForIntent(notAllowed.context, notAllowed.understanding, notAllowed.settings);
    expect(withheld).toContainEqual({
      record: 'customer',
      recordId: 12,
      field: 'phone',
      reason: 'not read: the workspace does not allow phone numbers',
    });
  });

  it('other: the name and order numbers only', () => {
    const input = makeInput('other', { context: makeContext({ customer: makeCustomer({ company: 'Lopez Design' }) }) });
    const { context } = minimiseForIntent(input.context, input.understanding, input.settings);
    expect(context.customer).toMatchObject({ firstName: 'Maya', company: null, phone: null });
    expect(context.focusOrder).toMatchObject({ id: 5114, items: null, shipments: null, shipTo: null });
  });

  it('does not change the input', () => {
    const input = makeInput('order_status');
    const before = structuredClone(input.context);
    minimiseForIntent(input.context, input.understanding, input.settings);
    expect(input.context).toEqual(before);
  });
});
