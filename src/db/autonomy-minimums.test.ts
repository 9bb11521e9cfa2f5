/** A gate stored before the minimums existed reads back raised to them, never looser and never an error. */
import { describe, expect, it } from 'vitest';
import { AUTONOMY_MINIMUMS, DEFAULT_SETTINGS } from '../assistant/types.js';
import { parseSettings } from '../assistant/settings.js';
import { createRepositories } from './repositories/index.js';
import { generateSecretKey } from './secrets.js';
import { createTestDatabase, TEST_DIALECTS } from './test-databases.js';

describe.each(TEST_DIALECTS)('autonomy gate minimums [%s]', (dialect) => {
  it('raises a stored one-reply, 0% gate to the minimums on read', async () => {
    const target = await createTestDatabase(dialect);
    const db = await target.open();
    try {
      const repos = createRepositories(db, generateSecretKey());
      const ws = await repos.workspaces.create({ slug: 'gate', name: 'Gate' });
      const legacy = { ...DEFAULT_SETTINGS, autonomy: { lastN: 1, threshold: 0 } };
      await db.kysely
        .insertInto('settings')
        .values({ workspace_id: ws.id, data: JSON.stringify(legacy), updated_at: new Date().toISOString() })
        .execute();
      expect((await repos.settings.get(ws.id)).autonomy).toEqual(AUTONOMY_MINIMUMS);
      const stricter = { ...DEFAULT_SETTINGS, autonomy: { lastN: 50, threshold: 0.95 } };
      await db.kysely
        .updateTable('settings')
        .set({ data: JSON.stringify(stricter) })
        .execute();
      expect((await repos.settings.get(ws.id)).autonomy).toEqual({ lastN: 50, threshold: 0.95 });
    } finally {
      await db.close();
      await target.drop();
    }
  });

  it('the assistant settings schema (CLI and files) enforces the same floor', () => {
    expect(() => parseSettings({ autonomy: { lastN: 1, threshold: 0 } })).toThrow(/at least/);
    expect(parseSettings({ autonomy: { lastN: 20, threshold: 0.8 } }).autonomy).toEqual(AUTONOMY_MINIMUMS);
  });
});
