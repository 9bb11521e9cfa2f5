/**
 * The Customer card without a browser: an agent searches the store (the simulator over HTTP) for
 * the right customer of a sender the store does not know, links them, and the draft is regenerated;
 * the link is audited, needs the CSRF token and a customer the search found, and can be removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStore } from '../../simulator/index.js';
import { createHarness, login, rawEmail, TOKENS, type Harness, type Session } from './testing/harness.js';

describe('link a customer by hand', () => {
  let h: Harness;
  let s: Session;
  // The harness's store is generated from this seed: the same customers and orders.
  const data = generateStore({ customers: 20, seed: 1 });
  const order = data.orders.find((o) => (o.customer_id ?? 0) > 0);
  const customer = data.customers.find((c) => c.id === order?.customer_id);
  const other = data.customers.find((c) => c.id !== customer?.id);

  beforeAll(async () => {
    h = await createHarness({ enableBigCommerce: true });
    s = await login(h.app, h.a.owner);
    await h.repos.integrations.saveConnected(h.a.id, {
      storeHash: h.storeHash,
      storeName: 'A store',
      accessToken: TOKENS.full,
      scopes: ['store_v2_customers_read_only', 'store_v2_orders_read_only'],
    });
  });
  afterAll(async () => h.close());

  const post = (url: string, form: Record<string, string> = {}, csrf = true) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: { cookie: s.cookie },
      payload: { ...(csrf ? { _csrf: s.csrf } : {}), ...form },
    });
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  async function arrive(subject: string): Promise<number> {
    const { messageId } = await h.services.ingestRaw({
      workspaceId: h.a.id,
      inboxId: h.a.inboxId,
      raw: Buffer.from(
        rawEmail({
          subject,
          from: 'someone.else@elsewhere.example',
          id: `${subject.replace(/\W+/g, '-')}@example.com`,
        }),
      ),
      source: 'http',
    });
    await h.services.settle();
    return messageId;
  }

  it('searches the store by order number and shows the order and its customer', async () => {
    if (!order || !customer) throw new Error('the generated store has no registered order');
    const id = await arrive('Where is my parcel');
    const page = await get(`/messages/${id}?by=order&q=%23${order.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="customer-link"');
    expect(page.body).toContain(`Order #${order.id}`);
    expect(page.body).toContain(`data-customer="${customer.id}"`);
    expect(page.body).toContain('Link to this conversation');

    const none = await get(`/messages/${id}?by=email&q=${encodeURIComponent('nobody.here@nowhere.example')}`);
    expect(none.body).toContain('No customer found');
    const bad = await get(`/messages/${id}?by=order&q=abc`);
    expect(bad.body).toContain('an order number is a whole number');
  });

  it('links the customer: audited, the draft regenerated, the card names who linked', async () => {
    if (!order || !customer || !other) throw new Error('the generated store is too small');
    const id = await arrive('Order question');
    const before = h.services.calls.regenerated.length;

    // Without the CSRF token nothing happens.
    const forged = await post(
      `/messages/${id}/link-customer`,
      { by: 'order', q: String(order.id), customer_id: String(customer.id) },
      false,
    );
    expect(forged.statusCode).toBe(403);
    // A customer the search did not find is refused.
    const wrong = await post(`/messages/${id}/link-customer`, {
      by: 'order',
      q: String(order.id),
      customer_id: String(other.id),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('not among the search results');

    const res = await post(`/messages/${id}/link-customer`, {
      by: 'order',
      q: String(order.id),
      customer_id: String(customer.id),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/messages/${id}?done=linked`);
    const message = await h.repos.messages.get(h.a.id, id);
    const link = await h.repos.customerLinks.get(h.a.id, { inboxId: message.inboxId, threadKey: message.threadKey });
    expect(link).toMatchObject({ customerId: customer.id });
    expect(h.services.calls.regenerated.slice(before)).toEqual([id]);
    const audit = await h.repos.audit.list(h.a.id, { limit: 20 });
    expect(audit.find((a) => a.action === 'customer.linked')).toMatchObject({
      target: `message:${id}`,
      detail: expect.objectContaining({ customerId: customer.id }),
    });
    const page = await get(`/messages/${id}?done=linked`);
    expect(page.body).toContain('Customer linked');
    expect(page.body).toMatch(/Linked by [^<]+ on /);

    const unlink = await post(`/messages/${id}/unlink-customer`);
    expect(unlink.headers.location).toBe(`/messages/${id}?done=unlinked`);
    expect(
      await h.repos.customerLinks.get(h.a.id, { inboxId: message.inboxId, threadKey: message.threadKey }),
    ).toBeNull();
    expect((await h.repos.audit.list(h.a.id, { limit: 20 })).some((a) => a.action === 'customer.unlinked')).toBe(true);
  });

  it('lets an agent link too, and another workspace cannot reach the message', async () => {
    if (!order || !customer) throw new Error('no order');
    const id = await arrive('Agent links');
    const agent = await login(h.app, h.both);
    const res = await h.app.inject({
      method: 'POST',
      url: `/messages/${id}/link-customer`,
      headers: { cookie: agent.cookie },
      payload: { _csrf: agent.csrf, by: 'order', q: String(order.id), customer_id: String(customer.id) },
    });
    expect(res.statusCode).toBe(303);
    const outsider = await login(h.app, h.b.owner);
    const foreign = await h.app.inject({
      method: 'POST',
      url: `/messages/${id}/unlink-customer`,
      headers: { cookie: outsider.cookie },
      payload: { _csrf: outsider.csrf },
    });
    expect(foreign.statusCode).toBe(404);
  });
});
