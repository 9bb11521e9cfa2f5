import { AppError } from '../shared/errors.js';

/**
 * Stable codes callers branch on (the web layer maps them to HTTP statuses):
 * - not_found: the row does not exist *in this workspace* (another tenant's id looks exactly the same)
 * - conflict: a uniqueness rule or a state transition forbids the write
 * - last_owner: the change would leave a workspace without an owner
 * - link_invalid: an invitation or password-reset link is unknown, used, revoked or expired
 * - invalid_input / invalid_settings: the values were rejected before anything was written
 * - integration_not_enabled: an operator has not enabled this integration for the workspace
 * - invalid_secret_key / wrong_secret_key / secret_unreadable: the encryption key is malformed, is not
 *   the one the secret was written with, or the ciphertext fails authentication
 * - invalid_database_url / unavailable / migration_failed: the database cannot be used
 */
export type DbErrorCode =
  | 'not_found'
  | 'conflict'
  | 'last_owner'
  | 'link_invalid'
  | 'invalid_input'
  | 'invalid_settings'
  | 'integration_not_enabled'
  | 'invalid_secret_key'
  | 'wrong_secret_key'
  | 'secret_unreadable'
  | 'invalid_database_url'
  | 'unavailable'
  | 'migration_failed';

export class DbError extends AppError {
  declare readonly code: DbErrorCode;

  constructor(code: DbErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(code, message, options);
    this.name = 'DbError';
  }
}

export function isDbError(error: unknown, code?: DbErrorCode): error is DbError {
  return error instanceof DbError && (code === undefined || error.code === code);
}

export function notFound(what: string): DbError {
  return new DbError('not_found', `${what} not found.`);
}

/** SQLite (better-sqlite3) and PostgreSQL (pg) report constraint violations differently. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
