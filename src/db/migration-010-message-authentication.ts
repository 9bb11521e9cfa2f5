/** Migration 010 (message-authentication): placeholder, filled in by the change that needs it. */
import type { Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function messageAuthentication(_dialect: DialectName): Migration {
  return { up: async () => {}, down: async () => {} };
}
