/** Small zod pieces shared by routes. Everything is strict: unknown fields are a 400, not ignored. */
import { z } from 'zod';

/** A positive database id as it appears in a path or form: digits only, no signs or exponents. */
export const idString = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'must be a positive id')
  .transform(Number)
  .refine((n) => n <= 2_147_483_647, 'must be a positive id');

export const idParams = z.strictObject({ id: idString });

export const messageStateSchema = z.enum(['received', 'processing', 'drafted', 'sent', 'skipped', 'failed']);

/** HTML checkboxes: present ("on") or absent. */
export const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('1')])
  .optional()
  .transform((v) => v !== undefined);

/** Repeated form fields arrive as an array, a single one as a string, none as undefined. */
export function manyOf<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(50));
}

/**
 * A textarea's text. Browsers submit its line breaks as CRLF; stored text uses LF, so an unedited
 * draft compares equal to what was generated and a signature does not mix line endings.
 */
export function multiline(max: number) {
  return z
    .string()
    .transform((v) => v.replace(/\r\n?/g, '\n'))
    .pipe(z.string().max(max));
}
