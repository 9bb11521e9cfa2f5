/**
 * Runs every corpus email through the whole pipeline against the simulator serving the corpus
 * store, and checks the reply: the facts it must contain, and none of the data it must never
 * contain (see corpus.ts for how that list is computed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, startSimulator, type Simulator } from '../../simulator/index.js';
import { createBigCommerceStore } from '../../src/bigcommerce/index.js';
import { INTENTS, LANGUAGES } from '../../src/assistant/types.js';
import { processEmail } from '../../src/pipeline/process-email.js';
import type { StoreDataSource } from '../../src/shared/store-data.js';
import {
  CORPUS_NOW,
  CORPUS_SETTINGS,
  SUPPORT_ADDRESS,
  containsValue,
  customerIdFor,
  doneClaims,
  emailFiles,
  findBlanks,
  findForbidden,
  forbiddenFor,
  loadCorpusStore,
  loadExpectations,
  ownedOrders,
  readEmail,
  senderOf,
  type Expectation,
} from './corpus.js';

const store = loadCorpusStore();
const expectations = loadExpectations();

describe('the corpus itself', () => {
  it('has one expectation per email file and at least 45 emails', () => {
    expect(expectations.map((e) => e.file).sort()).toEqual(emailFiles());
    expect(expectations.length).toBeGreaterThanOrEqual(45);
  });

  it('covers every language (5+ emails each besides English) and every intent', () => {
    for (const language of LANGUAGES) {
      expect(expectations.filter((e) => e.language === language).length).toBeGreaterThanOrEqual(5);
    }
    const intents = new Set(expectations.map((e) => e.intent));
    // The intent is derived from the answer plan, where a status question is shipping_tracking:
    // order_status is no longer produced, every other intent must be covered.
    for (const intent of INTENTS.filter((i) => i !== 'order_status')) expect(intents, intent).toContain(intent);
  });

  it('has a store with every BigCommerce order status, guest orders and split shipments', () => {
    expect(new Set(store.orders.map((o) => o.status_id))).toEqual(new Set([...Array(15).keys()]));
    expect(store.orders.some((o) => (o.customer_id ?? 0) === 0)).toBe(true);
    expect(store.orders.some((o) => new Set((o.shipments ?? []).map((s) => s.shipping_provider)).size > 1)).toBe(true);
    expect(store.customers.some((c) => c.email !== c.email.toLowerCase())).toBe(true);
  });

  it('has checks that catch what they are meant to catch', () => {
    // Ben (a guest) asking about Maya's order #5120.
    const forbidden = forbiddenFor(store, 'ben.carter@protonmail.com', 'Where is order #5120?');
    expect(findForbidden('We could not find order #5120 under this address.', forbidden)).toEqual([]);
    expect(findForbidden('Your order #5122 shipped with UPS: 1Z3X45E80398761129', forbidden)).toEqual([]);
    expect(findForbidden('It shipped with UPS: 1Z84A1W20394857162', forbidden)).not.toEqual([]);
    expect(findForbidden('Your order 5131 is being prepared', forbidden)).not.toEqual([]);
    expect(findForbidden('Maya Thompson', forbidden)).not.toEqual([]);
    expect(findForbidden('maya.thompson@GMAIL.com', forbidden)).not.toEqual([]);
    expect(findForbidden('Call her on 415.555.0132', forbidden)).not.toEqual([]);
    expect(findForbidden('Gift wrap requested in chat but not charged', forbidden)).not.toEqual([]);

    expect(findBlanks('Your order # has shipped on undefined.')).toHaveLength(2);
    expect(findBlanks('Track it: https://www.royalmail.com/track-your-item#/tracking-results/TT123456785GB')).toEqual(
      [],
    );

    const cancelClaims = doneClaims('cancel_request', 11);
    const claimed = (text: string): boolean => cancelClaims.some((claim) => claim.test(text));
    for (const done of [
      'Your order #5139 has been cancelled.',
      'Ihre Bestellung wurde storniert.',
      'Votre commande a été annulée.',
      'Su pedido ha sido cancelado.',
    ]) {
      expect(claimed(done), done).toBe(true);
    }
    for (const acknowledged of [
      "We've received your request to cancel order #5139. Our team will review it.",
      'wir haben Ihre Bitte erhalten, die Bestellung Nr. 5141 zu stornieren.',
      "Nous avons bien reçu votre demande d'annulation de la commande n° 5136.",
      'Hemos recibido su solicitud de cancelación del pedido n.º 5146.',
    ]) {
      expect(claimed(acknowledged), acknowledged).toBe(false);
    }
    expect(doneClaims('refund_request', 14)).toEqual([]);
  });

  it('states expectations that agree with the store', () => {
    for (const e of expectations) {
      if (e.focusOrderId !== null) {
        const owner = ownedOrders(store, senderOf(e.file)).map((o) => o.id);
        expect(owner, `${e.file}: focus order must be the sender's`).toContain(e.focusOrderId);
      }
      if (!e.skipped) expect(customerIdFor(store, senderOf(e.file)), e.file).toBe(e.customerId);
    }
  });
});

let simulator: Simulator;
let source: StoreDataSource;

beforeAll(async () => {
  simulator = await startSimulator({ stores: [{ data: loadCorpusStore() }], rateLimit: null });
  source = createBigCommerceStore({ storeHash: store.hash, accessToken: DEFAULT_TOKEN, apiUrl: simulator.url });
});

afterAll(async () => {
  await simulator?.close();
});

describe('replies to the corpus emails', () => {
  it.each(expectations)('$file', async (e: Expectation) => {
    const result = await processEmail(readEmail(e.file), {
      store: source,
      settings: CORPUS_SETTINGS,
      inboxAddresses: [SUPPORT_ADDRESS],
      now: () => CORPUS_NOW,
    });

    expect.soft(result.skipped !== null, 'skipped').toBe(e.skipped);
    if (e.intent !== null) expect.soft(result.understanding.intent, 'intent').toBe(e.intent);
    expect.soft(result.understanding.language, 'language').toBe(e.language);

    if (e.skipped) {
      expect.soft(result.draft, 'no draft for skipped mail').toBeNull();
      return;
    }

    const sender = result.email.from?.address ?? '';
    const context = result.context;
    expect(context, 'context').not.toBeNull();
    if (!context) return;
    expect.soft(context.customer?.id ?? null, 'customer id').toBe(e.customerId);
    expect.soft(context.focusOrder?.id ?? null, 'focus order id').toBe(e.focusOrderId);

    // The context never carries an order that is not the sender's.
    const mine = new Set(ownedOrders(store, sender).map((o) => o.id));
    const foreign = [...context.orders.map((o) => o.id), ...(context.focusOrder ? [context.focusOrder.id] : [])].filter(
      (id) => !mine.has(id),
    );
    expect.soft(foreign, "orders in the context that are not the sender's").toEqual([]);

    const draft = result.draft;
    expect(draft, 'draft').not.toBeNull();
    if (!draft) return;
    const text = draft.text;
    const shown = `${draft.subject}\n${draft.text}`;

    const missing = e.mustContain.filter((value) => !containsValue(text, value));
    expect.soft(missing, `facts missing from the draft:\n${text}`).toEqual([]);

    const written = `${result.email.subject}\n${result.email.text}`;
    const leaks = findForbidden(shown, forbiddenFor(store, sender, written));
    expect.soft(leaks, `data that must not be in the draft:\n${shown}`).toEqual([]);

    const extra = e.mustNotContain.filter((value) => shown.toLowerCase().includes(value.toLowerCase()));
    expect.soft(extra, `strings this draft must not contain:\n${shown}`).toEqual([]);

    // The subject echoes the customer's own ("tracking # for my order"), so only the text is checked.
    expect.soft(findBlanks(text), `blanks in the draft:\n${text}`).toEqual([]);

    const focusStatus = store.orders.find((o) => o.id === e.focusOrderId)?.status_id ?? null;
    const claims = doneClaims(e.intent, focusStatus).filter((claim) => claim.test(text));
    expect.soft(claims.map(String), `claims the requested action was done:\n${text}`).toEqual([]);
  });
});
