import { describe, expect, it } from 'vitest';
import { decideDelivery } from './rules.js';
import { makeContext, makeNotice, makeSettings, makeUnknownContext } from './test-helpers.js';
import { ACTION_REQUEST_INTENTS, INTENTS, type Intent, type Understanding, type WorkspaceSettings } from './types.js';

const understanding = (intent: Intent): Understanding => ({ intent, orderNumbers: [], language: 'en' });
const auto = (overrides: Partial<WorkspaceSettings> = {}) =>
  makeSettings({ mode: 'auto', autoSendIntents: [...INTENTS], ...overrides });

describe('decideDelivery', () => {
  it('mode off → none', () => {
    const d = decideDelivery({
      settings: makeSettings({ mode: 'off' }),
      understanding: understanding('order_status'),
      context: makeContext(),
      factCheckPassed: true,
    });
    expect(d.action).toBe('none');
  });

  it('drafts only (the default) → draft, even when everything is complete', () => {
    for (const intent of INTENTS) {
      const d = decideDelivery({
        settings: makeSettings(),
        understanding: understanding(intent),
        context: makeContext(),
        factCheckPassed: true,
      });
      expect(d.action).toBe('draft');
    }
  });

  it('auto with a complete context, a passed fact check and a chosen intent → send', () => {
    const d = decideDelivery({
      settings: auto({ autoSendIntents: ['shipping_tracking'] }),
      understanding: understanding('shipping_tracking'),
      context: makeContext(),
      factCheckPassed: true,
    });
    expect(d).toEqual({ action: 'send', reason: expect.stringContaining('shipping_tracking') });
  });

  it('refund, cancel and return requests are never sent, whatever the settings', () => {
    for (const intent of ACTION_REQUEST_INTENTS) {
      const d = decideDelivery({
        settings: auto(),
        understanding: understanding(intent),
        context: makeContext({ focusReason: 'mentioned' }),
        factCheckPassed: true,
      });
      expect(d.action).toBe('draft');
      expect(d.reason).toMatch(/never sent automatically/);
    }
  });

  it('an intent not chosen for auto-send → draft', () => {
    const d = decideDelivery({
      settings: auto({ autoSendIntents: ['order_status'] }),
      understanding: understanding('payment_status'),
      context: makeContext(),
      factCheckPassed: true,
    });
    expect(d.action).toBe('draft');
  });

  it.each([
    ['unknown sender', makeUnknownContext()],
    ['no focus order', makeContext({ focusOrder: null, focusReason: null })],
    ['an unmatched order number', makeContext({ unmatchedOrderNumbers: [9999] })],
    ['notices', makeContext({ notices: [makeNotice()] })],
  ])('incomplete context (%s) → draft', (_name, context) => {
    const d = decideDelivery({
      settings: auto(),
      understanding: understanding('order_status'),
      context,
      factCheckPassed: true,
    });
    expect(d.action).toBe('draft');
  });

  it('a guest with a focus order counts as found', () => {
    const d = decideDelivery({
      settings: auto(),
      understanding: understanding('order_status'),
      context: makeContext({ customer: null }),
      factCheckPassed: true,
    });
    expect(d.action).toBe('send');
  });

  it('a failed fact check → draft', () => {
    const d = decideDelivery({
      settings: auto(),
      understanding: understanding('order_status'),
      context: makeContext(),
      factCheckPassed: false,
    });
    expect(d).toEqual({ action: 'draft', reason: expect.stringMatching(/fact check/) });
  });
});

describe('decideDelivery: change requests', () => {
  it('a reply to a request to change the address is never sent automatically', () => {
    const decision = decideDelivery({
      settings: makeSettings({ mode: 'auto', autoSendIntents: ['shipping_tracking'] }),
      understanding: { intent: 'shipping_tracking', orderNumbers: [], language: 'en', changeRequests: ['address'] },
      context: makeContext(),
      factCheckPassed: true,
    });
    expect(decision.action).toBe('draft');
  });
});
