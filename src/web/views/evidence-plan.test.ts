import { describe, expect, it } from 'vitest';
import { asEvidence, planPanel } from './evidence.js';

const plan = {
  language: 'en',
  detectedLanguage: 'it',
  unsupportedLanguage: true,
  feeling: 'upset',
  lines: [
    { outcome: 'answered', text: 'status of #5021' },
    { outcome: 'handed_off', text: 'invoice copy for #5021' },
  ],
  notes: ['The customer wrote in Italian; the built-in composer replied in English.'],
};

describe('answer plan beside the draft', () => {
  it('keeps a stored plan and shows what was answered and handed off, escaped', () => {
    const evidence = asEvidence({ fetchedAt: '2026-12-02T15:00:00Z', textDigest: 'x', facts: [], withheld: [], plan });
    expect(evidence?.plan?.lines).toHaveLength(2);
    const out = String(planPanel({ ...evidence!.plan!, notes: ['<b>x</b>'] }));
    expect(out).toContain('answered:</strong> status of #5021');
    expect(out).toContain('handed off:</strong> invoice copy for #5021');
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(out).toContain('sounds upset');
  });

  it('ignores a malformed plan', () => {
    const evidence = asEvidence({ fetchedAt: '2026-12-02T15:00:00Z', facts: [], withheld: [], plan: { lines: 3 } });
    expect(evidence?.plan).toBeUndefined();
    expect(String(planPanel(undefined))).toBe('');
  });
});
