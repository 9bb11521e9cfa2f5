import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Repositories } from '../db/index.js';
import { createRepositories, generateSecretKey, openDatabase } from '../db/index.js';
import { seedWorkspace } from '../db/test-databases.js';
import { ingestRawEmail } from './ingest.js';

let db: Database;
let repos: Repositories;
let ws: { workspaceId: number; inboxId: number };

beforeAll(async () => {
  db = await openDatabase({ dataDir: ':memory:' });
  repos = createRepositories(db, generateSecretKey());
  ws = await seedWorkspace(repos);
});
afterAll(() => db.close());

const email = (id: string, extra = ''): Buffer =>
  Buffer.from(
    `From: Ann <ann@example.com>\r\nSubject: Hello\r\nMessage-ID: <${id}>\r\n\r\nWhere is my order?${extra}\r\n`,
  );

describe('ingestRawEmail', () => {
  it('stores a message with its job once, keyed by Message-ID', async () => {
    const first = await ingestRawEmail(repos, { ...ws, raw: email('a@x'), source: 'http' });
    const second = await ingestRawEmail(repos, { ...ws, raw: email('a@x'), source: 'smtp' });
    expect(first.created).toBe(true);
    expect(first.jobId).not.toBeNull();
    expect(first.message).toMatchObject({ fromAddress: 'ann@example.com', subject: 'Hello', state: 'received' });
    expect(second).toMatchObject({ created: false, jobId: null, message: { id: first.message.id } });
  });

  it('keeps unparseable and oversized mail as failed messages with the reason', async () => {
    const junk = await ingestRawEmail(repos, { ...ws, raw: Buffer.from('just some text'), source: 'smtp' });
    expect(junk.message).toMatchObject({ state: 'failed', fromAddress: '', subject: '' });
    expect(junk.message.stateReason).toMatch(/^Not an email/);
    expect(junk.message.messageId).toMatch(/^unparseable-[0-9a-f]{64}@snoooz\.local$/);

    const big = await ingestRawEmail(repos, {
      ...ws,
      raw: email('big@x', 'x'.repeat(2_000)),
      source: 'smtp',
      maxEmailBytes: 1_000,
    });
    expect(big.message.state).toBe('failed');
    expect(big.message.stateReason).toMatch(/over the .* limit/);
  });
});
