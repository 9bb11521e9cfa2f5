import { describe, expect, it } from 'vitest';
import { acceptanceByIntent, canSwitchOn, evaluateAutonomy, refusedSwitchOns, type OutcomeRecord } from './autonomy.js';
import { DEFAULT_SETTINGS, type Intent, type WorkspaceSettings } from './types.js';

const settings = (patch: Partial<WorkspaceSettings> = {}): WorkspaceSettings => ({
  ...DEFAULT_SETTINGS,
  mode: 'auto',
  autonomy: { lastN: 5, threshold: 0.8 },
  ...patch,
});

let clock = 0;
function records(intent: Intent, similarities: number[], source: 'live' | 'shadow' = 'live'): OutcomeRecord[] {
  return similarities.map((similarity) => ({
    intent,
    similarity,
    source,
    at: new Date(Date.UTC(2026, 0, 1) + ++clock * 1000).toISOString(),
  }));
}

describe('acceptanceByIntent', () => {
  it('measures the newest lastN per intent', () => {
    const stats = acceptanceByIntent(
      [...records('order_status', [0.1, 1, 1, 0.1, 0.9, 0.85, 0.99]), ...records('other', [0.5])],
      { lastN: 5 },
    );
    expect(stats.order_status).toEqual({ drafts: 5, accepted: 4, acceptedShare: 0.8, fromShadow: 0 });
    expect(stats.other).toMatchObject({ drafts: 1, accepted: 0, acceptedShare: 0 });
    expect(stats.payment_status).toMatchObject({ drafts: 0, acceptedShare: null });
  });

  it('tops live evidence up with shadow pairs, live first', () => {
    const stats = acceptanceByIntent(
      [...records('order_status', [1, 1, 1, 1, 1], 'shadow'), ...records('order_status', [0.2, 0.2])],
      { lastN: 5 },
    );
    expect(stats.order_status).toEqual({ drafts: 5, accepted: 3, acceptedShare: 0.6, fromShadow: 3 });
  });
});

describe('evaluateAutonomy', () => {
  it('earns an intent only with a full window at or above the threshold', () => {
    const few = acceptanceByIntent(records('order_status', [1, 1, 1]), { lastN: 5 });
    expect(canSwitchOn(settings(), few, 'order_status')).toMatchObject({ allowed: false });
    expect(canSwitchOn(settings(), few, 'order_status').reason).toMatch(/Not enough evidence: 3 of the last 5/);
    const enough = acceptanceByIntent(records('order_status', [1, 1, 1, 0.9, 0.5]), { lastN: 5 });
    expect(canSwitchOn(settings(), enough, 'order_status')).toMatchObject({ allowed: true });
    const low = acceptanceByIntent(records('order_status', [1, 1, 0.5, 0.9, 0.5]), { lastN: 5 });
    expect(canSwitchOn(settings(), low, 'order_status').reason).toMatch(/60% .* below the 80% threshold/);
  });

  it('never allows refund, cancel or return requests, whatever the acceptance', () => {
    const perfect = acceptanceByIntent(
      [...records('refund_request', [1, 1, 1, 1, 1]), ...records('cancel_request', [1, 1, 1, 1, 1])],
      { lastN: 5 },
    );
    for (const intent of ['refund_request', 'cancel_request', 'return_request'] as const) {
      expect(canSwitchOn(settings(), perfect, intent).allowed).toBe(false);
    }
    expect(refusedSwitchOns(settings(), perfect, ['refund_request']).map((r) => r.intent)).toEqual(['refund_request']);
  });

  it('switches off an intent that is on once a full window falls below the threshold', () => {
    const on = settings({ autoSendIntents: ['order_status', 'shipping_tracking'] });
    const stats = acceptanceByIntent(
      [...records('order_status', [1, 0.3, 0.3, 0.3, 1]), ...records('shipping_tracking', [0.1, 0.1])],
      { lastN: 5 },
    );
    const evaluation = evaluateAutonomy(on, stats);
    // shipping_tracking has too little evidence to say it fell: it stays.
    expect(evaluation.switchOff.map((s) => s.intent)).toEqual(['order_status']);
    // Keeping an intent that is already on is not a switch-on.
    expect(refusedSwitchOns(on, stats, ['order_status', 'shipping_tracking'])).toEqual([]);
    expect(refusedSwitchOns(on, stats, ['order_status', 'payment_status']).map((r) => r.intent)).toEqual([
      'payment_status',
    ]);
  });
});
