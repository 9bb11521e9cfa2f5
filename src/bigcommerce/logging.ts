/**
 * The logger we accept is any pino-compatible object with `debug` and `warn`. What we log is
 * built here so the token and customer emails cannot slip in: only method, path, status,
 * duration, attempt and a query whose email-like values are masked.
 */

export interface BigCommerceLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export const silentLogger: BigCommerceLogger = {
  debug() {},
  warn() {},
};

const EMAIL_LIKE = /[^\s@,]+@[^\s@,]+/g;

/** Masks anything that looks like an email address. */
export function maskEmails(text: string): string {
  return text.replace(EMAIL_LIKE, '[email]');
}

/** The query as a loggable object: values that are (or contain) emails are masked. */
export function loggableQuery(query: QueryParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    out[key] = maskEmails(Array.isArray(value) ? value.join(',') : String(value));
  }
  return out;
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;
