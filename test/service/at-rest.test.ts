/**
 * Data at rest and deployment defaults, on the real server: database files (and the key file)
 * are owner-only, the operator is warned once at start when the key file sits in the data folder
 * in production, and the session cookie is Secure by default behind an https public URL.
 */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyLocationWarning, resolveSecureCookies } from '../../src/app/deployment.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createRepositories, generateSecretKey, loadSecretKey, openDatabase } from '../../src/db/index.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { httpLogin } from './http-session.js';

const PASSWORD = 'correct horse battery staple';
const dirs: string[] = [];
let previousUmask: number | null = null;

function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'snoooz-at-rest-'));
  dirs.push(dir);
  return dir;
}

function mode(file: string): string {
  return (statSync(file).mode & 0o777).toString(8);
}

beforeAll(() => {
  // The common default umask, under which files are created world-readable unless asked otherwise.
  try {
    previousUmask = process.umask(0o022);
  } catch {
    previousUmask = null; // worker threads cannot set it; the assertions hold either way
  }
});

afterAll(() => {
  if (previousUmask !== null) process.umask(previousUmask);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string>, lines: string[] = []): Promise<RunningServer> {
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    smtpPort: null,
    smtpDomain: 'snoooz.localhost',
    dataDir,
    apiUrl: 'http://127.0.0.1:9',
    logger,
    env,
    watchImap: false,
    healthCheckMs: 0,
  });
  return server;
}

describe('data files', () => {
  it('creates the SQLite database, its -wal and -shm files and the key file owner-only (0600)', async () => {
    const dataDir = freshDir();
    const key = loadSecretKey({ dataDir, env: {} });
    const db = await openDatabase({ dataDir });
    try {
      // A write, so the WAL and shared-memory files certainly exist.
      await createRepositories(db, key).workspaces.create({ slug: 'modes', name: 'Modes' });
      const files = ['snoooz.db', 'snoooz.db-wal', 'snoooz.db-shm', 'secret.key'];
      expect(Object.fromEntries(files.map((f) => [f, mode(path.join(dataDir, f))]))).toEqual(
        Object.fromEntries(files.map((f) => [f, '600'])),
      );
      expect(mode(dataDir)).toBe('700');
      expect(key.source).toBe('file');
    } finally {
      await db.close();
    }
  });

  it('narrows an existing world-readable database file back to the owner', async () => {
    const dataDir = freshDir();
    writeFileSync(path.join(dataDir, 'snoooz.db'), '');
    chmodSync(path.join(dataDir, 'snoooz.db'), 0o644);
    const db = await openDatabase({ dataDir });
    await db.close();
    expect(mode(path.join(dataDir, 'snoooz.db'))).toBe('600');
  });
});

describe('the key file in the data folder', () => {
  it('is warned about once at start in production, not with SNOOOZ_SECRET_KEY or in development', async () => {
    const warnings = async (env: Record<string, string>): Promise<string[]> => {
      const lines: string[] = [];
      const server = await start(freshDir(), env, lines);
      await server.close();
      return lines.filter((l) => l.includes('secret key file is inside the data folder'));
    };
    expect(await warnings({ NODE_ENV: 'production' })).toHaveLength(1);
    expect(await warnings({ SNOOOZ_PUBLIC_URL: 'https://support.shop.example' })).toHaveLength(1);
    expect(await warnings({ NODE_ENV: 'production', SNOOOZ_SECRET_KEY: generateSecretKey().export() })).toEqual([]);
    expect(await warnings({ NODE_ENV: 'development' })).toEqual([]);
    expect(keyLocationWarning({ source: 'env' }, { NODE_ENV: 'production' })).toBeNull();
  });
});

describe('the session cookie', () => {
  async function loginCookie(env: Record<string, string>): Promise<string> {
    const server = await start(freshDir(), env);
    try {
      const ws = await server.repos.workspaces.create({ slug: 'cookies', name: 'Cookies' });
      const user = await server.repos.users.create({
        email: 'owner@cookies.test',
        name: 'Owner',
        passwordHash: await hashPassword(PASSWORD),
      });
      await server.repos.users.setMembership(ws.id, user.id, 'owner');
      return (await httpLogin(server.url, 'owner@cookies.test', PASSWORD)).setCookie;
    } finally {
      await server.close();
    }
  }

  it('is Secure (and __Host-) by default when the public URL is https, with SNOOOZ_SECURE_COOKIES overriding', async () => {
    const https = await loginCookie({ SNOOOZ_PUBLIC_URL: 'https://support.shop.example' });
    expect(https).toMatch(/^__Host-snoooz_session=/);
    expect(https).toMatch(/;\s*Secure/i);

    const plain = await loginCookie({});
    expect(plain).toMatch(/^snoooz_session=/);
    expect(plain).not.toMatch(/;\s*Secure/i);

    const off = await loginCookie({ SNOOOZ_PUBLIC_URL: 'https://support.shop.example', SNOOOZ_SECURE_COOKIES: '0' });
    expect(off).not.toMatch(/;\s*Secure/i);
    expect(await loginCookie({ SNOOOZ_SECURE_COOKIES: '1' })).toMatch(/;\s*Secure/i);
  });

  it('refuses a SNOOOZ_SECURE_COOKIES value that is neither 1 nor 0', () => {
    expect(() => resolveSecureCookies({ SNOOOZ_SECURE_COOKIES: 'yes please' })).toThrow(/must be 1 or 0/);
    expect(resolveSecureCookies({ SNOOOZ_PUBLIC_URL: 'http://localhost:3000' })).toBe(false);
  });
});
