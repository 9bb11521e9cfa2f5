/** Migration 012 (login-attempts): placeholder, filled in by the change that needs it. */
import type { Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function loginAttempts(_dialect: DialectName): Migration {
  return { up: async () => {}, down: async () => {} };
}
