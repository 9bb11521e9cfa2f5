/**
 * How far a shadow run has got, for the page that watches it: counts so far, the total once the
 * mailbox is read, and a time-left estimate from the pace so far. The hub keeps the latest
 * progress of the runs this process executes (in memory: a run lives in the process that started
 * it) and tells listeners about every change; listeners filter by workspace themselves.
 */
import { EventEmitter } from 'node:events';

export interface ShadowProgress {
  /** Emails the run goes through; null while the mailbox is still being read. */
  total: number | null;
  /** Emails put through the pipeline so far. */
  read: number;
  /** Of those, the ones Snoooz wrote a draft for. */
  drafted: number;
  /** Of those drafts, the ones compared with the team's reply. */
  compared: number;
  /** When the first email was started (ISO); the pace is measured from here. */
  startedAt: string | null;
}

export interface ShadowProgressEvent {
  workspaceId: number;
  runId: number;
  /** `done` and `failed` are the last event of a run. */
  status: 'running' | 'done' | 'failed';
  progress: ShadowProgress;
}

export const NO_PROGRESS: ShadowProgress = { total: null, read: 0, drafted: 0, compared: 0, startedAt: null };

/** Seconds until the last email at the pace so far; null until one email is done and the total is known. */
export function secondsLeft(progress: ShadowProgress, now: Date): number | null {
  const { total, read, startedAt } = progress;
  if (total === null || startedAt === null || read === 0) return null;
  if (read >= total) return 0;
  const elapsed = (now.getTime() - Date.parse(startedAt)) / 1000;
  if (!(elapsed > 0)) return null;
  return Math.ceil((elapsed / read) * (total - read));
}

export interface ShadowProgressHub {
  /** Records a run's progress and tells every listener. */
  report(event: ShadowProgressEvent): void;
  /** The latest progress of a run still running in this process, else null. */
  latest(workspaceId: number, runId: number): ShadowProgressEvent | null;
  on(listener: (event: ShadowProgressEvent) => void): void;
  off(listener: (event: ShadowProgressEvent) => void): void;
}

export function createShadowProgressHub(): ShadowProgressHub {
  const emitter = new EventEmitter();
  // One listener per open run page; many are normal, not a leak.
  emitter.setMaxListeners(0);
  const running = new Map<string, ShadowProgressEvent>();
  const key = (workspaceId: number, runId: number) => `${workspaceId}:${runId}`;
  return {
    report(event) {
      // A finished run is read from the database from now on: nothing to keep.
      if (event.status === 'running') running.set(key(event.workspaceId, event.runId), event);
      else running.delete(key(event.workspaceId, event.runId));
      emitter.emit('progress', event);
    },
    latest: (workspaceId, runId) => running.get(key(workspaceId, runId)) ?? null,
    on: (listener) => void emitter.on('progress', listener),
    off: (listener) => void emitter.off('progress', listener),
  };
}
