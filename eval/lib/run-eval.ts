/**
 * Runs the evaluation set through the product's own pipeline (`processEmail`), with the built-in
 * composer, against the BigCommerce simulator over real HTTP serving the eval store, and scores
 * every draft (see score.ts).
 */
import { DEFAULT_TOKEN, startSimulator } from '../../simulator/index.js';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/assistant/types.js';
import { createBigCommerceStore } from '../../src/bigcommerce/index.js';
import { parseEmail } from '../../src/email/index.js';
import { processEmail } from '../../src/pipeline/process-email.js';
import {
  EVAL_NOW,
  KINDS,
  SUPPORT_ADDRESS,
  loadEvalCases,
  loadEvalStore,
  readCaseEmail,
  type EvalCase,
} from './cases.js';
import { CHECKS, scoreCase, type CheckResult, type Scored } from './score.js';

export const EVAL_SETTINGS: WorkspaceSettings = {
  ...DEFAULT_SETTINGS,
  businessName: 'Fernhill Supply Co.',
  signature: 'Sam\nFernhill Supply Co. customer care',
  allowPhone: true,
  allowAddress: true,
};

export interface CaseResult {
  case: EvalCase;
  scored: Scored;
  fullyRight: boolean;
  draft: string | null;
}

export interface KindScore {
  emails: number;
  fullyRight: number;
  checks: Partial<Record<keyof CheckResult, number>>;
}

export interface EvalSummary {
  emails: number;
  fullyRightShare: number;
  forbiddenFacts: number;
  claimedActions: number;
  crossCustomerFacts: number;
  checks: Record<string, number>;
  byKind: Record<string, { emails: number; fullyRightShare: number }>;
}

export async function runEval(
  filter?: (c: EvalCase) => boolean,
): Promise<{ results: CaseResult[]; summary: EvalSummary }> {
  const store = loadEvalStore();
  const cases = loadEvalCases().filter((c) => (filter ? filter(c) : true));
  const simulator = await startSimulator({ stores: [{ data: store }], rateLimit: null });
  const results: CaseResult[] = [];
  try {
    const source = createBigCommerceStore({ storeHash: store.hash, accessToken: DEFAULT_TOKEN, apiUrl: simulator.url });
    for (const c of cases) {
      const raw = readCaseEmail(c);
      const parsed = await parseEmail(raw);
      const sender = parsed.from?.address ?? '';
      const settings = { ...EVAL_SETTINGS, ...(c.settings ?? {}) };
      const result = await processEmail(raw, {
        store: source,
        settings,
        inboxAddresses: [SUPPORT_ADDRESS],
        now: () => EVAL_NOW,
      });
      const senderStatuses = (result.context?.orders ?? []).map((o) => o.status.id);
      const scored = scoreCase(
        c,
        {
          skipped: result.skipped !== null,
          draft: result.draft?.text ?? null,
          plan: result.understanding.plan?.items ?? [],
          senderStatuses,
        },
        store,
        sender,
        `${parsed.subject}\n${parsed.text}`,
      );
      const fullyRight = CHECKS.every((check) => scored.checks[check]);
      if (process.env.EVAL_DEBUG_PLAN) {
        for (const item of result.understanding.plan?.items ?? []) {
          scored.problems.push(
            `plan: ${item.type}/${item.topic} → [${item.orderIds.join(', ')}] by ${item.orderSource} (orders known: ${(result.context?.orders ?? []).map((o) => `${o.id}:${o.status.id}:${(o.dateCreated ?? '').slice(0, 10)}`).join(' ')})`,
          );
        }
      }
      results.push({ case: c, scored, fullyRight, draft: result.draft?.text ?? null });
    }
  } finally {
    await simulator.close();
  }
  return { results, summary: summarise(results) };
}

function summarise(results: CaseResult[]): EvalSummary {
  const share = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);
  const checks: Record<string, number> = {};
  for (const check of CHECKS)
    checks[check] = share(results.filter((r) => r.scored.checks[check]).length, results.length);
  const byKind: EvalSummary['byKind'] = {};
  for (const kind of KINDS) {
    const of = results.filter((r) => r.case.kind === kind);
    if (of.length > 0)
      byKind[kind] = { emails: of.length, fullyRightShare: share(of.filter((r) => r.fullyRight).length, of.length) };
  }
  return {
    emails: results.length,
    fullyRightShare: share(results.filter((r) => r.fullyRight).length, results.length),
    forbiddenFacts: results.reduce((n, r) => n + r.scored.forbiddenFacts, 0),
    claimedActions: results.reduce((n, r) => n + r.scored.claimedActions, 0),
    crossCustomerFacts: results.reduce((n, r) => n + r.scored.crossCustomerFacts, 0),
    checks,
    byKind,
  };
}

/** The per-kind table: emails, fully right, and each check's pass rate. */
export function formatTable(results: CaseResult[]): string {
  const rows: string[][] = [['kind', 'emails', 'fully right', ...CHECKS]];
  const groups = [
    ...KINDS.map((k) => [k, results.filter((r) => r.case.kind === k)] as const),
    ['all', results] as const,
  ];
  for (const [kind, of] of groups) {
    if (of.length === 0) continue;
    const pct = (n: number): string => `${Math.round((n / of.length) * 100)}%`;
    rows.push([
      kind,
      String(of.length),
      pct(of.filter((r) => r.fullyRight).length),
      ...CHECKS.map((check) => pct(of.filter((r) => r.scored.checks[check]).length)),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}
