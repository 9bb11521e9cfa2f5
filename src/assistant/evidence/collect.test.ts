import { describe, expect, it } from 'vitest';
import { composeBuiltinReply } from '../builtin/compose.js';
import { createFormatter } from '../builtin/format.js';
import { phrasesFor } from '../builtin/i18n/index.js';
import { minimiseForIntent } from '../minimise.js';
import {
  makeContext,
  makeIntentInput as makeInput,
  makeOrder,
  makeSplitOrder,
  makeStatus,
  money,
} from '../test-helpers.js';
import { LANGUAGES, type Intent, type Language } from '../types.js';
import { collectEvidence, segmentText, type Evidence, type EvidenceFact } from './index.js';

const split = makeSplitOrder({
  shipTo: { city: 'Austin', country: 'United States', countryIso2: 'US', street: '1 Main St', zip: '78701' },
});
const older = makeOrder({ id: 5100, status: makeStatus(10), dateCreated: '2026-10-01T10:00:00Z' });
const context = makeContext({ orders: [split, older], focusOrder: split, focusReason: 'latest' });

function draftFor(intent: Intent, language: Language, settings = {}) {
  const input = makeInput(intent, { context, language, settings });
  const minimised = minimiseForIntent(input.context, input.understanding, input.settings);
  const draft = composeBuiltinReply({ ...input, context: minimised.context });
  return { text: draft.text, evidence: collectEvidence(draft.text, minimised.context, minimised.withheld) };
}

function occurrences(text: string, needle: string): [number, number][] {
  const out: [number, number][] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    out.push([at, at + needle.length]);
  }
  return out;
}

function factsFor(evidence: Evidence, field: string, recordId?: number): EvidenceFact[] {
  return evidence.facts.filter((f) => f.field === field && (recordId === undefined || f.recordId === recordId));
}

/** Every occurrence of `needle` in the text is covered by a span of one of the facts. */
function expectCovered(text: string, needle: string, facts: EvidenceFact[], label: string): void {
  const found = occurrences(text, needle);
  expect(found.length, `${label}: "${needle}" in draft`).toBeGreaterThan(0);
  const spans = facts.flatMap((f) => f.spans);
  for (const [start, end] of found) {
    expect(
      spans.some(([s, e]) => s <= start && end <= e),
      `${label}: "${needle}" at ${start}`,
    ).toBe(true);
  }
  for (const [s, e] of spans) expect(text.slice(s, e).length).toBeGreaterThan(0);
}

describe.each(LANGUAGES)('collectEvidence over built-in drafts [%s]', (language) => {
  const p = phrasesFor(language);
  const f = createFormatter(language, context.store?.timezone);

  it('a status reply: order numbers, status, carriers, tracking numbers and links, items, dates', () => {
    const { text, evidence } = draftFor('order_status', language);
    expectCovered(text, p.orderRef(5114), factsFor(evidence, 'order number', 5114), 'order');
    // The completed older order is not on its way: the reply no longer lists other recent orders.
    expect(text).not.toContain(p.orderRef(5100));
    expect(factsFor(evidence, 'order number', 5100)).toEqual([]);
    for (const shipment of split.shipments ?? []) {
      expectCovered(text, shipment.trackingNumber ?? '', factsFor(evidence, 'trackingNumber', shipment.id), 'tracking');
      expectCovered(text, shipment.trackingLink ?? '', factsFor(evidence, 'trackingLink', shipment.id), 'link');
      expectCovered(text, shipment.carrier ?? '', factsFor(evidence, 'carrier', shipment.id), 'carrier');
      expectCovered(text, f.date(shipment.dateCreated) ?? '', factsFor(evidence, 'dateCreated', shipment.id), 'date');
    }
    for (const item of split.items ?? [])
      expectCovered(text, item.name, factsFor(evidence, 'name', item.lineId), 'item');
    // The status in plain words.
    const status = factsFor(evidence, 'status', 5114)[0];
    expect(status?.value).toBe('Partially Shipped');
    expect(status?.spans.length).toBeGreaterThan(0);
    expect(factsFor(evidence, 'status', 5100)).toEqual([]);
    // Quantities: "3 × Linen Apron" (ordered) and "2 × Linen Apron" (in the shipment).
    const quantities = factsFor(evidence, 'quantity', 2).map((q) => q.value);
    expect(quantities).toEqual(expect.arrayContaining(['2']));
    for (const q of factsFor(evidence, 'quantity')) {
      for (const span of q.spans) expect(text.slice(...span)).toBe(q.value);
    }
  });

  it('an items reply: amounts formatted for the language, item names, SKU-free', () => {
    const { text, evidence } = draftFor('order_items', language);
    expectCovered(text, f.money(split.total) ?? '', factsFor(evidence, 'total', 5114), 'total');
    for (const item of split.items ?? [])
      expectCovered(text, item.name, factsFor(evidence, 'name', item.lineId), 'item');
    expectCovered(text, f.date(split.dateCreated) ?? '', factsFor(evidence, 'dateCreated', 5114), 'order date');
    expect(factsFor(evidence, 'value').length).toBe(0);
  });

  it('a payment reply: the total and the order', () => {
    const paid = makeOrder({ status: makeStatus(11), paymentStatus: 'captured', total: money('1234.50', 'EUR') });
    const input = makeInput('payment_status', { context: makeContext({ orders: [paid] }), language });
    const minimised = minimiseForIntent(input.context, input.understanding, input.settings);
    const draft = composeBuiltinReply({ ...input, context: minimised.context });
    const evidence = collectEvidence(draft.text, minimised.context, minimised.withheld);
    expectCovered(draft.text, f.money(paid.total) ?? '', factsFor(evidence, 'total', 5114), 'total');
    expectCovered(draft.text, p.orderRef(5114), factsFor(evidence, 'order number', 5114), 'order');
  });

  it('the greeting name and the store name are facts; withheld lists phone, address and other orders', () => {
    const { text, evidence } = draftFor('shipping_tracking', language, { allowPhone: true, recentOrdersToMention: 1 });
    expectCovered(text, 'Maya', factsFor(evidence, 'firstName'), 'name');
    expect(evidence.fetchedAt).toBe(context.fetchedAt);
    const withheld = evidence.withheld.map((w) => w.field);
    expect(withheld).toEqual(expect.arrayContaining(['phone', 'street and postcode', 'order #5100']));
    expect(text).not.toContain('555');
  });
});

describe('collectEvidence', () => {
  it('finds facts in an LLM-style draft too, and only those that are there', () => {
    const text = 'Hi Maya, order #5114 is Partially Shipped. Tracking: 1Z999AA10123456784. Total 133.65 USD.';
    const evidence = collectEvidence(text, context, []);
    const fields = evidence.facts.map((f) => `${f.record}:${f.field}`);
    expect(fields).toEqual(
      expect.arrayContaining(['order:order number', 'order:status', 'shipment:trackingNumber', 'order:total']),
    );
    expect(fields).not.toContain('shipment:carrier');
    expect(evidence.facts.find((f) => f.field === 'total')?.value).toBe('133.65 USD');
  });

  it('matches whole words and numbers only', () => {
    const evidence = collectEvidence('Order 51145 and 15114 are not ours; Mayan art.', context, []);
    expect(evidence.facts).toEqual([]);
  });

  it('is fast enough to run on every draft', () => {
    const { text } = draftFor('order_status', 'de');
    const start = performance.now();
    for (let i = 0; i < 200; i++) collectEvidence(text, context, []);
    expect((performance.now() - start) / 200).toBeLessThan(20);
  });
});

describe('segmentText', () => {
  it('cuts the text into plain and marked pieces that join back to the text', () => {
    const { text, evidence } = draftFor('order_status', 'en');
    const segments = segmentText(text, evidence.facts);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.fact).length).toBeGreaterThan(5);
  });

  it('ignores spans outside the text (edited since)', () => {
    const fact: EvidenceFact = { record: 'order', recordId: 1, field: 'x', value: 'y', spans: [[2, 50]] };
    expect(segmentText('short', [fact])).toEqual([{ text: 'short', fact: null }]);
  });
});
