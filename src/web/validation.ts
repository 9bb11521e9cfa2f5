/** zod at the edge: every body, query and params object is parsed here into a typed value or a 400. */
import type { z } from 'zod';
import { badRequest } from './errors.js';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw badRequest(describeIssues(result.error, what));
}

/** One line: the first issue, with the field it concerns (never the value, which may be a secret). */
export function describeIssues(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (!issue) return `Invalid ${what}.`;
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys')
    return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
  return `${field ? `${field}: ` : ''}${issue.message}`.replace(/\s+/g, ' ').slice(0, 300);
}
