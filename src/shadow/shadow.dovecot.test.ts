/**
 * Shadow mode end to end against a real Dovecot (an INBOX of past customer emails, a Sent folder
 * of the team's replies threaded by In-Reply-To/References) and the BigCommerce simulator: per
 * email pairing, similarity, the per-intent summary, and that nothing was sent or changed: no
 * flag moved in the mailbox, no folder created, no message appended, no write to the store.
 */
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, parseStoreData, startSimulator, type Simulator } from '../../simulator/index.js';
import { createBigCommerceStore } from '../bigcommerce/index.js';
import { fixtureStore } from '../bigcommerce/testing/fixture.js';
import type { Database, Repositories } from '../db/index.js';
import { createRepositories, generateSecretKey } from '../db/index.js';
import { createTestDatabase, type TestDatabaseTarget } from '../db/test-databases.js';
import { DEFAULT_SETTINGS } from '../assistant/types.js';
import { processEmail } from '../pipeline/process-email.js';
import { egressPolicy } from '../shared/egress.js';
import type { DovecotServer } from '../../test/servers/dovecot.js';
import { startDovecot } from '../../test/servers/dovecot.js';
import { accountFor, openImap } from '../../test/servers/imap-helpers.js';
import { readShadowMailbox } from './mailbox.js';
import { runShadow } from './run.js';
import { createSentReplyLookup, parseSentReplies } from './sent-replies.js';
import { runWorkspaceShadow } from './workspace.js';

const USER = 'support@shop.example';
const PASSWORD = 'pw-shadow';
const SETTINGS = { ...DEFAULT_SETTINGS, businessName: 'Snoooz Test Supplies' };

let dovecot: DovecotServer;
let sim: Simulator;
let target: TestDatabaseTarget;
let db: Database;
let repos: Repositories;

function customerEmail(o: { id: string; from: string; subject: string; body: string; date: string; extra?: string[] }) {
  return [
    `Message-ID: <${o.id}>`,
    `From: ${o.from}`,
    `To: ${USER}`,
    `Subject: ${o.subject}`,
    `Date: ${o.date}`,
    ...(o.extra ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');
}

function teamReply(o: {
  id: string;
  to: string;
  subject: string;
  body: string;
  date: string;
  inReplyTo?: string;
  references?: string;
}) {
  return [
    `Message-ID: <${o.id}>`,
    `From: Support <${USER}>`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    `Date: ${o.date}`,
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}>`] : []),
    ...(o.references ? [`References: ${o.references}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');
}

const emails = {
  status: customerEmail({
    id: 'status-1@example.com',
    from: 'Jane Doe <jane.doe@example.com>',
    subject: 'Where is my order #100?',
    body: 'Hi, where is my order #100? Thanks, Jane',
    date: 'Mon, 04 May 2026 09:00:00 +0000',
  }),
  bob: customerEmail({
    id: 'bob-1@example.com',
    from: 'Bob Smith <Bob.Smith@Example.com>',
    subject: 'Order question',
    body: 'Hello, what is the status of my order? Bob',
    date: 'Tue, 05 May 2026 09:00:00 +0000',
  }),
  refund: customerEmail({
    id: 'refund-1@example.com',
    from: 'Jane Doe <jane.doe@example.com>',
    subject: 'Refund please',
    body: 'I would like a refund for order #100, it arrived broken. Jane',
    date: 'Wed, 06 May 2026 09:00:00 +0000',
  }),
  unanswered: customerEmail({
    id: 'nobody-1@example.com',
    from: 'Manny Orders <many@example.com>',
    subject: 'Tracking?',
    body: 'Can you send me the tracking number for my last order?',
    date: 'Thu, 07 May 2026 09:00:00 +0000',
  }),
  autoReply: customerEmail({
    id: 'ooo-1@example.com',
    from: 'Jane Doe <jane.doe@example.com>',
    subject: 'Out of office',
    body: 'I am out of office until Monday.',
    date: 'Thu, 07 May 2026 10:00:00 +0000',
    extra: ['Auto-Submitted: auto-replied'],
  }),
  old: customerEmail({
    id: 'old-1@example.com',
    from: 'Jane Doe <jane.doe@example.com>',
    subject: 'Old question',
    body: 'Where is my order #100?',
    date: 'Wed, 01 Apr 2026 09:00:00 +0000',
  }),
};

/** The draft Snoooz writes for an email, so the "team" can send it (un)changed. */
async function draftFor(raw: string): Promise<string> {
  const store = createBigCommerceStore({ storeHash: fixtureStore().hash, accessToken: DEFAULT_TOKEN, apiUrl: sim.url });
  const result = await processEmail(raw, { store, settings: SETTINGS, inboxAddresses: [USER] });
  return result.draft?.text ?? '';
}

async function flagsOf(client: ImapFlow, folder: string): Promise<Record<string, string[]>> {
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const out: Record<string, string[]> = {};
    for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
      // \Recent is per session, not a stored flag.
      out[m.envelope?.messageId ?? String(m.uid)] = [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort();
    }
    return out;
  } finally {
    lock.release();
  }
}

let statusDraft = '';
let bobDraft = '';

beforeAll(async () => {
  [dovecot, sim, target] = await Promise.all([
    startDovecot({ users: [{ user: USER, password: PASSWORD }], specialUse: { Gesendet: '\\Sent' } }),
    startSimulator({ stores: [{ data: parseStoreData(fixtureStore()) }], rateLimit: null }),
    createTestDatabase('sqlite'),
  ]);
  db = await target.open();
  repos = createRepositories(db, generateSecretKey());

  statusDraft = await draftFor(emails.status);
  bobDraft = await draftFor(emails.bob);
  const client = await openImap(dovecot, USER, PASSWORD);
  try {
    const day = (d: string) => new Date(`${d}T09:00:00Z`);
    await client.append('INBOX', emails.old, [], day('2026-04-01'));
    await client.append('INBOX', emails.status, ['\\Seen'], day('2026-05-04'));
    await client.append('INBOX', emails.bob, [], day('2026-05-05'));
    await client.append('INBOX', emails.refund, ['\\Flagged'], day('2026-05-06'));
    await client.append('INBOX', emails.unanswered, [], day('2026-05-07'));
    await client.append('INBOX', emails.autoReply, [], day('2026-05-07'));
    // The team sent Snoooz's draft as is (quoting the customer), rewrote Bob's, answered the refund.
    await client.append(
      'Gesendet',
      teamReply({
        id: 'r-status@shop.example',
        to: 'jane.doe@example.com',
        subject: 'Re: Where is my order #100?',
        inReplyTo: 'status-1@example.com',
        date: 'Mon, 04 May 2026 11:00:00 +0000',
        body: `${statusDraft}\n\nOn Mon, 4 May 2026 at 09:00, Jane Doe <jane.doe@example.com> wrote:\n> Hi, where is my order #100? Thanks, Jane`,
      }),
      ['\\Seen'],
      day('2026-05-04'),
    );
    await client.append(
      'Gesendet',
      teamReply({
        id: 'r-bob@shop.example',
        to: 'bob.smith@example.com',
        subject: 'Re: Order question',
        inReplyTo: 'bob-1@example.com',
        date: 'Tue, 05 May 2026 12:00:00 +0000',
        body: 'Hey Bob, a colleague is looking into it and will call you tomorrow. Cheers',
      }),
      ['\\Seen'],
      day('2026-05-05'),
    );
    await client.append(
      'Gesendet',
      teamReply({
        id: 'r-refund@shop.example',
        to: 'jane.doe@example.com',
        subject: 'Re: Refund please',
        references: '<refund-1@example.com>',
        date: 'Wed, 06 May 2026 12:00:00 +0000',
        body: 'Hi Jane, sorry about that. We have refunded order #100 in full.',
      }),
      ['\\Seen'],
      day('2026-05-06'),
    );
  } finally {
    await client.logout();
  }
}, 60_000);

afterAll(async () => {
  await db?.close();
  await target?.drop();
  await Promise.all([dovecot?.stop(), sim?.close()]);
});

describe('shadow mode against Dovecot and the simulator', () => {
  it('pairs each past email with the team reply, scores it, summarises per intent, and changes nothing', async () => {
    const inspector = await openImap(dovecot, USER, PASSWORD);
    let before: { inbox: Record<string, string[]>; sent: Record<string, string[]> };
    try {
      before = { inbox: await flagsOf(inspector, 'INBOX'), sent: await flagsOf(inspector, 'Gesendet') };
    } finally {
      await inspector.logout();
    }

    const mailbox = await readShadowMailbox(accountFor(dovecot, USER, PASSWORD), {
      since: new Date('2026-05-01T00:00:00Z'),
    });
    expect(mailbox.sentFolder).toBe('Gesendet');
    expect(mailbox.messages).toHaveLength(5); // the April email is outside the range
    expect(mailbox.sent).toHaveLength(3);

    const store = createBigCommerceStore({
      storeHash: fixtureStore().hash,
      accessToken: DEFAULT_TOKEN,
      apiUrl: sim.url,
    });
    const result = await runShadow({
      messages: mailbox.messages,
      sentReplies: createSentReplyLookup(await parseSentReplies(mailbox.sent)),
      store,
      settings: SETTINGS,
      inboxAddresses: [USER],
    });
    const byId = new Map(result.items.map((i) => [i.emailMessageId, i]));

    const status = byId.get('status-1@example.com')!;
    expect(status.draft).toBe(statusDraft);
    expect(status.draft).toContain('#100');
    expect(status.teamReply).toMatchObject({ messageId: 'r-status@shop.example', matchedBy: 'in-reply-to' });
    expect(status.similarity).toBeGreaterThanOrEqual(0.98);
    expect(status.editClass).toBe('unchanged');

    const bob = byId.get('bob-1@example.com')!;
    expect(bob.draft).toBe(bobDraft);
    expect(bob.teamReply?.matchedBy).toBe('in-reply-to');
    expect(bob.similarity).toBeLessThan(0.5);
    expect(bob.editClass).toBe('rewritten');

    const refund = byId.get('refund-1@example.com')!;
    expect(refund.intent).toBe('refund_request');
    expect(refund.teamReply).toMatchObject({ messageId: 'r-refund@shop.example', matchedBy: 'references' });
    expect(refund.delivery?.action).not.toBe('send');

    const unanswered = byId.get('nobody-1@example.com')!;
    expect(unanswered.draft).not.toBeNull();
    expect(unanswered.teamReply).toBeNull();
    expect(unanswered.similarity).toBeNull();

    const ooo = byId.get('ooo-1@example.com')!;
    expect(ooo.skipped?.code).toBe('auto_reply');
    expect(ooo.draft).toBeNull();

    expect(result.summary.total).toMatchObject({ emails: 5, skipped: 1, drafted: 4, withTeamReply: 3 });
    const refundRow = result.summary.intents.find((s) => s.intent === 'refund_request');
    expect(refundRow).toMatchObject({ emails: 1, withTeamReply: 1 });
    const statusRow = result.summary.intents.find((s) => s.intent === status.intent)!;
    expect(statusRow.withTeamReply).toBeGreaterThanOrEqual(1);
    expect(statusRow.meanSimilarity).not.toBeNull();
    expect(statusRow.acceptedShare).not.toBeNull();

    // Nothing sent or changed: same flags (\Seen untouched), same counts, no new folder, no store writes.
    const after = await openImap(dovecot, USER, PASSWORD);
    try {
      expect(await flagsOf(after, 'INBOX')).toEqual(before.inbox);
      expect(await flagsOf(after, 'Gesendet')).toEqual(before.sent);
      expect(before.inbox['<bob-1@example.com>']).toEqual([]);
      expect(before.inbox['<status-1@example.com>']).toEqual(['\\Seen']);
      const folders = (await after.list()).map((f) => f.path).sort();
      expect(folders).toEqual(['Gesendet', 'INBOX']);
    } finally {
      await after.logout();
    }
    expect(sim.writeAttempts).toEqual([]);
  });

  it('runs for a workspace (folder source), stores the run and items, and writes no message or draft', async () => {
    const ws = await repos.workspaces.create({ slug: 'shadow-ws', name: 'Shadow' });
    await repos.workspaces.enableIntegration(ws.id, 'bigcommerce', 'test');
    await repos.integrations.saveConnected(ws.id, {
      storeHash: fixtureStore().hash,
      storeName: 'Snoooz Test Supplies',
      accessToken: DEFAULT_TOKEN,
      scopes: ['customers', 'orders', 'products'],
    });
    await repos.settings.update(ws.id, { businessName: 'Snoooz Test Supplies' });
    const inbox = await repos.inboxes.create(ws.id, {
      name: 'Support',
      address: USER,
      imap: { host: dovecot.host, port: dovecot.port, secure: false, user: USER },
      password: PASSWORD,
    });

    const run = await runWorkspaceShadow(
      // Dovecot listens on loopback, which a tenant's mail host may not be unless allowed.
      { repos, apiUrl: sim.url, egress: egressPolicy([dovecot.host]) },
      ws.id,
      { inboxId: inbox.id, folder: 'INBOX' },
      'cli',
    );
    expect(run.status).toBe('done');
    expect(run.emails).toBe(6);
    const items = await repos.shadow.items(ws.id, run.id);
    expect(items).toHaveLength(6);
    const status = items.find((i) => i.emailMessageId === 'status-1@example.com')!;
    expect(status.draftText).toBe(statusDraft);
    expect(status.teamReplyMessageId).toBe('r-status@shop.example');
    expect(status.similarity).toBeGreaterThanOrEqual(0.98);
    expect((run.summary as { total: { emails: number } }).total.emails).toBe(6);

    expect(await repos.messages.list(ws.id)).toEqual([]);
    expect(await repos.drafts.list(ws.id)).toEqual([]);
    expect(sim.writeAttempts).toEqual([]);
    // Evidence for autonomy: one pair per past email with a team reply.
    expect((await repos.shadow.evidence(ws.id)).map((e) => e.emailMessageId).sort()).toEqual([
      'bob-1@example.com',
      'refund-1@example.com',
      'status-1@example.com',
    ]);

    // Another workspace cannot read it.
    const other = await repos.workspaces.create({ slug: 'shadow-other', name: 'Other' });
    await expect(repos.shadow.getRun(other.id, run.id)).rejects.toThrow(/not found/i);
  });

  it('a folder that does not exist fails the run with a one-line reason', async () => {
    const ws = await repos.workspaces.bySlug('shadow-ws');
    const inbox = (await repos.inboxes.list(ws!.id))[0]!;
    const run = await runWorkspaceShadow(
      // Dovecot listens on loopback, which a tenant's mail host may not be unless allowed.
      { repos, apiUrl: sim.url, egress: egressPolicy([dovecot.host]) },
      ws!.id,
      { inboxId: inbox.id, folder: 'Nope' },
      'cli',
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/IMAP/);
    expect(run.error).not.toContain(PASSWORD);
  });
});
