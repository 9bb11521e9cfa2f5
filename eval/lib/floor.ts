import type { EvalSummary } from './run-eval.js';

/** The least the eval may score; raised as the product improves, never lowered. */
export interface Floor {
  emails: number;
  fullyRightShare: number;
  forbiddenFacts: number;
  claimedActions: number;
  crossCustomerFacts: number;
}

export function checkFloor(summary: EvalSummary, floor: Floor): string[] {
  const out: string[] = [];
  if (summary.emails < floor.emails) out.push(`${summary.emails} emails, the set had ${floor.emails}`);
  if (summary.fullyRightShare < floor.fullyRightShare)
    out.push(`fully right ${summary.fullyRightShare}, floor ${floor.fullyRightShare}`);
  for (const key of ['forbiddenFacts', 'claimedActions', 'crossCustomerFacts'] as const) {
    if (summary[key] > floor[key]) out.push(`${key} ${summary[key]}, at most ${floor[key]}`);
  }
  return out;
}
