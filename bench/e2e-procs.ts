/**
 * Processes of `bench:e2e`, spawned from the built CLI exactly as users run them: the
 * BigCommerce simulator (`snoooz simulator --log`, whose request lines are counted per store) and
 * `snoooz serve`. Also the serve process's resident memory (VmRSS) and CLI start-up timing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { percentile } from './context-stats.js';

export const CLI = join(import.meta.dirname, '../src/cli/main.js');

/** Keeps the last output only: a serve process logs a line or two per email. */
const KEEP_CHARS = 64 * 1024;

const children = new Set<ChildProcess>();
// Ctrl+C or a crash must not leave a serve or simulator process behind (Dovecot has its own hook).
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** The last KEEP_CHARS of stdout and stderr. */
  tail(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine?: (line: string) => void,
  logFile?: string,
): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (logFile) {
    const file = createWriteStream(logFile);
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
  }
  let kept = '';
  let partial = '';
  const keep = (text: string) => {
    kept = (kept + text).slice(-KEEP_CHARS);
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    keep(text);
    if (!onLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  child.stderr?.on('data', (chunk: Buffer) => keep(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid ?? 0,
    tail: () => kept,
    exited,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, delay(20_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function waitForOutput(proc: Proc, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(proc.tail());
    if (match) return match;
    if (proc.child.exitCode !== null || Date.now() > until) {
      throw new Error(`process did not print ${pattern}:\n${proc.tail().slice(-4000)}`);
    }
    await delay(20);
  }
}

/** Requests the simulator answered, per store hash, from its `--log` lines. */
export interface RequestCounter {
  /** Answered requests (any status) for the store. */
  total(hash: string): number;
  /** Of which 429 (refused by the quota, so not spent from it). */
  refused(hash: string): number;
}

export interface SimulatorProc extends Proc {
  url: string;
  counter: RequestCounter;
}

/** `snoooz simulator --data f1 --data f2 … --latency-ms L --quota Q --log` on a free port. */
export async function startSimulatorProcess(
  files: string[],
  options: { latencyMs: number; quota: number },
  env: NodeJS.ProcessEnv,
): Promise<SimulatorProc> {
  const total = new Map<string, number>();
  const refused = new Map<string, number>();
  // e.g. "GET /stores/e2esingle/v3/customers?email%3Ain=… 200 51ms"
  const LINE = /^[A-Z]+ \/stores\/([^/\s]+)\/\S* (\d+|hang|reset) \d+ms$/;
  const proc = runCli(
    [
      'simulator',
      '--port',
      '0',
      ...files.flatMap((file) => ['--data', file]),
      '--latency-ms',
      String(options.latencyMs),
      '--quota',
      String(options.quota),
      '--log',
    ],
    env,
    (line) => {
      const match = LINE.exec(line);
      if (!match?.[1]) return;
      total.set(match[1], (total.get(match[1]) ?? 0) + 1);
      if (match[2] === '429') refused.set(match[1], (refused.get(match[1]) ?? 0) + 1);
    },
  );
  const url = (await waitForOutput(proc, /listening on (http:\/\/\S+)/))[1] ?? '';
  return {
    ...proc,
    url,
    counter: { total: (hash) => total.get(hash) ?? 0, refused: (hash) => refused.get(hash) ?? 0 },
  };
}

/** Median round trip of a request the simulator answers without touching any store's quota. */
export async function measureRttMs(url: string, samples = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    const response = await fetch(`${url}/`);
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

/** CPU time the process has used so far (user + system), in milliseconds. */
export function cpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * RSS once the process is idle: after `settleMs`, the lowest of samples taken over `sampleMs`.
 * The lowest, because a collection in that period only ever lowers it: the same rule for every
 * measurement, whatever the collector happened to be doing.
 */
export async function settledRssMb(pid: number, settleMs = 2_000, sampleMs = 2_000): Promise<number> {
  await delay(settleMs);
  let lowest = Number.POSITIVE_INFINITY;
  const until = Date.now() + sampleMs;
  while (Date.now() < until) {
    lowest = Math.min(lowest, rssMb(pid));
    await delay(100);
  }
  return lowest;
}

/** Median wall time of spawning `node <CLI> …args` (as users run the built CLI). */
export function cliStartMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) throw new Error(`snoooz ${args.join(' ')} failed: ${String(run.stderr)}`);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}
