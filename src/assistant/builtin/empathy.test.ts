/**
 * When the reply apologises, and when it does not: an apology is for something the store data or
 * the customer's words show went wrong, never for impatience about an order that is on time.
 */
import { describe, expect, it } from 'vitest';
import { makeContext, makeInput, makeOrder, makeShipment, makeSplitOrder, makeStatus } from '../test-helpers.js';
import { composeBuiltinReply } from './compose.js';

const APOLOGY = /\bsorry\b|\bapolog|\bunderstand\b/i;
const NOW = '2026-11-20T12:00:00Z';

function replyTo(text: string, order = makeOrder(), subject = 'my order') {
  const context = makeContext({ orders: [order], fetchedAt: NOW });
  return composeBuiltinReply(makeInput('order_status', { context, message: { subject, text } })).text;
}

/** Placed on the 16th, shipped on the 18th, asked about on the 20th. */
const onTime = makeOrder({ dateCreated: '2026-11-16T10:00:00Z', dateShipped: '2026-11-18T16:30:00Z' });
/** Placed three weeks ago, still not shipped. */
const stuck = makeOrder({
  dateCreated: '2026-10-30T10:00:00Z',
  dateShipped: null,
  status: makeStatus(11),
  shipments: [],
  itemsShipped: 0,
});

describe('empathy follows what went wrong', () => {
  it.each([
    'where is my order 5114??',
    'any update on order 5114? its been a few days',
    "Hi, haven't heard anything back. Has order 5114 shipped??",
  ])('no apology for a wait when the order shipped on time: %s', (text) => {
    const reply = replyTo(text, onTime);
    expect(reply).toContain('1Z999AA10123456784');
    expect(reply).not.toMatch(APOLOGY);
  });

  it.each(['This is ridiculous, where is order 5114??', "I've been waiting for weeks, where is order 5114?"])(
    'angry words or a wait of weeks still get an apology: %s',
    (text) => {
      expect(replyTo(text, onTime)).toMatch(APOLOGY);
    },
  );

  it('the same impatience about an order that has not shipped in three weeks gets one', () => {
    expect(replyTo('where is my order 5114?? its been a few days', stuck)).toMatch(/sorry for the wait/i);
  });

  it('a worried customer hears that we see the concern, even when nothing is late', () => {
    const reply = replyTo('did order 5114 actually go through?? kind of freaking out, the money is gone', onTime);
    expect(reply).toMatch(/understand the concern/i);
  });

  it('a cancellation the customer asked for: no apology, no hand-off for the reason', () => {
    const cancelled = makeOrder({ status: makeStatus(5), dateShipped: null, shipments: [] });
    const reply = replyTo(
      "Did my cancellation go through? Haven't heard anything back and the charge is still pending.",
      cancelled,
      'Re: cancel order 5114',
    );
    expect(reply).toContain('shows as cancelled');
    expect(reply).not.toMatch(APOLOGY);
    expect(reply).not.toMatch(/reason for the cancellation/);
  });

  it('a cancellation the customer did not ask for: an apology and a teammate for the reason', () => {
    const cancelled = makeOrder({ status: makeStatus(5), dateShipped: null, shipments: [] });
    const reply = replyTo('Why was order 5114 cancelled? I never cancelled it!', cancelled);
    expect(reply).toMatch(APOLOGY);
    expect(reply).toMatch(/reason for the cancellation/);
  });
});

describe('shipment dates are on the record', () => {
  it('uses the first shipment when the order has no ship date', () => {
    const order = makeOrder({
      dateCreated: '2026-11-16T10:00:00Z',
      dateShipped: null,
      shipments: [makeShipment({ dateCreated: '2026-11-19T09:00:00Z' })],
    });
    expect(replyTo('where is order 5114??', order)).not.toMatch(APOLOGY);
  });
});

describe('"the rest is missing" on a partly shipped order', () => {
  // The terrarium shipped in full; two of three aprons shipped, one is still to ship.
  const split = makeSplitOrder({ dateCreated: '2026-11-16T10:00:00Z' });

  it('asked with a question beside it, it is what is still to come, not a missing-item apology', () => {
    const reply = replyTo('Only part of order 5114 came, the rest is missing. When does the rest come??', split);
    expect(reply).not.toMatch(/missing from your package/);
    expect(reply).toMatch(/Still to ship:\n- 1 × Linen Apron/);
  });

  it('a thing they name that shipped in full stays a complaint, with a person to help', () => {
    const reply = replyTo('The terrarium was missing from the box. When does the rest of order 5114 come?', split);
    expect(reply).toMatch(/missing from your package/);
    expect(reply).toMatch(/teammate/i);
  });
});
