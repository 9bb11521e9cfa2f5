import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths whose values are secrets. pino replaces them before a line is written, so a token can
 * never reach a log even when a whole options object is logged by mistake.
 */
export const REDACTED_PATHS = [
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'headers["x-auth-token"]',
  '*.headers["x-auth-token"]',
  'headers.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stderr by default so that stdout stays clean for command output. */
  destination?: NodeJS.WritableStream | { write(line: string): void };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: undefined,
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** A logger that drops everything, for library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * What to log of an unexpected error: its one-line message, code and stack, but not the `cause`
 * chain or other properties, which may carry request data that redaction paths cannot foresee.
 */
export function loggableError(error: unknown): { error: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) return { error: String(error).split('\n')[0] ?? 'unknown error' };
  const code = (error as { code?: unknown }).code;
  return {
    error: error.message.split('\n')[0] ?? error.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}
