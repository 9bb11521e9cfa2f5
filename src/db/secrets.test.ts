import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { isDbError } from './errors.js';
import { createRepositories } from './repositories/index.js';
import {
  decryptSecret,
  encryptSecret,
  generateSecretKey,
  loadSecretKey,
  mask,
  parseSecretKey,
  rotateSecretKeyFile,
  rotateSecrets,
} from './secrets.js';
import { createTestDatabase, seedWorkspace, withTestDatabases } from './test-databases.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'snoooz-key-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ctx = { workspaceId: 1, kind: 'bigcommerce_token' as const };

describe('secret key', () => {
  it('accepts 32 bytes as base64 or hex from SNOOOZ_SECRET_KEY, with the same fingerprint', () => {
    const bytes = Buffer.alloc(32, 7);
    const fromB64 = loadSecretKey({ env: { SNOOOZ_SECRET_KEY: bytes.toString('base64') }, dataDir: tempDir() });
    const fromHex = loadSecretKey({ env: { SNOOOZ_SECRET_KEY: bytes.toString('hex') } });
    expect(fromB64.id).toBe(fromHex.id);
    expect(fromB64.source).toBe('env');
    expect(fromB64.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each(['', 'short', 'x'.repeat(64), Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('hex')])(
    'rejects a malformed key %j with a clear error that does not echo it',
    (value) => {
      const run = () => parseSecretKey(value);
      expect(run).toThrow(/SNOOOZ_SECRET_KEY must be 32 random bytes as base64 or 64 hex digits/);
      try {
        run();
      } catch (error) {
        expect(isDbError(error, 'invalid_secret_key')).toBe(true);
        if (value.length > 0) expect((error as Error).message).not.toContain(value);
      }
    },
  );

  it('creates <dataDir>/secret.key with mode 0600 on first start and reuses it afterwards', () => {
    const dir = path.join(tempDir(), 'data');
    const first = loadSecretKey({ env: {}, dataDir: dir });
    const file = path.join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadSecretKey({ env: {}, dataDir: dir });
    expect(second.id).toBe(first.id);
    expect(second.source).toBe('file');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.export());
  });

  it('narrows a key file others can read back to mode 0600', () => {
    const dir = path.join(tempDir(), 'data');
    const first = loadSecretKey({ env: {}, dataDir: dir });
    const file = path.join(dir, 'secret.key');
    chmodSync(file, 0o644);
    expect(loadSecretKey({ env: {}, dataDir: dir }).id).toBe(first.id);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a corrupt key file instead of replacing it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'secret.key'), 'not a key\n', { mode: 0o600 });
    expect(() => loadSecretKey({ env: {}, dataDir: dir })).toThrow(/key file .*secret\.key must be 32 random bytes/);
    expect(readFileSync(path.join(dir, 'secret.key'), 'utf8')).toBe('not a key\n');
  });

  it('never shows its material when logged or serialised', () => {
    const key = generateSecretKey();
    const material = key.export();
    expect(inspect(key)).not.toContain(material);
    expect(JSON.stringify({ key })).not.toContain(material);
    expect(String(key)).toBe(`SecretKey(${key.id})`);
  });
});

describe('encryption', () => {
  it('round-trips, uses a fresh IV each time, and keeps the plaintext out of the ciphertext', () => {
    const key = generateSecretKey();
    const a = encryptSecret(key, 'sk_live_abcdef123456', ctx);
    const b = encryptSecret(key, 'sk_live_abcdef123456', ctx);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(Buffer.from(a.ciphertext, 'base64').toString('latin1')).not.toContain('abcdef');
    expect(decryptSecret(key, a, ctx)).toBe('sk_live_abcdef123456');
  });

  it('names the key mismatch when decrypting with a different key', () => {
    const secret = encryptSecret(generateSecretKey(), 'token-1234', ctx);
    const other = generateSecretKey();
    expect(() => decryptSecret(other, secret, ctx)).toThrow(
      /encrypted with key [0-9a-f]{16}, but the configured key is/,
    );
  });

  it('rejects a tampered ciphertext and one moved to another workspace or kind', () => {
    const key = generateSecretKey();
    const secret = encryptSecret(key, 'token-1234', ctx);
    const flipped = Buffer.from(secret.ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const tampered = { ...secret, ciphertext: flipped.toString('base64') };
    for (const [enc, context] of [
      [tampered, ctx],
      [secret, { ...ctx, workspaceId: 2 }],
      [secret, { ...ctx, kind: 'mail_password' as const }],
    ] as const) {
      try {
        decryptSecret(key, enc, context);
        expect.unreachable();
      } catch (error) {
        expect(isDbError(error, 'secret_unreadable')).toBe(true);
      }
    }
  });

  it('masks to the last four characters, and hides short values entirely', () => {
    expect(mask('sk_live_abcdefgh1234')).toBe('••••1234');
    expect(mask('pass')).toBe('••••');
    expect(mask('1234567')).toBe('••••');
  });
});

withTestDatabases('secrets at rest', (store) => {
  it('store only ciphertext; the row never contains the plaintext, views only the last 4', async () => {
    const { repos, db } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const token = 'bc-token-SUPERSECRET-9876';
    const view = await repos.secrets.store(workspaceId, 'bigcommerce_token', token);
    expect(view.masked).toBe('••••9876');
    expect(JSON.stringify(view)).not.toContain('SUPERSECRET');
    const row = await db.kysely.selectFrom('secrets').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    expect(raw).not.toContain('SUPERSECRET');
    expect(Buffer.from(row.ciphertext, 'base64').toString('latin1')).not.toContain('SUPERSECRET');
    expect(row.key_id).toBe(store().key.id);
    expect(await repos.secrets.reveal(workspaceId, view.id)).toBe(token);
  });

  it('fail with a clear error when the configured key is not the one that wrote the secret', async () => {
    const { repos, db } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const view = await repos.secrets.store(workspaceId, 'llm_api_key', 'sk-abc-0000-1111');
    const withOtherKey = createRepositories(db, generateSecretKey());
    await expect(withOtherKey.secrets.reveal(workspaceId, view.id)).rejects.toSatisfy((e) =>
      isDbError(e, 'wrong_secret_key'),
    );
  });

  it('rotate every secret of every workspace in one go; the old key no longer decrypts', async () => {
    const { repos, db, key } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    const s1 = await repos.secrets.store(a.workspaceId, 'bigcommerce_token', 'token-aaaa-1111');
    const s2 = await repos.secrets.store(b.workspaceId, 'mail_password', 'password-bbbb-2222');
    const before = await db.kysely.selectFrom('secrets').selectAll().execute();

    const newKey = generateSecretKey();
    const result = await rotateSecrets(db, key, newKey);
    expect(result.rotated).toBe(before.length);
    expect(result.skipped).toBe(0);

    const after = await db.kysely.selectFrom('secrets').selectAll().execute();
    for (const row of after) {
      expect(row.key_id).toBe(newKey.id);
      expect(row.ciphertext).not.toBe(before.find((r) => r.id === row.id)?.ciphertext);
    }
    const rotated = createRepositories(db, newKey);
    expect(await rotated.secrets.reveal(a.workspaceId, s1.id)).toBe('token-aaaa-1111');
    expect(await rotated.secrets.reveal(b.workspaceId, s2.id)).toBe('password-bbbb-2222');
    await expect(repos.secrets.reveal(a.workspaceId, s1.id)).rejects.toSatisfy((e) => isDbError(e, 'wrong_secret_key'));
    expect((await rotated.audit.list(a.workspaceId, { action: 'secrets.rotated' })).length).toBe(1);

    // A repeated run with the same keys has nothing left to do.
    expect(await rotateSecrets(db, key, newKey)).toEqual({ rotated: 0, skipped: after.length });
    // Rotate back so the rest of this file keeps using the original key.
    await rotateSecrets(db, newKey, key);
  });

  it('change nothing when one secret cannot be decrypted with the old key', async () => {
    const { repos, db, key } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await repos.secrets.store(workspaceId, 'llm_api_key', 'sk-good-1234-5678');
    const stranger = createRepositories(db, generateSecretKey());
    const odd = await stranger.secrets.store(workspaceId, 'llm_api_key', 'sk-odd-8765-4321');
    const before = await db.kysely.selectFrom('secrets').selectAll().orderBy('id').execute();

    await expect(rotateSecrets(db, key, generateSecretKey())).rejects.toSatisfy((e) =>
      isDbError(e, 'wrong_secret_key'),
    );
    expect(await db.kysely.selectFrom('secrets').selectAll().orderBy('id').execute()).toEqual(before);
    await stranger.secrets.remove(workspaceId, odd.id);
  });
});

describe('key file rotation', () => {
  it('writes the new key file only after the secrets moved to it', async () => {
    const target = await createTestDatabase('sqlite');
    try {
      const db = await target.open();
      try {
        const oldKey = loadSecretKey({ env: {}, dataDir: target.dataDir });
        const repos = createRepositories(db, oldKey);
        const { workspaceId } = await seedWorkspace(repos);
        const secret = await repos.secrets.store(workspaceId, 'mail_password', 'imap-password-42');

        const result = await rotateSecretKeyFile(db, { dataDir: target.dataDir });
        expect(result.rotated).toBe(1);
        const newKey = loadSecretKey({ env: {}, dataDir: target.dataDir });
        expect(newKey.id).toBe(result.keyId);
        expect(newKey.id).not.toBe(oldKey.id);
        expect(statSync(path.join(target.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
        expect(existsSync(path.join(target.dataDir, 'secret.key.new'))).toBe(false);
        expect(await createRepositories(db, newKey).secrets.reveal(workspaceId, secret.id)).toBe('imap-password-42');
      } finally {
        await db.close();
      }
    } finally {
      await target.drop();
    }
  });
});
