/**
 * The webhook receiver's path carries the integration's secret token: its request logs show the
 * route pattern instead, like the invitation and reset links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe('POST /webhooks/bigcommerce/:token request logs', () => {
  it('name the route, never the token', async () => {
    const token = 'tok3nThatMustNeverBeLogged9Xq';
    const before = h.logs.length;
    await h.app.inject({
      method: 'POST',
      url: `/webhooks/bigcommerce/${token}`,
      headers: { 'x-snoooz-webhook-secret': 'not-the-secret' },
      payload: { scope: 'store/order/updated', data: { id: 1 } },
    });
    const logged = h.logs.slice(before).join('\n');
    expect(logged).toContain('/webhooks/bigcommerce/:token');
    expect(logged).not.toContain(token);
  });
});
