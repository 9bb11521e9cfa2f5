/**
 * Backoff and sleeping. GET is safe to repeat, so network errors, timeouts, 5xx and 429 are
 * retried; jitter keeps several clients from retrying in lock-step.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { MAX_RETRY_DELAY_MS } from './config.js';

/**
 * Exponential backoff with "equal jitter": half of the exponential step is fixed, half random,
 * so retries are never immediate but still spread out. `attempt` is 0 for the first retry.
 */
export function backoffDelay(attempt: number, baseDelayMs: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_RETRY_DELAY_MS, baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

/** Resolves after `ms`, or rejects with the signal's reason when the caller gives up first. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) {
    signal?.throwIfAborted();
    return;
  }
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
