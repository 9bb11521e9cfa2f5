import type { Database, Repositories } from '../../db/index.js';
import { createRepositories, loadSecretKey, openDatabase } from '../../db/index.js';
import { readEnv } from '../../shared/config.js';

/** Opens the configured database (DATABASE_URL, else SQLite in SNOOOZ_DATA_DIR) for one admin command. */
export async function withDatabase<T>(
  fn: (repos: Repositories, db: Database, dataDir: string) => Promise<T>,
): Promise<T> {
  const env = readEnv();
  const dataDir = env.SNOOOZ_DATA_DIR;
  const key = loadSecretKey({ dataDir });
  const db = await openDatabase({ dataDir, ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : {}) });
  try {
    return await fn(createRepositories(db, key), db, dataDir);
  } finally {
    await db.close();
  }
}
