/**
 * Sender authentication end to end: the real composition (`startServer`: SQLite, job worker, the
 * SMTP receiver over TCP), the BigCommerce simulator, an SMTP peer the replies go out through,
 * and a stub DNS (SPF, DKIM, DMARC records) so it runs offline. Auto mode is on throughout.
 * - a forged From (DMARC fail) is stored as not verified, drafted, and never sent;
 * - a DKIM-signed, aligned message is verified and answered automatically;
 * - the fourth automatic reply to one sender within the hour waits for a person.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { dkimKey, publishDomain, signed, stubDns, type TestDkimKey } from '../../src/email/auth/testing.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { Simulator, StoreData } from '../../simulator/index.js';
import { startSmtpPeer, type SmtpPeer } from '../servers/smtp-peer.js';
import { waitFor } from '../servers/wait.js';
import { customerEmail, seedConnected, shippedCustomer, startTestSimulator } from './helpers.js';

let simulator: Simulator;
let data: StoreData;
let peer: SmtpPeer;
let server: RunningServer;
let dataDir: string;
let key: TestDkimKey;
const dns = stubDns();

beforeAll(async () => {
  [{ simulator, data }, peer] = await Promise.all([startTestSimulator(), startSmtpPeer()]);
  const customer = shippedCustomer(data);
  key = dkimKey(domainOf(customer.email));
  // The customer's domain: its DKIM key, SPF that allows no one here, DMARC p=reject.
  publishDomain(dns, key);
  // The attacker's own domain passes SPF from this machine, which DMARC does not care about.
  dns.txt('attacker.example', 'v=spf1 ip4:127.0.0.1 -all');
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-sender-auth-'));
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    smtpPort: 0,
    smtpDomain: 'snoooz.localhost',
    dataDir,
    apiUrl: simulator.url,
    logger: silentLogger,
    env: {},
    allowPrivateHosts: ['127.0.0.1'],
    pollMs: 50,
    watchImap: false,
    healthCheckMs: 0,
    dnsResolver: dns.resolver,
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await Promise.all([simulator?.close(), peer?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** A workspace in auto mode whose inbox replies through the peer; its forwarding address. */
async function autoWorkspace(slug: string) {
  const ws = await seedConnected(server.repos, slug, { smtp: { port: peer.port } });
  await server.repos.settings.update(ws.workspaceId, {
    mode: 'auto',
    autoSendIntents: ['order_status', 'shipping_tracking'],
    businessName: 'Service Test Store',
  });
  const inbox = await server.repos.inboxes.get(ws.workspaceId, ws.inboxId);
  const forwardTo = server.services.config.smtpReceiverAddressFor(inbox);
  if (!forwardTo) throw new Error('no forwarding address');
  return { ...ws, forwardTo };
}

/** Delivers over TCP to the receiver, as the sending server `mailFrom` would. */
async function deliver(raw: Buffer, mailFrom: string, to: string): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: server.smtpPort ?? 0,
    secure: false,
    ignoreTLS: true,
    name: `mx.${domainOf(mailFrom)}`,
  });
  try {
    await transport.sendMail({ envelope: { from: mailFrom, to: [to] }, raw });
  } finally {
    transport.close();
  }
}

/** Waits until the job of the message with this Message-ID has finished (drafted and sent, or held). */
async function processed(workspaceId: number, messageId: string) {
  await waitFor(
    async () => {
      const found = (await server.repos.messages.list(workspaceId)).find((m) => m.messageId === messageId);
      if (!found) return false;
      const jobs = await server.repos.jobs.listForMessage(workspaceId, found.id);
      return jobs.length > 0 && jobs.every((job) => job.state === 'done' || job.state === 'failed');
    },
    { timeoutMs: 20_000, what: `message ${messageId} to be processed` },
  );
  const found = (await server.repos.messages.list(workspaceId)).find((m) => m.messageId === messageId);
  if (!found) throw new Error('not found');
  return found;
}

function repliesTo(address: string): number {
  return peer.received.filter((m) => m.to.map((t) => t.toLowerCase()).includes(address.toLowerCase())).length;
}

describe('sender authentication at the SMTP receiver (auto mode)', () => {
  it('stores a forged From (DMARC fail) as not verified and keeps the reply for a person', async () => {
    const ws = await autoWorkspace('forged-from');
    const customer = shippedCustomer(data);
    const id = `forged-${Date.now()}@attacker.example`;
    const raw = customerEmail(customer, ws.address, `Where is my order #${customer.orderId}?`, id);
    const before = repliesTo(customer.email);

    await deliver(raw, 'bounce@attacker.example', ws.forwardTo);

    const message = await processed(ws.workspaceId, id);
    expect(message.auth).toMatchObject({
      verified: false,
      method: 'smtp',
      dmarc: 'fail',
      reason: `DMARC fail for ${domainOf(customer.email)}`,
    });
    expect(message.state).toBe('drafted');
    expect(message.stateReason).toBe(
      `Kept as a draft: sender not verified: DMARC fail for ${domainOf(customer.email)}.`,
    );
    const draft = await server.repos.drafts.byMessage(ws.workspaceId, message.id);
    expect(draft?.status).toBe('pending');
    expect(repliesTo(customer.email)).toBe(before);
  });

  it('verifies a DKIM-signed, aligned message and answers it automatically', async () => {
    const ws = await autoWorkspace('signed-from');
    const customer = shippedCustomer(data);
    const id = `signed-${Date.now()}@customer.example`;
    const raw = await signed(customerEmail(customer, ws.address, `Where is my order #${customer.orderId}?`, id), key);
    const before = repliesTo(customer.email);

    await deliver(raw, customer.email, ws.forwardTo);

    const message = await processed(ws.workspaceId, id);
    expect(message.auth).toMatchObject({
      verified: true,
      method: 'smtp',
      dkim: 'pass',
      dmarc: 'pass',
      reason: `DMARC pass for ${domainOf(customer.email)}`,
    });
    expect(message.state).toBe('sent');
    expect(repliesTo(customer.email)).toBe(before + 1);
  });

  it('answers three verified emails from one sender in an hour automatically and holds the fourth', async () => {
    const ws = await autoWorkspace('reply-caps');
    const customer = shippedCustomer(data);
    const states: string[] = [];
    let last: Awaited<ReturnType<typeof processed>> | undefined;
    for (let n = 1; n <= 4; n += 1) {
      const id = `cap-${n}-${Date.now()}@customer.example`;
      const raw = await signed(
        customerEmail(customer, ws.address, `Where is my order #${customer.orderId}? (asking again, ${n})`, id),
        key,
      );
      await deliver(raw, customer.email, ws.forwardTo);
      last = await processed(ws.workspaceId, id);
      states.push(last.state);
    }
    expect(states).toEqual(['sent', 'sent', 'sent', 'drafted']);
    expect(last?.auth).toMatchObject({ verified: true, dmarc: 'pass' });
    expect(last?.stateReason).toBe(
      `Kept as a draft: 3 automatic replies to ${customer.email.toLowerCase()} in the last hour (the cap is 3).`,
    );
  });
});
