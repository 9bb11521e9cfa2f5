/**
 * Secrets at rest: BigCommerce access tokens, IMAP/SMTP passwords, LLM API keys.
 *
 * AES-256-GCM with a random 96-bit IV per encryption. The additional authenticated data binds
 * each ciphertext to its workspace and kind, so a ciphertext copied into another tenant's row
 * (or used as a different kind of secret) fails authentication instead of decrypting.
 * Each row records `key_id`, a fingerprint of the key that wrote it, so a wrong key is reported
 * as such rather than as corrupt data. Only the last four characters are kept in clear, to
 * show a masked value.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  chmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import type { Database } from './connect.js';
import { DEFAULT_DATA_DIR } from './connect.js';
import { DbError } from './errors.js';
import type { SecretKind } from './schema.js';

export const SECRET_KEY_ENV = 'SNOOOZ_SECRET_KEY';
export const KEY_FILE_NAME = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const MASK = '••••';

export type SecretKeySource = 'env' | 'file' | 'generated';

/** Key material stays in this module: a SecretKey logs and serialises as its fingerprint only. */
const material = new WeakMap<SecretKey, Buffer>();

export class SecretKey {
  /** Short fingerprint stored next to every secret it encrypted. */
  readonly id: string;
  readonly source: SecretKeySource;

  constructor(bytes: Uint8Array, source: SecretKeySource) {
    if (bytes.length !== KEY_BYTES) {
      throw new DbError('invalid_secret_key', `The secret key must be ${KEY_BYTES} bytes, got ${bytes.length}.`);
    }
    const copy = Buffer.from(bytes);
    material.set(this, copy);
    this.id = createHash('sha256').update('snoooz key id\0').update(copy).digest('hex').slice(0, 16);
    this.source = source;
  }

  /** base64, the form written to the key file and accepted by SNOOOZ_SECRET_KEY. */
  export(): string {
    return keyBytes(this).toString('base64');
  }

  toString(): string {
    return `SecretKey(${this.id})`;
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

function keyBytes(key: SecretKey): Buffer {
  const bytes = material.get(key);
  if (!bytes) throw new DbError('invalid_secret_key', 'Not a secret key.');
  return bytes;
}

export function generateSecretKey(): SecretKey {
  return new SecretKey(randomBytes(KEY_BYTES), 'generated');
}

/** Accepts 64 hex digits or base64 (standard or URL-safe) of exactly 32 bytes. */
export function parseSecretKey(text: string, source: SecretKeySource = 'env', origin = SECRET_KEY_ENV): SecretKey {
  const value = text.trim();
  let bytes: Buffer | null = null;
  if (/^[0-9a-f]{64}$/i.test(value)) bytes = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) bytes = Buffer.from(value, 'base64');
  if (bytes === null || bytes.length !== KEY_BYTES) {
    // Never echo the value: it is (meant to be) a secret.
    throw new DbError(
      'invalid_secret_key',
      `${origin} must be ${KEY_BYTES} random bytes as base64 or 64 hex digits (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  return new SecretKey(bytes, source);
}

export interface LoadSecretKeyOptions {
  env?: Record<string, string | undefined>;
  /** Where the key file lives when the environment sets no key (default `./data`). */
  dataDir?: string;
}

/**
 * SNOOOZ_SECRET_KEY when set; otherwise `<dataDir>/secret.key`, generated on first start with
 * mode 0600. An existing file is never overwritten: losing it makes every secret unreadable.
 */
export function loadSecretKey(options: LoadSecretKeyOptions = {}): SecretKey {
  const fromEnv = (options.env ?? process.env)[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseSecretKey(fromEnv, 'env');
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir === ':memory:') return generateSecretKey();
  const file = keyFilePath(dataDir);
  const existing = readKeyFile(file);
  if (existing) return existing;
  const created = generateSecretKey();
  if (createKeyFile(file, created)) return new SecretKey(keyBytes(created), 'file');
  // Another process created it between our read and our create: use theirs.
  const raced = readKeyFile(file);
  if (!raced) throw new DbError('invalid_secret_key', `${file} could not be created.`);
  return raced;
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

function readKeyFile(file: string): SecretKey | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DbError('invalid_secret_key', `Cannot read the key file ${file}.`, { cause: error });
  }
  // A key file others can read (copied around, restored from a backup) is narrowed back to the
  // owner: the key decrypts every token and password in the database.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return parseSecretKey(text, 'file', `The key file ${file}`);
}

/**
 * Writes a complete temp file (0600, fsynced) and hard-links it into place: link() fails if
 * the name exists, so two processes starting at once cannot both create a key, and nobody ever
 * reads a half-written one. Returns false when the file already existed.
 */
function createKeyFile(file: string, key: SecretKey): boolean {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writePrivateFile(tmp, key);
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
}

function writePrivateFile(file: string, key: SecretKey): void {
  // The mode is applied at creation (and the umask can only remove bits), so the key is never
  // readable by others, not even for an instant.
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, `${key.export()}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------

export interface SecretContext {
  workspaceId: number;
  kind: SecretKind;
}

export interface EncryptedSecret {
  /** base64 */
  ciphertext: string;
  /** base64, 12 bytes */
  iv: string;
  /** base64, 16 bytes (GCM authentication tag) */
  tag: string;
  keyId: string;
}

function aad(context: SecretContext): Buffer {
  return Buffer.from(`snoooz/secret/v1|workspace=${context.workspaceId}|kind=${context.kind}`, 'utf8');
}

export function encryptSecret(key: SecretKey, plaintext: string, context: SecretContext): EncryptedSecret {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv);
  cipher.setAAD(aad(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    keyId: key.id,
  };
}

export function decryptSecret(key: SecretKey, secret: EncryptedSecret, context: SecretContext): string {
  if (secret.keyId !== key.id) {
    throw new DbError(
      'wrong_secret_key',
      `A stored secret was encrypted with key ${secret.keyId}, but the configured key is ${key.id}; ` +
        `set ${SECRET_KEY_ENV} (or the key file) to the key it was written with.`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), Buffer.from(secret.iv, 'base64'));
    decipher.setAAD(aad(context));
    decipher.setAuthTag(Buffer.from(secret.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(secret.ciphertext, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch (error) {
    throw new DbError('secret_unreadable', 'A stored secret failed its integrity check (tampered or misplaced).', {
      cause: error,
    });
  }
}

/**
 * What may be shown of a secret: its last four characters, and only when the secret is long
 * enough (8+) that those four do not give most of it away.
 */
export function last4(value: string): string {
  return value.length >= 8 ? value.slice(-4) : '';
}

export function mask(value: string): string {
  return maskLast4(last4(value));
}

export function maskLast4(stored: string): string {
  return `${MASK}${stored}`;
}

// ---------------------------------------------------------------------------------------------

export interface RotationResult {
  /** Secrets re-encrypted with the new key. */
  rotated: number;
  /** Secrets that already used the new key (a repeated run). */
  skipped: number;
}

/**
 * Re-encrypts every secret of every workspace with `newKey` in one transaction: either all rows
 * move to the new key or none do. Refuses (and changes nothing) if any row was written with a
 * key other than `oldKey`/`newKey`. Records `secrets.rotated` in each affected workspace's audit log.
 * This is an operator command, so (unlike the repositories) it deliberately spans all workspaces.
 */
export async function rotateSecrets(
  db: Database,
  oldKey: SecretKey,
  newKey: SecretKey,
  options: { actor?: string } = {},
): Promise<RotationResult> {
  const at = db.now().toISOString();
  return db.kysely.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('secrets')
      .selectAll()
      .orderBy('id')
      .$if(db.dialect === 'postgres', (q) => q.forUpdate())
      .execute();
    let rotated = 0;
    let skipped = 0;
    const perWorkspace = new Map<number, number>();
    for (const row of rows) {
      if (row.key_id === newKey.id) {
        skipped += 1;
        continue;
      }
      const context = { workspaceId: row.workspace_id, kind: row.kind };
      const plaintext = decryptSecret(oldKey, { ...row, keyId: row.key_id }, context);
      const next = encryptSecret(newKey, plaintext, context);
      await trx
        .updateTable('secrets')
        .set({ ciphertext: next.ciphertext, iv: next.iv, tag: next.tag, key_id: next.keyId, updated_at: at })
        .where('id', '=', row.id)
        .where('workspace_id', '=', row.workspace_id)
        .execute();
      rotated += 1;
      perWorkspace.set(row.workspace_id, (perWorkspace.get(row.workspace_id) ?? 0) + 1);
    }
    for (const [workspaceId, count] of perWorkspace) {
      await trx
        .insertInto('audit_log')
        .values({
          workspace_id: workspaceId,
          actor: options.actor ?? 'cli',
          action: 'secrets.rotated',
          target: null,
          detail: JSON.stringify({ count, fromKey: oldKey.id, toKey: newKey.id }),
          at,
        })
        .execute();
    }
    return { rotated, skipped };
  });
}

/**
 * Rotation for the key-file setup, in an order that never loses the key: the new key is written
 * to `secret.key.new` (0600) before the database changes, and renamed over `secret.key` only
 * after the transaction commits. If the process dies in between, `secret.key.new` holds the key
 * the secrets now use (a `wrong_secret_key` error will name its fingerprint).
 */
export async function rotateSecretKeyFile(
  db: Database,
  options: { dataDir?: string; actor?: string } = {},
): Promise<RotationResult & { keyId: string }> {
  const file = keyFilePath(options.dataDir ?? DEFAULT_DATA_DIR);
  const oldKey = readKeyFile(file);
  if (!oldKey) throw new DbError('invalid_secret_key', `No key file at ${file} to rotate.`);
  const newKey = generateSecretKey();
  const pending = `${file}.new`;
  if (existsSync(pending)) {
    // It may be the only copy of the key the secrets use now (an interrupted rotation): never delete it.
    throw new DbError(
      'conflict',
      `${pending} exists from an interrupted rotation; find out which key the secrets use before rotating again.`,
    );
  }
  writePrivateFile(pending, newKey);
  const result = await rotateSecrets(db, oldKey, newKey, options);
  renameSync(pending, file);
  return { ...result, keyId: newKey.id };
}
