import { DbError } from '../errors.js';

export function invalid(message: string): DbError {
  return new DbError('invalid_input', message);
}

/** Ids arrive from URLs and job payloads; anything but a positive integer matches no row. */
export function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 2_147_483_647;
}

export function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function requireText(value: unknown, what: string, max = 10_000): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${what} is required.`);
  if (value.length > max) throw invalid(`${what} is longer than ${max} characters.`);
  return value;
}
