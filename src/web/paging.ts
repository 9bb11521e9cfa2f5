/**
 * The inbox's page cursors in URLs and links. A cursor is the (received_at, id) of a row, written
 * `2025-01-06T10:00:00.000Z_123`: readable, URL-safe, and checked strictly, so a hand-edited
 * cursor is a 400 rather than a query on garbage.
 */
import { z } from 'zod';
import type { AssigneeFilter, QueueCursor } from '../db/index.js';
import type { InboxFilter } from './views/inbox.js';

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([1-9]\d{0,9})$/;

export const cursorSchema = z
  .string()
  .regex(CURSOR, 'must be a page cursor')
  .transform((value) => {
    const [, receivedAt = '', id = '0'] = CURSOR.exec(value) ?? [];
    return { receivedAt, id: Number(id) };
  })
  .refine((c) => c.id <= 2_147_483_647 && !Number.isNaN(Date.parse(c.receivedAt)), 'must be a page cursor');

export function formatCursor(cursor: QueueCursor): string {
  return `${cursor.receivedAt}_${cursor.id}`;
}

export interface InboxLocation {
  filter: InboxFilter;
  /** Whose conversations; omitted or `all`: everyone's (the default, left out of the URL). */
  assignee?: AssigneeFilter;
  /** The search text; '' when not searching. */
  search: string;
  before?: QueueCursor | null;
  after?: QueueCursor | null;
}

/**
 * The inbox URL of a view. The default filters are left out: to do for the inbox, all for a
 * search (a person looking for order 12345 wants it whether or not it is done), everyone's
 * conversations for the assignee.
 */
export function inboxHref(at: InboxLocation): string {
  const params = new URLSearchParams();
  if (at.search) params.set('q', at.search);
  if (at.filter !== defaultFilter(at.search)) params.set('queue', at.filter);
  if (at.assignee && at.assignee !== 'all') params.set('assignee', at.assignee);
  if (at.before) params.set('before', formatCursor(at.before));
  else if (at.after) params.set('after', formatCursor(at.after));
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

export function defaultFilter(search: string): InboxFilter {
  return search ? 'all' : 'todo';
}
