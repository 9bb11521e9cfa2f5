import { isFatal, type NoticeList, toNotice } from './notices.js';
import type { ContextResource } from './types.js';

/** Runs an optional lookup: a failure becomes a notice and `undefined`, unless it is fatal. */
export type Attempt = <T>(
  resource: ContextResource,
  lookup: () => Promise<T>,
  orderId?: number,
) => Promise<T | undefined>;

/**
 * An Attempt that records notices in `notices`. On a fatal error it aborts `controller`, so the
 * lookups still running for the same context stop, and rethrows.
 */
export function createAttempt(notices: NoticeList, controller: AbortController): Attempt {
  return async (resource, lookup, orderId) => {
    try {
      return await lookup();
    } catch (error) {
      if (isFatal(error)) {
        controller.abort(error);
        throw error;
      }
      notices.add(toNotice(error, resource, orderId));
      return undefined;
    }
  };
}
