/**
 * `npm run eval`: the evaluation set through the pipeline, scores per kind, and one JSON line.
 *   --verbose        print every draft that is not fully right, with what was wrong
 *   --all            with --verbose, print the fully right drafts too (to read them)
 *   --only <text>    run the cases whose id contains <text>
 *   --check-floor    exit 1 when a score is below eval/floor.json (CI)
 * EVAL_DEBUG_PLAN=1 adds each draft's plan items, their orders and how they were chosen to the
 * --verbose output. `npx tsx eval/plan-debug.ts <id part>` prints the plans without the store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVAL_DIR } from './lib/cases.js';
import { formatTable, runEval } from './lib/run-eval.js';
import { checkFloor, type Floor } from './lib/floor.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

const { results, summary } = await runEval(only ? (c) => c.id.includes(only) : undefined);
if (verbose) {
  for (const r of results.filter((x) => !x.fullyRight || args.includes('--all'))) {
    console.log(`\n--- ${r.case.id} (${r.case.kind}) ${r.case.email}`);
    for (const problem of r.scored.problems) console.log(`  ✗ ${problem}`);
    if (r.draft) console.log(r.draft.replace(/^/gm, '    | '));
  }
  console.log('');
}
console.log(formatTable(results));
if (args.includes('--check-floor')) {
  const floor = JSON.parse(readFileSync(join(EVAL_DIR, 'floor.json'), 'utf8')) as Floor;
  const failures = checkFloor(summary, floor);
  for (const failure of failures) console.error(`below the floor: ${failure}`);
  if (failures.length > 0) process.exitCode = 1;
}
console.log(JSON.stringify(summary));
