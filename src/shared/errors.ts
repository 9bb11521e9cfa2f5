/**
 * Typed errors with a stable `code`. Callers branch on `code`, never on message text.
 * Messages are one line, safe to show to a merchant, and never contain secrets.
 */
export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** Bad input from a user or a file: a one-line message, non-zero exit, nothing stored. */
export class InputError extends AppError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'InputError';
  }
}

/**
 * Marks every AppError, whichever copy of this module made it: `snoooz draft` runs from a bundle
 * with its own copy (cli/draft-run-bundle.ts), and the CLI's exit code is decided outside it.
 */
const APP_ERROR = Symbol.for('snoooz.AppError');
Object.defineProperty(AppError.prototype, APP_ERROR, { value: true });

export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[APP_ERROR] === true)
  );
}

/** A single line describing any thrown value, for CLIs and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error).split('\n')[0] ?? 'unknown error';
}
