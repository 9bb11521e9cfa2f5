/**
 * Conversations on both engines: the inbox lists a thread once (at its newest message) in every
 * queue, in search results and across pages; assignment and its filters and counts; internal
 * notes; a member's removal unassigns; a new message reopens a done conversation.
 */
import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import type { IncomingMessageInput } from './repositories/messages.js';
import type { QueueCursor, QueuePageOptions } from './repositories/queue.js';
import { seedWorkspace, uniqueSlug, withTestDatabases } from './test-databases.js';

let seq = 0;
function email(overrides: Partial<IncomingMessageInput> = {}): IncomingMessageInput {
  seq += 1;
  return {
    messageId: `<c${seq}@customer.example>`,
    fromAddress: 'ann@customer.example',
    fromName: 'Ann',
    subject: 'Order status',
    receivedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + seq * 1_000),
    raw: `Message-ID: <c${seq}@customer.example>\r\n\r\nbody`,
    bodyText: 'Hello there.',
    ...overrides,
  };
}

withTestDatabases('conversations', (store) => {
  async function seeded() {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const put = async (input: Partial<IncomingMessageInput> = {}) =>
      (await repos.messages.storeIncoming(workspaceId, inboxId, email(input))).message.id;
    const member = async (role: 'owner' | 'agent', name: string) => {
      const user = await repos.users.create({ email: `${uniqueSlug(name)}@team.example`, name });
      await repos.users.setMembership(workspaceId, user.id, role);
      return user;
    };
    return { repos, workspaceId, inboxId, put, member };
  }

  it('a thread with several customer messages is one row, at its newest message, in every view', async () => {
    const { repos, workspaceId, put } = await seeded();
    const first = await put({ threadKey: '<t1@x>', bodyText: 'My lamp 48213 arrived broken.' });
    const second = await put({ threadKey: '<t1@x>', bodyText: 'Any news?' });
    const third = await put({ threadKey: '<t1@x>', bodyText: 'Hello again.' });
    const alone = await put({ fromAddress: 'bob@customer.example', bodyText: 'Where is my kettle?' });

    const page = await repos.queue.page(workspaceId);
    expect(page.items.map((i) => i.id)).toEqual([alone, third]);
    expect(page.items.find((i) => i.id === third)?.messageCount).toBe(3);
    expect((await repos.queue.page(workspaceId, { queue: 'todo' })).items.map((i) => i.id)).toEqual([alone, third]);
    // Found by a word of its first message, listed once at its newest.
    expect((await repos.queue.page(workspaceId, { search: '48213' })).items.map((i) => i.id)).toEqual([third]);
    expect((await repos.queue.page(workspaceId, { search: 'hello' })).items.map((i) => i.id)).toEqual([third]);
    const counts = await repos.queue.counts(workspaceId);
    expect(counts).toMatchObject({ todo: 2, all: 2, unread: 2, assignees: { mine: 0, unassigned: 2, all: 2 } });

    // The newest message decides the queue: done there, the whole conversation is done.
    await repos.queue.markDone(workspaceId, [third], 'user:1');
    expect((await repos.queue.page(workspaceId, { queue: 'done' })).items.map((i) => i.id)).toEqual([third]);
    expect((await repos.queue.page(workspaceId, { queue: 'todo' })).items.map((i) => i.id)).toEqual([alone]);
    expect(await repos.queue.counts(workspaceId)).toMatchObject({ todo: 1, done: 1, all: 2 });
    expect([first, second]).not.toContain(third);
  });

  it('the same subject from two customers, or the same thread key in two inboxes, stays apart', async () => {
    const { repos, workspaceId, inboxId, put } = await seeded();
    const other = await repos.inboxes.create(workspaceId, { name: 'Sales', address: `sales@${uniqueSlug()}.example` });
    const ann = await put({ threadKey: '<same@x>' });
    const bob = await put({ fromAddress: 'bob@customer.example' });
    const elsewhere = (await repos.messages.storeIncoming(workspaceId, other.id, email({ threadKey: '<same@x>' })))
      .message.id;
    const ids = (await repos.queue.page(workspaceId)).items.map((i) => i.id);
    expect(ids).toEqual([elsewhere, bob, ann]);
    expect(inboxId).not.toBe(other.id);
  });

  it('pages through conversations of two messages each: every one exactly once, counts per filter', async () => {
    const { repos, workspaceId, put, member } = await seeded();
    const agent = await member('agent', 'Ada');
    const heads: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      await put({ threadKey: `<p${i}@x>` });
      heads.push(await put({ threadKey: `<p${i}@x>` }));
      if (i % 5 === 0) {
        const ref = await repos.conversations.ofMessage(workspaceId, heads[i] ?? 0);
        await repos.conversations.assign(ref, agent.id, `user:${agent.id}`);
      }
    }
    const seen: number[] = [];
    let before: QueueCursor | undefined;
    for (let n = 0; n < 10; n += 1) {
      const options: QueuePageOptions = { limit: 7, ...(before ? { before } : {}) };
      const page = await repos.queue.page(workspaceId, options);
      seen.push(...page.items.map((i) => i.id));
      if (!page.older) break;
      before = page.older;
    }
    expect(seen).toEqual([...heads].reverse());
    // Going back from the last page reaches the first again.
    const back = await repos.queue.page(workspaceId, {
      limit: 7,
      after: { receivedAt: '2000-01-01T00:00:00.000Z', id: 1 },
    });
    expect(back.items).toHaveLength(7);

    const mine = await repos.queue.page(workspaceId, { assignee: 'mine', viewerId: agent.id });
    expect(mine.items.map((i) => i.id)).toEqual([heads[20], heads[15], heads[10], heads[5], heads[0]]);
    expect(mine.items[0]?.assignee).toEqual({ userId: agent.id, name: 'Ada' });
    expect((await repos.queue.page(workspaceId, { assignee: 'unassigned', viewerId: agent.id })).items).toHaveLength(
      20,
    );
    // Nobody's "mine" without a viewer (an API token).
    expect((await repos.queue.page(workspaceId, { assignee: 'mine' })).items).toHaveLength(0);

    expect(await repos.queue.counts(workspaceId, { viewerId: agent.id })).toMatchObject({
      todo: 25,
      all: 25,
      assignees: { mine: 5, unassigned: 20, all: 25 },
    });
    expect(await repos.queue.counts(workspaceId, { viewerId: agent.id, assignee: 'mine' })).toMatchObject({
      todo: 5,
      all: 5,
    });
    await repos.queue.markDone(workspaceId, [heads[0] ?? 0, heads[1] ?? 0], 'system');
    expect(await repos.queue.counts(workspaceId, { viewerId: agent.id, queue: 'done' })).toMatchObject({
      done: 2,
      assignees: { mine: 1, unassigned: 1, all: 2 },
    });
  });

  it('assigns to a member only, reports from → to, unassigns', async () => {
    const { repos, workspaceId, put, member } = await seeded();
    const ada = await member('agent', 'Ada');
    const bo = await member('owner', 'Bo');
    const stranger = await repos.users.create({ email: `${uniqueSlug('x')}@elsewhere.example`, name: 'X' });
    const ref = await repos.conversations.ofMessage(workspaceId, await put({ threadKey: '<a@x>' }));
    expect(await repos.conversations.assignee(ref)).toBeNull();
    expect(await repos.conversations.assign(ref, ada.id, `user:${bo.id}`)).toEqual({ from: null, to: ada.id });
    expect(await repos.conversations.assign(ref, bo.id, `user:${bo.id}`)).toEqual({ from: ada.id, to: bo.id });
    expect(await repos.conversations.assignee(ref)).toMatchObject({
      userId: bo.id,
      name: 'Bo',
      assignedBy: `user:${bo.id}`,
    });
    await expect(repos.conversations.assign(ref, stranger.id, 'user:1')).rejects.toSatisfy((e) =>
      isDbError(e, 'not_found'),
    );
    expect(await repos.conversations.assign(ref, null, `user:${bo.id}`)).toEqual({ from: bo.id, to: null });
    expect(await repos.conversations.assignee(ref)).toBeNull();
    // A message id of another workspace is not found.
    const other = await seedWorkspace(repos);
    await expect(repos.conversations.ofMessage(other.workspaceId, ref.inboxId)).rejects.toSatisfy((e) =>
      isDbError(e, 'not_found'),
    );
  });

  it('removing a member unassigns their conversations, and only theirs', async () => {
    const { repos, workspaceId, put, member } = await seeded();
    await member('owner', 'Owner');
    const ada = await member('agent', 'Ada');
    const bo = await member('agent', 'Bo');
    const a = await repos.conversations.ofMessage(workspaceId, await put({ threadKey: '<r1@x>' }));
    const b = await repos.conversations.ofMessage(workspaceId, await put({ threadKey: '<r2@x>' }));
    await repos.conversations.assign(a, ada.id, 'system');
    await repos.conversations.assign(b, bo.id, 'system');
    await repos.users.removeMembership(workspaceId, ada.id);
    expect(await repos.conversations.assignee(a)).toBeNull();
    expect(await repos.conversations.assignee(b)).toMatchObject({ userId: bo.id });
    expect(await repos.queue.counts(workspaceId, { viewerId: bo.id })).toMatchObject({
      assignees: { mine: 1, unassigned: 1, all: 2 },
    });
  });

  it('a new customer message puts a done conversation back to to do, with its assignee', async () => {
    const { repos, workspaceId, put, member } = await seeded();
    const ada = await member('agent', 'Ada');
    const first = await put({ threadKey: '<d@x>' });
    const ref = await repos.conversations.ofMessage(workspaceId, first);
    await repos.conversations.assign(ref, ada.id, 'system');
    await repos.queue.markDone(workspaceId, [first], `user:${ada.id}`);
    expect(await repos.queue.counts(workspaceId, { viewerId: ada.id, assignee: 'mine' })).toMatchObject({
      done: 1,
      todo: 0,
    });
    const again = await put({ threadKey: '<d@x>', bodyText: 'It broke again.' });
    const mine = await repos.queue.page(workspaceId, { queue: 'todo', assignee: 'mine', viewerId: ada.id });
    expect(mine.items.map((i) => i.id)).toEqual([again]);
    expect(mine.items[0]).toMatchObject({ queue: 'todo', messageCount: 2, assignee: { userId: ada.id } });
    expect((await repos.queue.page(workspaceId, { queue: 'done' })).items).toHaveLength(0);
  });

  it('notes: stored per conversation with author and time, trimmed, bounded, oldest first', async () => {
    const { repos, workspaceId, put, member } = await seeded();
    const ada = await member('agent', 'Ada');
    const ref = await repos.conversations.ofMessage(workspaceId, await put({ threadKey: '<n@x>' }));
    const other = await repos.conversations.ofMessage(workspaceId, await put({ threadKey: '<n2@x>' }));
    const note = await repos.conversations.addNote(ref, {
      authorUserId: ada.id,
      authorActor: `user:${ada.id}`,
      body: '  Called the courier.  ',
    });
    expect(note).toMatchObject({ body: 'Called the courier.', author: { userId: ada.id, name: 'Ada' } });
    await repos.conversations.addNote(ref, { authorUserId: null, authorActor: 'token:9', body: 'Second' });
    expect((await repos.conversations.notes(ref)).map((n) => n.body)).toEqual(['Called the courier.', 'Second']);
    expect(await repos.conversations.notes(other)).toEqual([]);
    const invalid = (e: unknown) => isDbError(e, 'invalid_input');
    await expect(
      repos.conversations.addNote(ref, { authorUserId: ada.id, authorActor: `user:${ada.id}`, body: '   ' }),
    ).rejects.toSatisfy(invalid);
    await expect(
      repos.conversations.addNote(ref, {
        authorUserId: ada.id,
        authorActor: `user:${ada.id}`,
        body: 'x'.repeat(5_001),
      }),
    ).rejects.toSatisfy(invalid);
  });

  it('history: customer messages, sent replies with who approved them, and notes', async () => {
    const { repos, workspaceId, put, member } = await seeded();
    const ada = await member('agent', 'Ada');
    const first = await put({ threadKey: '<h@x>', bodyText: 'Where is it?' });
    const draft = await repos.drafts.saveDraftForMessage(workspaceId, first, {
      subject: 'Re: Order status',
      text: 'It ships today.',
      composer: 'builtin',
    });
    await repos.audit.append(workspaceId, {
      actor: `user:${ada.id}`,
      action: 'draft.approved',
      target: `draft:${draft.id}`,
    });
    await repos.drafts.setStatus(workspaceId, draft.id, 'sent');
    await repos.audit.append(workspaceId, { actor: 'system', action: 'draft.sent', target: `draft:${draft.id}` });
    const second = await put({ threadKey: '<h@x>', bodyText: 'Thanks!' });
    await repos.drafts.saveDraftForMessage(workspaceId, second, {
      subject: 'Re',
      text: 'pending',
      composer: 'builtin',
    });
    const ref = await repos.conversations.ofMessage(workspaceId, second);
    await repos.conversations.addNote(ref, { authorUserId: ada.id, authorActor: `user:${ada.id}`, body: 'VIP' });

    const history = await repos.conversations.history(ref);
    expect(history.messages.map((m) => [m.id, m.bodyText])).toEqual([
      [first, 'Where is it?'],
      [second, 'Thanks!'],
    ]);
    // The pending draft of the newest message is the editor's, not history.
    expect(history.replies).toHaveLength(1);
    expect(history.replies[0]).toMatchObject({
      messageId: first,
      text: 'It ships today.',
      status: 'sent',
      approvedBy: `user:${ada.id}`,
    });
    expect(history.replies[0]?.sentAt).toBeTruthy();
    expect(history.notes.map((n) => n.body)).toEqual(['VIP']);
  });
});
