/**
 * The evaluation set in CI: every email through the pipeline against the simulator, scored, and
 * held to eval/floor.json (which may only go up as the product improves).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVAL_DIR, loadEvalCases } from './lib/cases.js';
import { checkFloor, type Floor } from './lib/floor.js';
import { runEval } from './lib/run-eval.js';

describe('evaluation set', () => {
  it('has at least 200 labelled emails, each file present', () => {
    expect(loadEvalCases().length).toBeGreaterThanOrEqual(200);
  });

  it('scores at or above the floor, with no cross-customer fact and no claimed action', async () => {
    const floor = JSON.parse(readFileSync(join(EVAL_DIR, 'floor.json'), 'utf8')) as Floor;
    const { summary } = await runEval();
    expect(checkFloor(summary, floor)).toEqual([]);
    expect(summary.crossCustomerFacts).toBe(0);
    expect(summary.claimedActions).toBe(0);
  }, 120_000);
});
