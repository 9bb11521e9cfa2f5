import { expect, it } from 'vitest';
import type { IncomingMessageInput } from './repositories/messages.js';
import type { QueueCursor } from './repositories/queue.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

let seq = 0;
function email(overrides: Partial<IncomingMessageInput> = {}): IncomingMessageInput {
  seq += 1;
  return {
    messageId: `<s${seq}@customer.example>`,
    fromAddress: 'someone@customer.example',
    fromName: null,
    subject: 'A question',
    receivedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, seq)),
    raw: `Message-ID: <s${seq}@customer.example>\r\n\r\nbody`,
    bodyText: 'Hello there.',
    ...overrides,
  };
}

withTestDatabases('search', (store) => {
  async function seeded() {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const put = async (input: Partial<IncomingMessageInput>) =>
      (await repos.messages.storeIncoming(workspaceId, inboxId, email(input))).message.id;
    return { repos, workspaceId, inboxId, put };
  }
  const ids = (page: { items: Array<{ id: number }> }) => page.items.map((i) => i.id).sort((a, b) => a - b);

  it('find a message by its order number, with or without #, in the body or the subject', async () => {
    const { repos, workspaceId, put } = await seeded();
    const inBody = await put({ bodyText: 'Hi, where is order #48213? Thanks, Ann' });
    const inSubject = await put({ subject: 'Order48213 not here', bodyText: 'see subject' });
    const glued = await put({ bodyText: 'ref ORD-48213 please' });
    await put({ bodyText: 'order 482130 and 148213 are other orders' });
    for (const q of ['48213', '#48213', 'order #48213']) {
      const found = ids(await repos.queue.page(workspaceId, { search: q }));
      expect(found, q).toEqual(q === 'order #48213' ? [inBody] : [inBody, glued]);
    }
    // Glued to a word, the number is not its own token: only the subject's spelling finds it.
    expect(ids(await repos.queue.page(workspaceId, { search: 'order48213' }))).toEqual([inSubject]);
  });

  it('find by sender address, sender name, subject word and body word (prefixes too)', async () => {
    const { repos, workspaceId, put } = await seeded();
    const jane = await put({ fromAddress: 'Jane.Roe@Shop-Mail.example', fromName: 'Jane Roe', subject: 'Parcel' });
    const bob = await put({
      fromAddress: 'bob@other.example',
      fromName: 'Bob Stone',
      bodyText: 'The kettle arrived dented.',
    });
    const search = async (q: string) => ids(await repos.queue.page(workspaceId, { search: q }));
    expect(await search('jane.roe@shop-mail.example')).toEqual([jane]);
    expect(await search('roe')).toEqual([jane]);
    expect(await search('Bob Stone')).toEqual([bob]);
    expect(await search('parcel')).toEqual([jane]);
    expect(await search('kettle')).toEqual([bob]);
    expect(await search('dent')).toEqual([bob]);
    expect(await search('kettle parcel')).toEqual([]);
    expect(await search('  #!  ')).toEqual([]);
  });

  it('keep the index in step when a message changes or is deleted', async () => {
    const { repos, workspaceId, put } = await seeded();
    const id = await put({ bodyText: 'nothing special' });
    await repos.messages.setBodyText(workspaceId, id, 'the blanket is torn');
    expect(ids(await repos.queue.page(workspaceId, { search: 'blanket' }))).toEqual([id]);
    expect(ids(await repos.queue.page(workspaceId, { search: 'special' }))).toEqual([]);
    const { db } = store();
    await db.kysely.deleteFrom('jobs').where('message_id', '=', id).execute();
    await db.kysely.deleteFrom('messages').where('id', '=', id).execute();
    expect(ids(await repos.queue.page(workspaceId, { search: 'blanket' }))).toEqual([]);
    const again = await put({ bodyText: 'another blanket' });
    expect(ids(await repos.queue.page(workspaceId, { search: 'blanket' }))).toEqual([again]);
  });

  it('never return another workspace’s messages', async () => {
    const { repos, workspaceId, put } = await seeded();
    const mine = await put({ bodyText: 'order 77001 damaged' });
    const other = await seedWorkspace(repos);
    await repos.messages.storeIncoming(other.workspaceId, other.inboxId, email({ bodyText: 'order 77001 damaged' }));
    expect(ids(await repos.queue.page(workspaceId, { search: '77001' }))).toEqual([mine]);
    const theirs = await repos.queue.page(other.workspaceId, { search: '77001' });
    expect(theirs.items).toHaveLength(1);
    expect(theirs.items[0]?.id).not.toBe(mine);
  });

  it('list messages stored before search with the backfill, and find them after it', async () => {
    const { repos, workspaceId, put } = await seeded();
    const id = await put({ bodyText: undefined });
    const pending = await repos.messages.withoutBodyText(100);
    expect(pending).toContainEqual({ workspaceId, id });
    await repos.messages.setBodyText(workspaceId, id, 'a candle arrived broken');
    expect(await repos.messages.withoutBodyText(100)).not.toContainEqual({ workspaceId, id });
    expect(ids(await repos.queue.page(workspaceId, { search: 'candle' }))).toEqual([id]);
  });

  it('page through 250 messages: each visited once, in order, and back again', async () => {
    const { repos, workspaceId, put } = await seeded();
    const all: number[] = [];
    // Every third pair shares a timestamp, so the id must break ties.
    for (let i = 0; i < 250; i += 1) {
      all.push(await put({ receivedAt: new Date(Date.UTC(2025, 1, 1, 0, 0, Math.floor(i / 2))), bodyText: 'hello' }));
    }
    const newestFirst = [...all].sort((a, b) => b - a);
    for (const search of [undefined, 'hello']) {
      const seen: number[] = [];
      let before: QueueCursor | undefined;
      const cursors: Array<QueueCursor | null> = [];
      for (;;) {
        const page = await repos.queue.page(workspaceId, {
          limit: 100,
          ...(before ? { before } : {}),
          ...(search ? { search } : {}),
        });
        seen.push(...page.items.map((i) => i.id));
        cursors.push(page.newer);
        if (!page.older) break;
        before = page.older;
      }
      expect(seen).toEqual(newestFirst);
      expect(cursors[0]).toBeNull();
      // Newer from the last page gives the middle page again.
      const back = await repos.queue.page(workspaceId, {
        limit: 100,
        after: cursors[2] ?? undefined,
        ...(search ? { search } : {}),
      });
      expect(back.items.map((i) => i.id)).toEqual(newestFirst.slice(100, 200));
      expect(back.newer).not.toBeNull();
      const first = await repos.queue.page(workspaceId, { limit: 100, after: back.newer ?? undefined });
      expect(first.items.map((i) => i.id)).toEqual(newestFirst.slice(0, 100));
      expect(first.newer).toBeNull();
    }
  });

  it('keep pages stable when a message arrives between two pages', async () => {
    const { repos, workspaceId, put } = await seeded();
    for (let i = 0; i < 30; i += 1) await put({ receivedAt: new Date(Date.UTC(2025, 2, 1, 0, i)), bodyText: 'refund' });
    const first = await repos.queue.page(workspaceId, { limit: 10, search: 'refund' });
    const arrived = await put({ receivedAt: new Date(Date.UTC(2025, 2, 2)), bodyText: 'refund' });
    const second = await repos.queue.page(workspaceId, {
      limit: 10,
      search: 'refund',
      before: first.older ?? undefined,
    });
    const third = await repos.queue.page(workspaceId, {
      limit: 10,
      search: 'refund',
      before: second.older ?? undefined,
    });
    const visited = [...first.items, ...second.items, ...third.items].map((i) => i.id);
    expect(new Set(visited).size).toBe(30);
    expect(visited).not.toContain(arrived);
    expect(third.older).toBeNull();
    // The first page, read again, shows it on top.
    expect((await repos.queue.page(workspaceId, { limit: 10, search: 'refund' })).items[0]?.id).toBe(arrived);
  });

  it('combine search with a queue filter', async () => {
    const { repos, workspaceId, put } = await seeded();
    const a = await put({ bodyText: 'lamp broken' });
    const b = await put({ bodyText: 'lamp broken too' });
    await repos.queue.markDone(workspaceId, [a], 'user:1');
    expect(ids(await repos.queue.page(workspaceId, { search: 'lamp', queue: 'done' }))).toEqual([a]);
    expect(ids(await repos.queue.page(workspaceId, { search: 'lamp', queue: 'todo' }))).toEqual([b]);
  });
});
