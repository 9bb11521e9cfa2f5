import { describe, expect, it } from 'vitest';
import { stripQuotedText } from '../email/index.js';
import {
  SMALL_EDITS_THRESHOLD,
  UNCHANGED_THRESHOLD,
  classifySimilarity,
  isAccepted,
  replySimilarity,
  tokenSimilarity,
} from './similarity.js';

const strip = { stripQuoted: stripQuotedText };
const DRAFT = [
  'Hi Jane,',
  '',
  'Your order #100 shipped on 2 May 2026 with USPS. Tracking number: 9400111899223197428490.',
  'It should arrive within a few days.',
  '',
  'Best regards,',
  'The Snoooz Test Supplies team',
].join('\n');

describe('replySimilarity', () => {
  it('is 1 for the same text, whatever the case, spacing, wrapping or punctuation', () => {
    expect(replySimilarity(DRAFT, DRAFT)).toBe(1);
    const rewrapped = DRAFT.replace(/\n/g, ' ').toUpperCase().replace(/,/g, '');
    expect(replySimilarity(DRAFT, rewrapped)).toBe(1);
  });

  it('ignores quoted history and the signature in the sent reply', () => {
    const sent = `${DRAFT}\n\nOn Tue, 21 May 2026 at 10:00, Jane Doe <jane.doe@example.com> wrote:\n> Where is my order #100?\n> Thanks, Jane`;
    expect(replySimilarity(DRAFT, sent, strip)).toBeGreaterThanOrEqual(UNCHANGED_THRESHOLD);
    expect(replySimilarity(DRAFT, sent)).toBeLessThan(UNCHANGED_THRESHOLD);
  });

  it('scores small edits between 0.8 and 0.98, and a rewrite below 0.8', () => {
    const small = DRAFT.replace('It should arrive within a few days.', 'It should be with you in two or three days.');
    const score = replySimilarity(DRAFT, small);
    expect(score).toBeGreaterThanOrEqual(SMALL_EDITS_THRESHOLD);
    expect(score).toBeLessThan(UNCHANGED_THRESHOLD);
    expect(classifySimilarity(score)).toBe('small_edits');
    const rewrite =
      'Hello! We are sorry for the wait. A colleague will check with the carrier and get back to you tomorrow.';
    expect(replySimilarity(DRAFT, rewrite)).toBeLessThan(SMALL_EDITS_THRESHOLD);
    expect(classifySimilarity(replySimilarity(DRAFT, rewrite))).toBe('rewritten');
  });

  it('counts a changed number as an edit', () => {
    expect(replySimilarity('Your order #100 shipped.', 'Your order #101 shipped.')).toBeLessThan(1);
  });

  it('is symmetric, in 0..1, and handles empty texts', () => {
    const a = 'the quick brown fox';
    const b = 'the slow brown dog';
    expect(replySimilarity(a, b)).toBe(replySimilarity(b, a));
    expect(replySimilarity(a, b)).toBe(0.5);
    expect(replySimilarity('', '')).toBe(1);
    expect(replySimilarity('', 'x')).toBe(0);
    expect(tokenSimilarity(['a'], [])).toBe(0);
  });

  it('documents the thresholds', () => {
    expect(UNCHANGED_THRESHOLD).toBe(0.98);
    expect(SMALL_EDITS_THRESHOLD).toBe(0.8);
    expect(isAccepted(0.8)).toBe(true);
    expect(isAccepted(0.79)).toBe(false);
    expect(classifySimilarity(0.98)).toBe('unchanged');
  });
});
