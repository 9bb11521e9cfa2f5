/**
 * Forwarding tokens (migration 009): every inbox has an unguessable one, the old `inbox-<id>@`
 * address is an owner's choice, and an upgrade gives existing inboxes a token (keeping the old
 * address on only where mail cannot arrive any other way).
 */
import { Migrator, sql } from 'kysely';
import type { MigrationProvider } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FORWARDING_TOKEN_PATTERN, newForwardingToken } from './forwarding-token.js';
import { migrateToLatest, migrationsFor } from './migrations.js';
import { seedWorkspace, TEST_DIALECTS, createTestDatabase, withTestDatabases } from './test-databases.js';

describe('forwarding tokens', () => {
  it('carry at least 128 random bits in lower-case base32', () => {
    const tokens = new Set(Array.from({ length: 2_000 }, () => newForwardingToken()));
    expect(tokens.size).toBe(2_000);
    for (const token of tokens) expect(token).toMatch(FORWARDING_TOKEN_PATTERN);
    // 26 base32 characters: 130 bits of room for the 128 random ones.
    expect([...tokens][0]).toHaveLength(26);
    // Every one of the 32 characters turns up, at every position but the last.
    const seen = new Set([...tokens].flatMap((t) => [...t.slice(0, 25)]));
    expect(seen.size).toBe(32);
  });
});

withTestDatabases('inbox forwarding', (store) => {
  it('gives each new inbox its own token, with the old address off', async () => {
    const { repos } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    const inboxA = await repos.inboxes.get(a.workspaceId, a.inboxId);
    const inboxB = await repos.inboxes.get(b.workspaceId, b.inboxId);
    expect(inboxA.forwardingToken).toMatch(FORWARDING_TOKEN_PATTERN);
    expect(inboxA.forwardingToken).not.toBe(inboxB.forwardingToken);
    expect(inboxA.legacyForwarding).toBe(false);
  });

  it('switches the old address on and off, and replaces the token on request', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const before = await repos.inboxes.get(workspaceId, inboxId);
    expect((await repos.inboxes.update(workspaceId, inboxId, { legacyForwarding: true })).legacyForwarding).toBe(true);
    expect((await repos.inboxes.get(workspaceId, inboxId)).forwardingToken).toBe(before.forwardingToken);
    expect((await repos.inboxes.update(workspaceId, inboxId, { legacyForwarding: false })).legacyForwarding).toBe(
      false,
    );
    const rotated = await repos.inboxes.rotateForwardingToken(workspaceId, inboxId);
    expect(rotated.forwardingToken).toMatch(FORWARDING_TOKEN_PATTERN);
    expect(rotated.forwardingToken).not.toBe(before.forwardingToken);
  });

  it('keeps tokens unique across workspaces (the receiver finds the inbox by it alone)', async () => {
    const { repos, db } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    const token = (await repos.inboxes.get(a.workspaceId, a.inboxId)).forwardingToken;
    await expect(
      db.kysely.updateTable('inboxes').set({ forward_token: token }).where('id', '=', b.inboxId).execute(),
    ).rejects.toThrow();
  });
});

describe.each(TEST_DIALECTS)('migration 009 on existing inboxes [%s]', (dialect) => {
  it('gives every inbox a token; the old address stays on only for inboxes without IMAP', async () => {
    const target = await createTestDatabase(dialect);
    try {
      const db = await target.open({ migrate: false });
      try {
        const all = migrationsFor(db.dialect);
        const upTo = (last: string): MigrationProvider => ({
          getMigrations: async () => Object.fromEntries(Object.entries(all).filter(([name]) => name <= last)),
        });
        const before = new Migrator({ db: db.kysely, provider: upTo('008_webhooks') });
        expect((await before.migrateToLatest()).error).toBeUndefined();

        const at = new Date().toISOString();
        await sql`insert into workspaces (slug, name, created_at) values ('old', 'Old shop', ${at})`.execute(db.kysely);
        const ws = await sql<{ id: number }>`select id from workspaces where slug = 'old'`.execute(db.kysely);
        const workspaceId = ws.rows[0]?.id;
        const imap = JSON.stringify({ host: 'imap.old.example', port: 993, secure: true, user: 'u' });
        for (const [address, settings] of [
          ['forwarded@old.example', null],
          ['imap@old.example', imap],
          ['api@old.example', null],
        ] as const) {
          await sql`insert into inboxes (workspace_id, name, address, imap, created_at, updated_at)
            values (${workspaceId}, 'Support', ${address}, ${settings}, ${at}, ${at})`.execute(db.kysely);
        }

        expect(await migrateToLatest(db.kysely, db.dialect)).toContain('009_inbox_forwarding');
        const rows = await db.kysely
          .selectFrom('inboxes')
          .select(['address', 'forward_token', 'legacy_forwarding'])
          .orderBy('id')
          .execute();
        expect(rows.map((r) => [r.address, r.legacy_forwarding])).toEqual([
          ['forwarded@old.example', 1],
          ['imap@old.example', 0],
          ['api@old.example', 1],
        ]);
        for (const row of rows) expect(row.forward_token).toMatch(FORWARDING_TOKEN_PATTERN);
        expect(new Set(rows.map((r) => r.forward_token)).size).toBe(3);
        // Only 0 and 1.
        await expect(
          sql`update inboxes set legacy_forwarding = 2 where address = 'api@old.example'`.execute(db.kysely),
        ).rejects.toThrow();
      } finally {
        await db.close();
      }
    } finally {
      await target.drop();
    }
  });
});
