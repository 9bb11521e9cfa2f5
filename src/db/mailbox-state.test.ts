import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

withTestDatabases('mailbox state', (store) => {
  it('is null until saved, then upserts per (inbox, mailbox) and keeps 32-bit unsigned UIDs', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    expect(await repos.mailboxState.get(workspaceId, inboxId, 'INBOX')).toBeNull();
    await repos.mailboxState.save(workspaceId, inboxId, 'INBOX', { uidValidity: '1700000000', lastUid: 5 });
    await repos.mailboxState.save(workspaceId, inboxId, 'INBOX', { uidValidity: '4294967295', lastUid: 4_294_967_295 });
    await repos.mailboxState.save(workspaceId, inboxId, 'Support', { uidValidity: '7', lastUid: 1 });
    expect(await repos.mailboxState.get(workspaceId, inboxId, 'INBOX')).toMatchObject({
      uidValidity: '4294967295',
      lastUid: 4_294_967_295,
    });
    expect(await repos.mailboxState.get(workspaceId, inboxId, 'Support')).toMatchObject({
      uidValidity: '7',
      lastUid: 1,
    });
  });

  it("never reads or writes another workspace's inbox, and goes with the inbox", async () => {
    const { repos } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    await repos.mailboxState.save(b.workspaceId, b.inboxId, 'INBOX', { uidValidity: '1', lastUid: 3 });
    expect(await repos.mailboxState.get(a.workspaceId, b.inboxId, 'INBOX')).toBeNull();
    await expect(
      repos.mailboxState.save(a.workspaceId, b.inboxId, 'INBOX', { uidValidity: '1', lastUid: 9 }),
    ).rejects.toSatisfy((e) => isDbError(e, 'not_found'));
    expect(await repos.mailboxState.get(b.workspaceId, b.inboxId, 'INBOX')).toMatchObject({ lastUid: 3 });
    await expect(
      repos.mailboxState.save(b.workspaceId, b.inboxId, 'INBOX', { uidValidity: '1', lastUid: -1 }),
    ).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
    await repos.inboxes.remove(b.workspaceId, b.inboxId);
    expect(await repos.mailboxState.get(b.workspaceId, b.inboxId, 'INBOX')).toBeNull();
  });
});
