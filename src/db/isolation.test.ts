import { expect, it } from 'vitest';
import { isDbError, isForeignKeyViolation } from './errors.js';
import type { Repositories } from './repositories/index.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

async function seedTenant(repos: Repositories) {
  const { workspaceId, inboxId } = await seedWorkspace(repos);
  await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'cli');
  const integration = await repos.integrations.saveConnected(workspaceId, {
    storeHash: `store${workspaceId}`,
    storeName: 'Store',
    accessToken: `token-of-workspace-${workspaceId}`,
    scopes: ['store_v2_orders_read_only'],
  });
  const mailbox = await repos.inboxes.create(workspaceId, {
    name: 'IMAP',
    address: `imap-${workspaceId}@x.example`,
    imap: { host: 'imap.x.example', port: 993, secure: true, user: 'u' },
    password: `password-of-${workspaceId}`,
    storeIntegrationId: integration.id,
  });
  const { message, jobId } = await repos.messages.storeIncoming(workspaceId, inboxId, {
    messageId: `<iso-${workspaceId}@x.example>`,
    fromAddress: 'c@x.example',
    subject: 'hello',
    receivedAt: new Date(),
    raw: 'raw',
  });
  const draft = await repos.drafts.saveDraftForMessage(workspaceId, message.id, {
    subject: 'Re: hello',
    text: 'Hi',
    composer: 'builtin',
  });
  await repos.settings.update(workspaceId, { businessName: `Business ${workspaceId}` });
  await repos.audit.append(workspaceId, { actor: 'cli', action: 'integration.connected' });
  return {
    workspaceId,
    inboxId,
    mailboxId: mailbox.id,
    integrationId: integration.id,
    messageId: message.id,
    jobId,
    draftId: draft.id,
  };
}

const notFound = (e: unknown) => isDbError(e, 'not_found');

withTestDatabases('tenant isolation', (store) => {
  it("never read workspace B's rows through workspace A", async () => {
    const { repos, db } = store();
    const a = await seedTenant(repos);
    const b = await seedTenant(repos);
    const A = a.workspaceId;
    const bSecrets = await db.kysely
      .selectFrom('secrets')
      .select('id')
      .where('workspace_id', '=', b.workspaceId)
      .execute();

    await expect(repos.integrations.get(A, b.integrationId)).rejects.toSatisfy(notFound);
    await expect(repos.integrations.getWithSecret(A, b.integrationId)).rejects.toSatisfy(notFound);
    await expect(repos.inboxes.get(A, b.inboxId)).rejects.toSatisfy(notFound);
    await expect(repos.inboxes.getWithSecret(A, b.mailboxId)).rejects.toSatisfy(notFound);
    await expect(repos.messages.get(A, b.messageId)).rejects.toSatisfy(notFound);
    await expect(repos.messages.getRaw(A, b.messageId)).rejects.toSatisfy(notFound);
    await expect(repos.drafts.get(A, b.draftId)).rejects.toSatisfy(notFound);
    expect(await repos.drafts.byMessage(A, b.messageId)).toBeNull();
    await expect(repos.jobs.get(A, b.jobId ?? 0)).rejects.toSatisfy(notFound);
    expect(await repos.jobs.listForMessage(A, b.messageId)).toEqual([]);
    for (const { id } of bSecrets) {
      await expect(repos.secrets.reveal(A, id)).rejects.toSatisfy(notFound);
      await expect(repos.secrets.view(A, id)).rejects.toSatisfy(notFound);
    }

    const lists = [
      ...(await repos.integrations.list(A)),
      ...(await repos.inboxes.list(A)),
      ...(await repos.messages.list(A)),
      ...(await repos.drafts.list(A)),
      ...(await repos.audit.list(A)),
    ];
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((row) => row.workspaceId === A)).toBe(true);
    expect((await repos.settings.get(A)).businessName).toBe(`Business ${A}`);
    expect(await repos.inboxes.byAddress(A, `imap-${b.workspaceId}@x.example`)).toBeNull();
  });

  it("never change workspace B's rows through workspace A", async () => {
    const { repos, db } = store();
    const a = await seedTenant(repos);
    const b = await seedTenant(repos);
    const A = a.workspaceId;
    const snapshot = async () => ({
      integration: await repos.integrations.getWithSecret(b.workspaceId, b.integrationId),
      inbox: await repos.inboxes.getWithSecret(b.workspaceId, b.mailboxId),
      message: await repos.messages.get(b.workspaceId, b.messageId),
      draft: await repos.drafts.get(b.workspaceId, b.draftId),
      settings: await repos.settings.get(b.workspaceId),
      secrets: await db.kysely.selectFrom('secrets').selectAll().where('workspace_id', '=', b.workspaceId).execute(),
    });
    const before = await snapshot();

    const attempts: Array<() => Promise<unknown>> = [
      () => repos.integrations.markBroken(A, b.integrationId, 'x'),
      () => repos.integrations.markChecked(A, b.integrationId, { scopes: [] }),
      () => repos.integrations.disconnect(A, b.integrationId),
      () => repos.inboxes.update(A, b.mailboxId, { name: 'stolen', password: 'new' }),
      () => repos.inboxes.remove(A, b.mailboxId),
      () => repos.messages.setState(A, b.messageId, 'skipped', 'x'),
      () => repos.messages.setUnderstanding(A, b.messageId, { intent: 'other', language: 'de' }),
      () =>
        repos.messages.storeIncoming(A, b.inboxId, {
          messageId: '<x>',
          fromAddress: 'c@x.example',
          subject: 's',
          receivedAt: new Date(),
          raw: 'r',
        }),
      () => repos.drafts.saveDraftForMessage(A, b.messageId, { subject: 's', text: 't', composer: 'builtin' }),
      () => repos.drafts.updateText(A, b.draftId, { text: 'stolen' }),
      () => repos.drafts.setStatus(A, b.draftId, 'approved'),
      () => repos.inboxes.create(A, { name: 'x', address: 'new@x.example', storeIntegrationId: b.integrationId }),
      ...before.secrets.flatMap((s) => [
        () => repos.secrets.replace(A, s.id, 'stolen-value'),
        () => repos.secrets.remove(A, s.id),
      ]),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toSatisfy(notFound);

    await repos.settings.update(A, { tone: 'formal' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuse cross-tenant links in the schema itself (composite foreign keys)', async () => {
    const { repos, db } = store();
    const a = await seedTenant(repos);
    const b = await seedTenant(repos);
    const at = new Date().toISOString();
    const forged = db.kysely
      .insertInto('messages')
      .values({
        workspace_id: a.workspaceId,
        inbox_id: b.inboxId,
        message_id: '<forged>',
        thread_key: '<forged>',
        from_address: 'x@x.example',
        subject: '',
        received_at: at,
        raw: Buffer.from(''),
        state: 'received',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await expect(forged).rejects.toSatisfy(isForeignKeyViolation);

    const { message: undrafted } = await repos.messages.storeIncoming(b.workspaceId, b.inboxId, {
      messageId: '<no-draft-yet@x.example>',
      fromAddress: 'c@x.example',
      subject: 's',
      receivedAt: new Date(),
      raw: 'r',
    });
    const moved = db.kysely
      .updateTable('drafts')
      .set({ message_id: undrafted.id })
      .where('id', '=', a.draftId)
      .execute();
    await expect(moved).rejects.toSatisfy(isForeignKeyViolation);
  });
});
