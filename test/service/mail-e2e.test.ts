/**
 * Mail end to end with real servers: the real composition (`startServer`: SQLite, job worker,
 * IMAP watchers, web app), a Dovecot mailbox it watches, an SMTP peer it sends through, and the
 * BigCommerce simulator. A customer's email appended to the Dovecot INBOX becomes a draft
 * (filed in Dovecot's Drafts folder too), approving it sends one threaded reply, and a restart
 * repeats nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type ServerConfig } from '../../src/server/start-server.js';
import { createRepositories, loadSecretKey, openDatabase } from '../../src/db/index.js';
import { parseEmail } from '../../src/email/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { DEFAULT_TOKEN, type Simulator, type StoreData } from '../../simulator/index.js';
import { startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { appendTo, openImap } from '../servers/imap-helpers.js';
import { startSmtpPeer, type SmtpPeer } from '../servers/smtp-peer.js';
import { waitFor } from '../servers/wait.js';
import { customerEmail, shippedCustomer, startTestSimulator, STORE_HASH } from './helpers.js';

const ADDRESS = 'support@shop.example';
const PASSWORD = 'mailbox-pass-1234';

let simulator: Simulator;
let data: StoreData;
let dovecot: DovecotServer;
let peer: SmtpPeer;
let dataDir: string;
let ids: { workspaceId: number; inboxId: number };

beforeAll(async () => {
  [{ simulator, data }, dovecot, peer] = await Promise.all([
    startTestSimulator(),
    startDovecot({ users: [{ user: ADDRESS, password: PASSWORD }], specialUse: { Drafts: '\\Drafts' } }),
    startSmtpPeer(),
  ]);
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-mail-e2e-'));
  // Seeded the way an operator would: the database first, then the server starts and picks it up.
  const db = await openDatabase({ dataDir });
  try {
    const repos = createRepositories(db, loadSecretKey({ dataDir, env: {} }));
    const workspace = await repos.workspaces.create({ slug: 'mail-e2e', name: 'Mail E2E Shop' });
    await repos.workspaces.enableIntegration(workspace.id, 'bigcommerce', 'cli');
    const integration = await repos.integrations.saveConnected(workspace.id, {
      storeHash: STORE_HASH,
      storeName: 'Service Test Store',
      accessToken: DEFAULT_TOKEN,
      scopes: ['customers', 'orders'],
    });
    const inbox = await repos.inboxes.create(workspace.id, {
      name: 'Support',
      address: ADDRESS,
      imap: { host: dovecot.host, port: dovecot.port, secure: false, user: ADDRESS },
      smtp: { host: peer.host, port: peer.port, secure: false, user: ADDRESS },
      password: PASSWORD,
      storeIntegrationId: integration.id,
    });
    await repos.settings.update(workspace.id, { businessName: 'Service Test Store' });
    await repos.prefs.setAppendDrafts(workspace.id, inbox.id, true);
    ids = { workspaceId: workspace.id, inboxId: inbox.id };
  } finally {
    await db.close();
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([simulator?.close(), dovecot?.stop(), peer?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function start(): Promise<RunningServer> {
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    smtpPort: null,
    smtpDomain: 'snoooz.localhost',
    dataDir,
    apiUrl: simulator.url,
    logger: silentLogger,
    env: {},
    // Dovecot and the SMTP peer listen on loopback, which a tenant's mail host may not be unless allowed.
    allowPrivateHosts: ['127.0.0.1'],
    pollMs: 50,
    imap: { rescanMs: 0, watcherOptions: { reconnect: { initialMs: 100, maxMs: 1_000 } } },
  };
  return startServer(config);
}

async function watching(server: RunningServer): Promise<void> {
  await waitFor(() => server.services.mailboxStatus?.(ids.workspaceId, ids.inboxId)?.connected === true, {
    timeoutMs: 15_000,
    what: 'the IMAP watcher to connect',
  });
}

async function draftedCount(server: RunningServer): Promise<number> {
  const drafts = await server.repos.drafts.list(ids.workspaceId);
  return drafts.length;
}

async function draftsInDovecot(): Promise<Array<{ messageId: string; subject: string }>> {
  const client: ImapFlow = await openImap(dovecot, ADDRESS, PASSWORD);
  try {
    const box = await client.mailboxOpen('Drafts');
    if (box.exists === 0) return [];
    const found: Array<{ messageId: string; subject: string }> = [];
    for await (const m of client.fetch('1:*', { envelope: true })) {
      found.push({ messageId: m.envelope?.messageId ?? '', subject: m.envelope?.subject ?? '' });
    }
    return found;
  } finally {
    await client.logout();
  }
}

describe('mail end to end (Dovecot + SMTP peer + simulator + SQLite)', () => {
  it('drafts mail from IMAP, files it in Drafts, sends one threaded reply, and repeats nothing after a restart', async () => {
    const customer = shippedCustomer(data);
    const order = data.orders.find((o) => o.id === customer.orderId);
    const tracking = order?.shipments?.find((s) => s.tracking_number)?.tracking_number;
    const originalId = `e2e-1-${Date.now()}@customer.example`;

    let server = await start();
    try {
      expect(server.watchers?.count()).toBe(1);
      // A mailbox connected for the first time is read from "now": wait until the watcher is there.
      await watching(server);
      await appendTo(dovecot, ADDRESS, PASSWORD, [
        customerEmail(customer, ADDRESS, `Hello, where is my order #${customer.orderId}? Thanks`, originalId),
      ]);
      await waitFor(async () => (await draftedCount(server)) === 1, { timeoutMs: 20_000, what: 'the draft' });
      const [message] = await server.repos.messages.list(ids.workspaceId);
      expect(message?.messageId).toBe(originalId);
      const draft = await server.repos.drafts.byMessage(ids.workspaceId, message?.id ?? 0);
      if (!draft) throw new Error('no draft');
      expect(draft.text).toContain(String(customer.orderId));

      // Append-drafts on: the draft is in the mailbox's Drafts folder, threaded on the original.
      await waitFor(async () => (await draftsInDovecot()).length === 1, { timeoutMs: 10_000, what: 'Drafts copy' });
      const [filed] = await draftsInDovecot();
      expect(filed?.subject).toBe('Re: Where is my order?');

      await server.services.sendDraft(ids.workspaceId, draft.id, 'cli');
      expect(peer.received).toHaveLength(1);
      const sent = peer.received[0];
      if (!sent) throw new Error('nothing sent');
      expect(sent.to).toEqual([customer.email]);
      expect(sent.from).toBe(ADDRESS);
      const reply = await parseEmail(sent.raw);
      expect(reply.subject).toBe('Re: Where is my order?');
      expect(reply.inReplyTo).toBe(originalId);
      expect(reply.references).toContain(originalId);
      expect(reply.text).toContain(String(customer.orderId));
      expect(tracking).toBeTruthy();
      expect(reply.text).toContain(String(tracking));
      // The copy in Drafts and the sent reply are one message (same Message-ID).
      expect(`<${reply.messageId}>`).toBe(filed?.messageId);

      // Sending again (a double click, a retry) sends nothing more.
      await server.services.sendDraft(ids.workspaceId, draft.id, 'cli');
      expect(peer.received).toHaveLength(1);
      expect((await server.repos.drafts.get(ids.workspaceId, draft.id)).status).toBe('sent');
    } finally {
      await server.close();
    }

    // Restart: the checkpoint is in the database, so the first message is not fetched again.
    const stateBefore = await (async () => {
      const db = await openDatabase({ dataDir });
      try {
        return await createRepositories(db, loadSecretKey({ dataDir, env: {} })).mailboxState.get(
          ids.workspaceId,
          ids.inboxId,
          'INBOX',
        );
      } finally {
        await db.close();
      }
    })();
    expect(stateBefore?.lastUid).toBe(1);

    server = await start();
    try {
      await watching(server);
      // Mail that arrives after the restart is picked up, and only that.
      const second = shippedCustomer(data);
      await appendTo(dovecot, ADDRESS, PASSWORD, [
        customerEmail(second, ADDRESS, 'Any news about my parcel?', `e2e-2-${Date.now()}@customer.example`),
      ]);
      await waitFor(async () => (await draftedCount(server)) === 2, { timeoutMs: 20_000, what: 'the second draft' });
      await waitFor(async () => (await draftsInDovecot()).length === 2, { timeoutMs: 10_000, what: 'Drafts copy' });
      const messages = await server.repos.messages.list(ids.workspaceId);
      expect(messages).toHaveLength(2);
      const first = messages.find((m) => m.messageId === originalId);
      expect(first?.state).toBe('sent');
      expect(await server.repos.jobs.listForMessage(ids.workspaceId, first?.id ?? 0)).toHaveLength(1);
      expect(peer.received).toHaveLength(1);
      expect(server.services.mailboxStatus?.(ids.workspaceId, ids.inboxId)).toMatchObject({
        connected: true,
        lastError: null,
      });
      // Another workspace asking about this inbox sees nothing.
      expect(server.services.mailboxStatus?.(ids.workspaceId + 1, ids.inboxId)).toBeNull();
    } finally {
      await server.close();
    }
  }, 90_000);
});
