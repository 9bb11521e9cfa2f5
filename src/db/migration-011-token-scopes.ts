/**
 * Migration 011 (token-scopes): each API token carries the scopes chosen when it was made, as a
 * space-separated list of `read draft send admin`.
 *
 * Tokens made before this migration used to act as an agent, so they get exactly an agent's
 * permissions (`read draft send`): every integration that used a token as intended keeps working,
 * and none of them gains or keeps the owner-only powers the old resolution leaked. Owners who
 * want less revoke and re-create.
 */
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from './schema.js';

export const LEGACY_TOKEN_SCOPES = 'read draft send';

export function tokenScopes(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('api_tokens')
        .addColumn('scopes', 'text', (c) => c.notNull().defaultTo(LEGACY_TOKEN_SCOPES))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('api_tokens').dropColumn('scopes').execute();
    },
  };
}
