/**
 * `npm run bench:startup`: how long the built CLI takes to start, as users run it: `snoooz --help`
 * (no command module loaded), `snoooz draft --help` (the draft command's definition; the pipeline
 * is imported only when it runs) and a full `snoooz draft` of one demo email on the built-in demo
 * store (simulator start-up, the demo store packed at build time, the whole pipeline), each
 * spawned BENCH_RUNS times (default 15); then that run through one driver from the bundle
 * `npm run build` writes and from the compiled modules, interleaved, with the ratio.
 * The limit beside them is measured in the same run: a bare `node` start, which no CLI can beat;
 * the target is 500 ms. Then the packages the draft run imports statically, each imported alone
 * in a fresh process (top 10 by ms), so a heavy import that creeps in shows by name. The last line
 * is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateStore } from '../simulator/index.js';
import { buildDemoEmails } from '../src/cli/demo-emails.js';
import { DEMO_STORE } from '../src/cli/demo-store.js';
import { percentile, round } from './context-stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_MS = 500;
const DIST = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(DIST, 'src/cli/main.js');
// Nothing from the shell may change what is measured: no configured store, no LLM.
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(BIGCOMMERCE_|SNOOOZ_)/.test(key) && !['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'].includes(key),
  ),
);

function timeRuns(args: string[], runs = RUNS): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: ENV });
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${String(run.stderr)}`);
    times.push(performance.now() - started);
  }
  return times;
}

/** The bare package specifiers reachable by static imports from `entry` (compiled JavaScript). */
function staticPackages(entry: string): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(
      /^(?:import|export)\s[^;]*?\bfrom\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm,
    )) {
      const spec = match[1] ?? match[2] ?? '';
      if (/^import\s+type\b/.test(match[0])) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return [...packages].sort();
}

function importMs(spec: string): number {
  const code = `const t=performance.now();await import(${JSON.stringify(spec)});process.stdout.write(String(performance.now()-t))`;
  const times: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 5); i += 1) {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: DIST, env: ENV });
    if (run.status !== 0) throw new Error(`import ${spec} failed: ${String(run.stderr)}`);
    times.push(Number(String(run.stdout)));
  }
  return percentile(times, 50);
}

const folder = mkdtempSync(join(tmpdir(), 'snoooz-startup-'));
try {
  const store = generateStore({ ...DEMO_STORE, customers: DEMO_STORE.customers });
  const eml = join(folder, 'demo.eml');
  const first = buildDemoEmails(store, 'support@example.com')[0];
  if (!first) throw new Error('no demo email');
  writeFileSync(eml, first);

  const bare = timeRuns(['-e', '']);
  const help = timeRuns([CLI, '--help']);
  const draftHelp = timeRuns([CLI, 'draft', '--help']);
  const draft = timeRuns([CLI, 'draft', '--eml', eml]);
  // The same run from the bundle and from the compiled modules, through one driver, interleaved.
  const driver = join(folder, 'draft-from.mjs');
  writeFileSync(
    driver,
    `const { tuneForOneEmail } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'src/cli/one-email.js')).href)});\n` +
      'tuneForOneEmail();\n' +
      'const { runDraft } = await import(process.argv[2]);\n' +
      'await runDraft({ eml: process.argv[3], inbox: [], llm: false });\n',
  );
  const fromBundle: number[] = [];
  const fromModules: number[] = [];
  const bundleEntry = pathToFileURL(join(DIST, 'src/cli/bundle/draft-run.js')).href;
  const modulesEntry = pathToFileURL(join(DIST, 'src/cli/commands/draft-run.js')).href;
  if (!existsSync(new URL(bundleEntry))) throw new Error('No bundle: run the whole npm run build (esbuild installed).');
  for (let i = 0; i < RUNS; i += 1) {
    fromBundle.push(...timeRuns([driver, bundleEntry, eml], 1));
    fromModules.push(...timeRuns([driver, modulesEntry, eml], 1));
  }
  // The draft command's definition imports only commander; its run is what imports the pipeline.
  const imports = staticPackages(join(DIST, 'src/cli/commands/draft-run.js'))
    .map((spec) => ({ module: spec, ms: round(importMs(spec)) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);

  const p50 = (times: number[]) => percentile(times, 50);
  const p95 = (times: number[]) => percentile(times, 95);
  const line = (label: string, times: number[]) =>
    `${label.padEnd(22)} p50 ${p50(times).toFixed(0).padStart(5)} ms  p95 ${p95(times).toFixed(0).padStart(5)} ms  ` +
    `${(p50(times) / TARGET_MS).toFixed(2)}× the ${TARGET_MS} ms target  ` +
    `(${(p50(times) / p50(bare)).toFixed(2)}× a bare node start, ${(p50(times) - p50(bare)).toFixed(0)} ms of our own)`;
  console.log(`CLI start-up, ${RUNS} runs each (target: well under ${TARGET_MS} ms)`);
  console.log(line('node -e ""', bare));
  console.log(line('snoooz --help', help));
  console.log(line('snoooz draft --help', draftHelp));
  console.log(line('snoooz draft (demo)', draft));
  console.log(line('  from the bundle', fromBundle));
  console.log(line('  from the modules', fromModules));
  console.log(
    `  the bundle takes ${(p50(fromBundle) / p50(fromModules)).toFixed(2)}× the compiled modules' time ` +
      `(${(p50(fromModules) - p50(fromBundle)).toFixed(0)} ms less)`,
  );
  console.log('Packages the draft run imports, each alone in a fresh process (top 10, median ms):');
  for (const { module, ms } of imports) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${module}`);
  console.log(
    JSON.stringify({
      bench: 'startup',
      runs: RUNS,
      targetMs: TARGET_MS,
      bareNodeMs: round(p50(bare)),
      helpMs: round(p50(help)),
      draftMs: round(p50(draftHelp)),
      helpRatioToLimit: round(p50(help) / TARGET_MS, 2),
      draftRatioToLimit: round(p50(draftHelp) / TARGET_MS, 2),
      helpP95Ms: round(p95(help)),
      draftHelpP95Ms: round(p95(draftHelp)),
      draftRunMs: round(p50(draft)),
      draftRunP95Ms: round(p95(draft)),
      draftRunRatioToLimit: round(p50(draft) / TARGET_MS, 2),
      draftFromBundleMs: round(p50(fromBundle)),
      draftFromModulesMs: round(p50(fromModules)),
      bundleRatioToModules: round(p50(fromBundle) / p50(fromModules), 2),
      draftImports: imports,
    }),
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
