/**
 * Failures of webhook management as one typed error. Messages are built from facts we control
 * (status, the path without query, BigCommerce's short title) so the access token and the
 * webhook secret never reach a message, a cause or a log.
 */
import { BigCommerceError, type BigCommerceErrorCode } from '../bigcommerce/errors.js';
import { HOOKS_COLLECTION } from './paths.js';

/** BigCommerce's codes, plus the two ways our own input can be wrong (their `code` is `bad_request`). */
export type WebhookErrorCode = BigCommerceErrorCode | 'invalid_destination' | 'invalid_secret';

/**
 * A BigCommerceError (so callers that already branch on those codes keep working) with the
 * precise `problem`: the BigCommerce code, or `invalid_destination` / `invalid_secret`.
 */
export class WebhookError extends BigCommerceError {
  readonly problem: WebhookErrorCode;

  constructor(problem: WebhookErrorCode, message: string, details: { status?: number } = {}) {
    const code: BigCommerceErrorCode =
      problem === 'invalid_destination' || problem === 'invalid_secret' ? 'bad_request' : problem;
    super(code, message, details.status === undefined ? {} : { status: details.status, path: HOOKS_COLLECTION });
    this.name = 'WebhookError';
    this.problem = problem;
  }
}

export function isWebhookError(error: unknown, problem?: WebhookErrorCode): error is WebhookError {
  return error instanceof WebhookError && (problem === undefined || error.problem === problem);
}

/** The error for a non-2xx answer from `/v3/hooks`. */
export function errorForStatus(status: number, path: string, title: string | null): WebhookError {
  const detail = title ? `: ${title.slice(0, 200)}` : '';
  if (status === 401) {
    return new WebhookError(
      'invalid_token',
      'BigCommerce rejected the access token while managing webhooks: reconnect the store with a current token.',
      { status },
    );
  }
  if (status === 403) {
    return new WebhookError(
      'missing_scope',
      'BigCommerce refused to manage webhooks for this store: the API account needs the Orders read scope, and the store hash must match the token.',
      { status },
    );
  }
  if (status === 404) return new WebhookError('not_found', `BigCommerce has no such webhook (${path}).`, { status });
  if (status === 429) {
    return new WebhookError('rate_limited', 'BigCommerce is rate-limiting this store: try again in a minute.', {
      status,
    });
  }
  if (status >= 500) {
    return new WebhookError('unavailable', `BigCommerce answered HTTP ${status} on ${path}: try again later.`, {
      status,
    });
  }
  return new WebhookError('bad_request', `BigCommerce refused the webhook request (HTTP ${status}${detail}).`, {
    status,
  });
}
