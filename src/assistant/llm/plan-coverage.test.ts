import { describe, expect, it } from 'vitest';
import { resolvePlan } from '../plan/resolve.js';
import { makeInput } from '../test-helpers.js';
import { buildPlan } from '../understanding/plan.js';
import { missedOrders } from './compose.js';

describe('an LLM reply must answer every order of the plan', () => {
  const input = (() => {
    const raw = makeInput('shipping_tracking', { message: { text: 'Where is my order? It has been a while.' } });
    const at = new Date(raw.context.fetchedAt);
    const plan = resolvePlan(buildPlan(raw.message, at), raw.context, raw.message.text, at);
    return { ...raw, understanding: { ...raw.understanding, plan } };
  })();
  const planned = input.understanding.plan.items.flatMap((i) => i.orderIds);

  it('the plan names at least one order here', () => {
    expect(planned.length).toBeGreaterThan(0);
  });

  it('flags a reply that leaves an order out, and accepts one that names them all', () => {
    expect(missedOrders('Hi, your order is on its way.', input)).toEqual(planned);
    expect(missedOrders(`Hi, ${planned.map((id) => `#${id}`).join(' and ')} shipped.`, input)).toEqual([]);
    // A longer number that merely contains the order number does not count.
    expect(missedOrders(`Reference ${planned[0]}9`, input)).toContain(planned[0]);
  });
});
