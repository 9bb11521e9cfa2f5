import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import type { Repositories } from './repositories/index.js';
import { userActor } from './repositories/audit.js';
import { injectFailure, seedWorkspace, withTestDatabases } from './test-databases.js';

let n = 0;
async function seedMessage(repos: Repositories) {
  const { workspaceId, inboxId } = await seedWorkspace(repos);
  n += 1;
  const { message } = await repos.messages.storeIncoming(workspaceId, inboxId, {
    messageId: `<draft-${n}@x.example>`,
    fromAddress: 'customer@x.example',
    subject: 'Order 100',
    receivedAt: new Date(),
    raw: 'raw',
  });
  return { workspaceId, messageId: message.id };
}

const draft = { subject: 'Re: Order 100', text: 'Your order shipped.', composer: 'builtin' as const };

withTestDatabases('drafts', (store) => {
  it('save a draft and move its message to drafted together', async () => {
    const { repos } = store();
    const { workspaceId, messageId } = await seedMessage(repos);
    const saved = await repos.drafts.saveDraftForMessage(workspaceId, messageId, {
      ...draft,
      composer: 'llm',
      fallbackReason: null,
      context: { orders: [{ id: 100 }] },
    });
    expect(saved).toMatchObject({ messageId, status: 'pending', composer: 'llm', context: { orders: [{ id: 100 }] } });
    expect((await repos.messages.get(workspaceId, messageId)).state).toBe('drafted');
    expect(await repos.drafts.byMessage(workspaceId, messageId)).toEqual(saved);
  });

  it('keep one draft per message: saving again replaces a pending draft', async () => {
    const { repos } = store();
    const { workspaceId, messageId } = await seedMessage(repos);
    const first = await repos.drafts.saveDraftForMessage(workspaceId, messageId, draft);
    const second = await repos.drafts.saveDraftForMessage(workspaceId, messageId, { ...draft, text: 'Second try.' });
    expect(second.id).toBe(first.id);
    expect(second.text).toBe('Second try.');
    expect(await repos.drafts.list(workspaceId)).toHaveLength(1);

    await repos.drafts.setStatus(workspaceId, first.id, 'approved');
    await expect(repos.drafts.saveDraftForMessage(workspaceId, messageId, draft)).rejects.toSatisfy((e) =>
      isDbError(e, 'conflict'),
    );
  });

  it('leave neither draft nor state change behind when the message update fails', async () => {
    const { repos, db } = store();
    const { workspaceId, messageId } = await seedMessage(repos);
    const restore = await injectFailure(db, { table: 'messages', on: 'update', when: "NEW.state = 'drafted'" });
    try {
      await expect(repos.drafts.saveDraftForMessage(workspaceId, messageId, draft)).rejects.toThrow(/injected failure/);
    } finally {
      await restore();
    }
    expect(await repos.drafts.byMessage(workspaceId, messageId)).toBeNull();
    expect((await repos.messages.get(workspaceId, messageId)).state).toBe('received');
  });

  it('mark the draft and its message sent together, or neither', async () => {
    const { repos, db } = store();
    const { workspaceId, messageId } = await seedMessage(repos);
    const saved = await repos.drafts.saveDraftForMessage(workspaceId, messageId, draft);
    await repos.drafts.setStatus(workspaceId, saved.id, 'approved');

    const restore = await injectFailure(db, { table: 'messages', on: 'update', when: "NEW.state = 'sent'" });
    try {
      await expect(repos.drafts.setStatus(workspaceId, saved.id, 'sent')).rejects.toThrow(/injected failure/);
    } finally {
      await restore();
    }
    expect((await repos.drafts.get(workspaceId, saved.id)).status).toBe('approved');

    const sent = await repos.drafts.setStatus(workspaceId, saved.id, 'sent');
    expect(sent.status).toBe('sent');
    expect(sent.sentAt).not.toBeNull();
    expect((await repos.messages.get(workspaceId, messageId)).state).toBe('sent');
  });

  it('enforce the status transitions and edit only drafts nobody approved yet', async () => {
    const { repos } = store();
    const { workspaceId, messageId } = await seedMessage(repos);
    const saved = await repos.drafts.saveDraftForMessage(workspaceId, messageId, draft);
    const edited = await repos.drafts.updateText(workspaceId, saved.id, { text: 'Edited.', subject: 'Re: yes' });
    expect(edited).toMatchObject({ text: 'Edited.', subject: 'Re: yes' });

    await repos.drafts.setStatus(workspaceId, saved.id, 'approved');
    await expect(repos.drafts.updateText(workspaceId, saved.id, { text: 'x' })).rejects.toSatisfy((e) =>
      isDbError(e, 'conflict'),
    );
    const failed = await repos.drafts.setStatus(workspaceId, saved.id, 'failed', 'SMTP 550');
    expect(failed).toMatchObject({ status: 'failed', statusReason: 'SMTP 550' });
    await repos.drafts.setStatus(workspaceId, saved.id, 'sent');
    for (const status of ['pending', 'approved', 'discarded', 'sent'] as const) {
      await expect(repos.drafts.setStatus(workspaceId, saved.id, status)).rejects.toSatisfy((e) =>
        isDbError(e, 'conflict'),
      );
    }
    await expect(repos.drafts.saveDraftForMessage(workspaceId, messageId, draft)).rejects.toSatisfy((e) =>
      isDbError(e, 'conflict'),
    );
  });

  it('let a status change and its audit entry commit as one unit', async () => {
    const { repos } = store();
    const { workspaceId, messageId } = await seedMessage(repos);
    const saved = await repos.drafts.saveDraftForMessage(workspaceId, messageId, draft);
    await expect(
      repos.transaction(async (tx) => {
        await tx.drafts.setStatus(workspaceId, saved.id, 'approved');
        await tx.audit.append(workspaceId, { actor: 'nobody' as never, action: 'draft.approved' });
      }),
    ).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
    expect((await repos.drafts.get(workspaceId, saved.id)).status).toBe('pending');

    await repos.transaction(async (tx) => {
      await tx.drafts.setStatus(workspaceId, saved.id, 'approved');
      await tx.audit.append(workspaceId, {
        actor: userActor(1),
        action: 'draft.approved',
        target: `draft:${saved.id}`,
      });
    });
    expect((await repos.drafts.get(workspaceId, saved.id)).status).toBe('approved');
    expect(await repos.audit.list(workspaceId)).toMatchObject([{ action: 'draft.approved', actor: 'user:1' }]);
  });
});
