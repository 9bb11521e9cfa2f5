/**
 * Threading at ingest on both engines: headers first; the subject fallback joins a reply without
 * usable headers to the same sender's conversation in the same inbox, and never another
 * customer's with the same subject.
 */
import { expect, it } from 'vitest';
import { seedWorkspace, withTestDatabases } from '../db/test-databases.js';
import { ingestRawEmail } from './ingest.js';
import { isReplySubject, normalizeSubject } from './threading.js';

let seq = 0;
function mail(from: string, subject: string, headers = ''): Buffer {
  seq += 1;
  return Buffer.from(
    `From: ${from}\r\nSubject: ${subject}\r\nMessage-ID: <th${seq}@customer.example>\r\n${headers}\r\nHello ${seq}\r\n`,
  );
}

it('normalises subjects: reply and forward markers, spacing and case', () => {
  expect(normalizeSubject('RE: Re:  Order   status')).toBe('order status');
  expect(normalizeSubject('AW: Fwd: Order status')).toBe('order status');
  expect(normalizeSubject('Re[2]: Order status')).toBe('order status');
  expect(isReplySubject('Re: Order status')).toBe(true);
  expect(isReplySubject('Order status')).toBe(false);
  expect(isReplySubject('Fwd: Order status')).toBe(false);
});

withTestDatabases('threading', (store) => {
  it('a reply without In-Reply-To joins the same sender’s conversation; another customer’s never', async () => {
    const { repos } = store();
    const ws = await seedWorkspace(repos);
    const put = async (raw: Buffer, inboxId = ws.inboxId) =>
      (await ingestRawEmail(repos, { workspaceId: ws.workspaceId, inboxId, raw, source: 'http' })).message;

    const ann = await put(mail('Ann <ann@customer.example>', 'Order status'));
    const bob = await put(mail('Bob <bob@customer.example>', 'Order status'));
    // Ann answers from a client that drops the headers, with different case in her address.
    const annAgain = await put(mail('Ann <ANN@customer.example>', 'Re: order  STATUS'));
    expect(annAgain.threadKey).toBe(ann.threadKey);
    // Bob's reply finds his own conversation, not Ann's newer one.
    const bobAgain = await put(mail('bob@customer.example', 'RE: Order status'));
    expect(bobAgain.threadKey).toBe(bob.threadKey);
    expect(bob.threadKey).not.toBe(ann.threadKey);
    // Not a reply: a new conversation, even with the same subject.
    const fresh = await put(mail('ann@customer.example', 'Order status'));
    expect(fresh.threadKey).not.toBe(ann.threadKey);
    // A reply that answers our own sent reply (a Message-ID we never stored) also falls back.
    const toOurs = await put(
      mail('bob@customer.example', 'Re: Order status', 'In-Reply-To: <sent-by-us@shop.example>\r\n'),
    );
    expect(toOurs.threadKey).toBe(bob.threadKey);
    // Headers naming a conversation we know win over the subject.
    const byHeader = await put(mail('ann@customer.example', 'Re: Something else', `References: ${bob.messageId}\r\n`));
    expect(byHeader.threadKey).toBe(bob.threadKey);
    // Another inbox is another conversation.
    const sales = await repos.inboxes.create(ws.workspaceId, { name: 'Sales', address: 'sales@threading.example' });
    const elsewhere = await put(mail('ann@customer.example', 'Re: Order status'), sales.id);
    expect(elsewhere.threadKey).not.toBe(ann.threadKey);

    const rows = (await repos.queue.page(ws.workspaceId)).items;
    expect(
      rows
        .filter((r) => r.inboxId === ws.inboxId)
        .map((r) => r.messageCount)
        .sort(),
    ).toEqual([1, 2, 4]);
  });
});
