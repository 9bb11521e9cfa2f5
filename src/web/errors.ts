/**
 * One error type for the HTTP layer and the mapping of lower layers' stable codes to statuses.
 * Every message that leaves here is one line and safe to show (no secrets, no stack).
 */
import { isDbError } from '../db/index.js';
import { isBigCommerceError } from '../bigcommerce/index.js';
import { InputError } from '../shared/errors.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what = 'Page'): HttpError => new HttpError(404, 'not_found', `${what} not found.`);
export const forbidden = (message: string): HttpError => new HttpError(403, 'forbidden', message);
export const badRequest = (message: string): HttpError => new HttpError(400, 'invalid_input', message);

const DB_STATUS: Record<string, number> = {
  not_found: 404,
  conflict: 409,
  last_owner: 409,
  link_invalid: 410,
  invalid_input: 400,
  invalid_settings: 400,
  integration_not_enabled: 403,
};

export interface PublicError {
  status: number;
  code: string;
  message: string;
}

/** What the client may see of any thrown value; null means "unexpected: log it and say 500". */
export function toPublicError(error: unknown): PublicError | null {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  if (isDbError(error)) {
    const status = DB_STATUS[error.code];
    return status ? { status, code: error.code, message: firstLine(error.message) } : null;
  }
  if (isBigCommerceError(error)) return { status: 422, code: error.code, message: firstLine(error.message) };
  if (error instanceof InputError) return { status: 400, code: error.code, message: firstLine(error.message) };
  // Fastify's own 4xx errors (bad JSON, body too large, unsupported media type…).
  const fastify = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return {
      status: fastify.statusCode,
      code: typeof fastify.code === 'string' ? fastify.code.toLowerCase() : 'bad_request',
      message: friendlyFastifyMessage(fastify.statusCode, String(fastify.message ?? 'Bad request.')),
    };
  }
  return null;
}

function friendlyFastifyMessage(status: number, message: string): string {
  if (status === 413) return 'The request body is too large.';
  if (status === 415) return 'Unsupported content type.';
  return firstLine(message);
}

export function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 500);
}
