/**
 * Undo send end to end, on both databases: the real services and the embedded queue, a real
 * SMTP peer. A reply approved with an undo window is sent exactly once when the window ends,
 * also when the process stops inside the window and another starts; an undo inside the window
 * sends nothing; and an undo racing the send either wins (nothing sent) or is refused (sent once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleSend, undoSend } from '../../src/app/scheduled-send.js';
import {
  PROCESS_MESSAGE_JOB,
  SEND_DRAFT_JOB,
  createRepositories,
  generateSecretKey,
  type Repositories,
} from '../../src/db/index.js';
import type { Database } from '../../src/db/index.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabaseTarget } from '../../src/db/test-databases.js';
import { createEmbeddedQueue, type JobQueue } from '../../src/jobs/index.js';
import type { Simulator, StoreData } from '../../simulator/index.js';
import {
  customerEmail,
  makeServices,
  seedConnected,
  shippedCustomer,
  startSmtpPeer,
  startTestSimulator,
  type SmtpPeer,
} from './helpers.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await wait(25);
  }
}

describe.each(TEST_DIALECTS)('undo send [%s]', (dialect) => {
  let target: TestDatabaseTarget;
  let sim: { simulator: Simulator; data: StoreData };
  let peer: SmtpPeer;
  const key = generateSecretKey();
  const open: Array<{ db: Database; queue: JobQueue }> = [];

  /** One "process": a database handle, the services and a queue working on both job kinds. */
  async function startProcess(): Promise<{ repos: Repositories; stop(): Promise<void> }> {
    const db = await target.open();
    const repos = createRepositories(db, key);
    let queue: JobQueue | null = null;
    const services = makeServices(repos, sim.simulator.url, () => queue?.wake());
    queue = createEmbeddedQueue({ jobs: repos.jobs, kinds: [PROCESS_MESSAGE_JOB, SEND_DRAFT_JOB], pollMs: 40 });
    queue.start(services.handleJob);
    const entry = { db, queue };
    open.push(entry);
    return {
      repos,
      async stop() {
        await entry.queue.stop();
        await entry.db.close();
        open.splice(open.indexOf(entry), 1);
      },
    };
  }

  const sentFor = (draftId: number) =>
    peer.received.filter((m) => new RegExp(`^X-Snoooz-Draft-Id: ${draftId}\r$`, 'im').test(m.raw)).length;

  let workspaceId = 0;
  let inboxId = 0;
  let address = '';
  beforeAll(async () => {
    target = await createTestDatabase(dialect);
    sim = await startTestSimulator();
    peer = await startSmtpPeer();
    const setup = await startProcess();
    ({ workspaceId, inboxId, address } = await seedConnected(setup.repos, 'undo', { smtp: { port: peer.port } }));
    await setup.stop();
  });
  afterAll(async () => {
    for (const entry of [...open]) {
      await entry.queue.stop();
      await entry.db.close();
    }
    await peer?.close();
    await sim?.simulator.close();
    await target?.drop();
  });

  async function draftedMessage(repos: Repositories, tag: string): Promise<number> {
    const customer = shippedCustomer(sim.data);
    const raw = customerEmail(customer, address, `Where is my order #${customer.orderId}? (${tag})`);
    const stored = await repos.messages.storeIncoming(workspaceId, inboxId, {
      messageId: `${tag}-${Date.now()}@customer.example`,
      fromAddress: customer.email,
      fromName: customer.name,
      subject: 'Where is my order?',
      receivedAt: new Date(),
      raw,
    });
    let draftId = 0;
    await until(async () => {
      const draft = await repos.drafts.byMessage(workspaceId, stored.message.id);
      draftId = draft?.id ?? 0;
      return draft?.status === 'pending';
    });
    return draftId;
  }

  it('sends once when the window ends, even when the process stops inside the window', async () => {
    const first = await startProcess();
    const draftId = await draftedMessage(first.repos, 'restart');
    await scheduleSend(first.repos, { workspaceId, draftId, actor: 'user:1', delayMs: 700 });
    // The process goes away inside the window; nothing has been sent yet.
    await first.stop();
    expect(sentFor(draftId)).toBe(0);
    const second = await startProcess();
    await until(async () => (await second.repos.drafts.get(workspaceId, draftId)).status === 'sent');
    await wait(300);
    expect(sentFor(draftId)).toBe(1);
    await second.stop();
  });

  it('an undo inside the window sends nothing, ever', async () => {
    const proc = await startProcess();
    const draftId = await draftedMessage(proc.repos, 'undo');
    await scheduleSend(proc.repos, { workspaceId, draftId, actor: 'user:1', delayMs: 400 });
    const undone = await undoSend(proc.repos, workspaceId, draftId);
    expect(undone.status).toBe('pending');
    await wait(900);
    expect(sentFor(draftId)).toBe(0);
    expect((await proc.repos.drafts.get(workspaceId, draftId)).status).toBe('pending');
    await proc.stop();
  });

  it('an undo racing the send either wins (nothing sent) or is refused (sent exactly once)', async () => {
    const proc = await startProcess();
    const outcomes: Array<'undone' | 'refused'> = [];
    for (let i = 0; i < 6; i += 1) {
      const draftId = await draftedMessage(proc.repos, `race-${i}`);
      await scheduleSend(proc.repos, { workspaceId, draftId, actor: 'user:1', delayMs: 0 });
      await wait(i * 15);
      const outcome = await undoSend(proc.repos, workspaceId, draftId).then(
        () => 'undone' as const,
        () => 'refused' as const,
      );
      outcomes.push(outcome);
      if (outcome === 'undone') {
        await wait(300);
        expect(sentFor(draftId)).toBe(0);
        expect((await proc.repos.drafts.get(workspaceId, draftId)).status).toBe('pending');
      } else {
        await until(async () => (await proc.repos.drafts.get(workspaceId, draftId)).status === 'sent');
        expect(sentFor(draftId)).toBe(1);
      }
    }
    expect(outcomes).toHaveLength(6);
    await proc.stop();
  });
});
