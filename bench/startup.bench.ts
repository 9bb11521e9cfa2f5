/**
 * `npm run bench:startup`: how long the built CLI takes to start, as users run it: `snoooz --help`
 * (no command module loaded) and `snoooz draft --help` (the draft command and the pipeline it
 * imports), each spawned BENCH_RUNS times (default 15). The limit beside them is measured in the
 * same run: a bare `node` start, which no CLI can beat. The last line is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { percentile, round } from './context-stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CLI = join(fileURLToPath(new URL('..', import.meta.url)), 'src/cli/main.js');

function timeRuns(args: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${String(run.stderr)}`);
    times.push(performance.now() - started);
  }
  return times;
}

const bare = timeRuns(['-e', '']);
const help = timeRuns([CLI, '--help']);
const draft = timeRuns([CLI, 'draft', '--help']);
const p50 = (times: number[]) => percentile(times, 50);
const line = (label: string, times: number[]) =>
  `${label.padEnd(22)} p50 ${p50(times).toFixed(0).padStart(5)} ms  p95 ${percentile(times, 95).toFixed(0).padStart(5)} ms  ` +
  `(${(p50(times) / p50(bare)).toFixed(2)}× a bare node start, ${(p50(times) - p50(bare)).toFixed(0)} ms of our own)`;
console.log(`CLI start-up, ${RUNS} runs each (target: well under 500 ms)`);
console.log(line('node -e ""', bare));
console.log(line('snoooz --help', help));
console.log(line('snoooz draft --help', draft));
console.log(
  JSON.stringify({
    bench: 'startup',
    runs: RUNS,
    bareNodeMs: round(p50(bare)),
    helpMs: round(p50(help)),
    draftMs: round(p50(draft)),
    helpRatioToLimit: round(p50(help) / 500, 2),
    draftRatioToLimit: round(p50(draft) / 500, 2),
  }),
);
