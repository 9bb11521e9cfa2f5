import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DovecotServer } from './dovecot.js';
import { startDovecot } from './dovecot.js';

describe('startDovecot', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({ users: [{ user: 'a@example.com', password: 'pw-a' }] });
  });
  afterAll(async () => server?.stop());

  it('accepts a login, keeps the mail across a restart', async () => {
    const login = async () => {
      const client = new ImapFlow({
        host: server.host,
        port: server.port,
        secure: false,
        logger: false,
        auth: { user: 'a@example.com', pass: 'pw-a' },
      });
      await client.connect();
      return client;
    };
    const c1 = await login();
    await c1.append('INBOX', 'Subject: hi\r\nMessage-ID: <1@x>\r\n\r\nbody\r\n');
    await c1.logout();
    await server.restart();
    const c2 = await login();
    const box = await c2.mailboxOpen('INBOX');
    expect(box.exists).toBe(1);
    await c2.logout();
  });
});
