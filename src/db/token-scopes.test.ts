/** Migration 011: tokens made before scopes existed keep an agent's permissions, never admin. */
import { Migrator, type Kysely, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, migrationsFor } from './migrations.js';
import { createRepositories } from './repositories/index.js';
import { hashToken } from './repositories/auth.js';
import type { Schema } from './schema.js';
import { generateSecretKey } from './secrets.js';
import { createTestDatabase, TEST_DIALECTS } from './test-databases.js';

describe.each(TEST_DIALECTS)('api token scopes migration [%s]', (dialect) => {
  it('gives existing tokens read, draft and send; new tokens store exactly what was chosen', async () => {
    const target = await createTestDatabase(dialect);
    const db = await target.open({ migrate: false });
    try {
      const before: Record<string, Migration> = Object.fromEntries(
        Object.entries(migrationsFor(db.dialect)).filter(([name]) => name < '011'),
      );
      const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => before } });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const old = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const ws = await old
        .insertInto('workspaces')
        .values({ slug: 'old', name: 'Old', created_at: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await old
        .insertInto('api_tokens')
        .values({
          workspace_id: ws.id,
          token_hash: hashToken('legacy'),
          name: 'Legacy',
          last4: 'gacy',
          created_at: new Date().toISOString(),
        })
        .execute();

      await migrateToLatest(db.kysely as Kysely<Schema>, db.dialect);
      const repos = createRepositories(db, generateSecretKey());
      expect((await repos.auth.apiTokenByHash(hashToken('legacy')))?.scopes).toEqual(['read', 'draft', 'send']);
      const made = await repos.auth.createApiToken(Number(ws.id), {
        tokenHash: hashToken('new'),
        name: 'New',
        last4: 'new1',
        scopes: ['admin', 'read'],
      });
      expect(made.scopes).toEqual(['read', 'admin']);
      await expect(
        repos.auth.createApiToken(Number(ws.id), {
          tokenHash: hashToken('none'),
          name: 'None',
          last4: 'none',
          scopes: [],
        }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    } finally {
      await db.close();
      await target.drop();
    }
  });
});
