/**
 * A tenant's IMAP/SMTP host goes through the egress guard: the real server (`startServer`) and
 * its Inboxes page over HTTP, with real listeners on loopback. Loopback is refused (by address
 * and by a name that resolves to it) unless the operator allows it, the listener never sees a
 * connection, and the page's text for a refused address is the one for a server that hangs up.
 * Sending a draft through such a host is refused the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport } from '../../src/app/mail.js';
import { createServices } from '../../src/app/services.js';
import { createStoreProvider } from '../../src/app/stores.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createTestDatabase } from '../../src/db/test-databases.js';
import { createRepositories, generateSecretKey } from '../../src/db/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { httpLogin, postForm } from './http-session.js';
import {
  customerEmail,
  seedConnected,
  shippedCustomer,
  startSmtpPeer,
  startTestSimulator,
  type SmtpPeer,
} from './helpers.js';
import type { Simulator, StoreData } from '../../simulator/index.js';

const PASSWORD = 'correct horse battery staple';

/** Counts connections and hangs up at once (a closed service, as far as a client can tell). */
interface Counter {
  port: number;
  connections: number;
  server: Server;
  sockets: Set<Socket>;
}

async function startCounter(): Promise<Counter> {
  const counter: Counter = { port: 0, connections: 0, server: createServer(), sockets: new Set() };
  counter.server.on('connection', (socket) => {
    counter.connections += 1;
    counter.sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => counter.server.listen(0, '127.0.0.1', resolve));
  counter.port = (counter.server.address() as AddressInfo).port;
  return counter;
}

let imap: Counter;
let smtp: Counter;
const dirs: string[] = [];
const servers: RunningServer[] = [];

async function serverWithInbox(allowPrivateHosts?: string[]): Promise<{ url: string; inboxId: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-egress-'));
  dirs.push(dataDir);
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    smtpPort: null,
    smtpDomain: 'snoooz.localhost',
    dataDir,
    apiUrl: 'http://127.0.0.1:9',
    logger: silentLogger,
    env: {},
    ...(allowPrivateHosts ? { allowPrivateHosts } : {}),
    watchImap: false,
    healthCheckMs: 0,
  });
  servers.push(server);
  const { repos } = server;
  const ws = await repos.workspaces.create({ slug: 'egress', name: 'Egress Shop' });
  const user = await repos.users.create({
    email: 'owner@egress.test',
    name: 'Owner',
    passwordHash: await hashPassword(PASSWORD),
  });
  await repos.users.setMembership(ws.id, user.id, 'owner');
  const inbox = await repos.inboxes.create(ws.id, {
    name: 'Support',
    address: 'support@egress.test',
    imap: { host: '127.0.0.1', port: imap.port, secure: false, user: 'support@egress.test' },
    // A name that resolves to loopback is refused just like the address.
    smtp: { host: 'localhost', port: smtp.port, secure: false, user: 'support@egress.test' },
    password: 'mailbox-pass-1234',
  });
  return { url: server.url, inboxId: inbox.id };
}

beforeAll(async () => {
  [imap, smtp] = await Promise.all([startCounter(), startCounter()]);
});

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const counter of [imap, smtp]) await new Promise((resolve) => counter?.server.close(resolve));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function testResults(body: string): string[] {
  return [...body.matchAll(/Could not connect to the mail server [^<]*/g)].map((m) => m[0]);
}

describe("a tenant's mail servers and the egress guard", () => {
  it('refuses an inbox on loopback (address or name) and says only "could not connect"', async () => {
    const { url, inboxId } = await serverWithInbox();
    const session = await httpLogin(url, 'owner@egress.test', PASSWORD);
    const page = await postForm(url, session, `/inboxes/${inboxId}/test`);
    expect(page.status).toBe(200);
    expect(testResults(page.body)).toEqual([
      `Could not connect to the mail server 127.0.0.1:${imap.port}. Check the host, the port and the TLS setting.`,
      `Could not connect to the mail server localhost:${smtp.port}. Check the host, the port and the TLS setting.`,
    ]);
    expect(page.body).not.toMatch(/not a public address|not allowed|egress_refused|ECONN/i);
    expect(imap.connections).toBe(0);
    expect(smtp.connections).toBe(0);
  });

  it('connects when the operator allows the host, and a server that hangs up reads the same', async () => {
    const { url, inboxId } = await serverWithInbox(['127.0.0.1', 'localhost']);
    const session = await httpLogin(url, 'owner@egress.test', PASSWORD);
    const page = await postForm(url, session, `/inboxes/${inboxId}/test`);
    expect(imap.connections).toBeGreaterThan(0);
    expect(smtp.connections).toBeGreaterThan(0);
    expect(testResults(page.body)).toEqual([
      `Could not connect to the mail server 127.0.0.1:${imap.port}. Check the host, the port and the TLS setting.`,
      `Could not connect to the mail server localhost:${smtp.port}. Check the host, the port and the TLS setting.`,
    ]);
  });
});

describe('sending through a tenant SMTP host on loopback', () => {
  let simulator: Simulator;
  let data: StoreData;
  let peer: SmtpPeer;
  beforeAll(async () => {
    [{ simulator, data }, peer] = await Promise.all([startTestSimulator(), startSmtpPeer()]);
  });
  afterAll(async () => {
    await Promise.all([simulator?.close(), peer?.close()]);
  });

  it('is refused without the allowance: the draft is not sent and the peer receives nothing', async () => {
    const target = await createTestDatabase('sqlite');
    const db = await target.open();
    try {
      const repos = createRepositories(db, generateSecretKey());
      const ws = await seedConnected(repos, 'egress-send', { smtp: { port: peer.port } });
      // No `egress`: the product's default, public addresses only.
      const services = createServices({
        repos,
        mail: createMailTransport(),
        stores: createStoreProvider({ apiUrl: simulator.url }),
        apiUrl: simulator.url,
        logger: silentLogger,
        sendRetryDelayMs: 10,
      });
      const customer = shippedCustomer(data);
      const { messageId } = await services.ingestRaw({
        ...ws,
        raw: customerEmail(customer, ws.address, `Where is my order #${customer.orderId}?`),
        source: 'http',
      });
      await services.regenerateDraft(ws.workspaceId, messageId, 'user:1');
      const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
      if (!draft) throw new Error('no draft');
      await expect(services.sendDraft(ws.workspaceId, draft.id, 'user:1')).rejects.toMatchObject({
        message: `Could not connect to the mail server 127.0.0.1:${peer.port}. Check the host, the port and the TLS setting.`,
      });
      expect(peer.received).toEqual([]);
    } finally {
      await db.close();
      await target.drop();
    }
  });
});
