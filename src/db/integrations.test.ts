import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

const TOKEN = 'bc-access-token-SECRET-wxyz';
const connect = { storeHash: 'abc123', storeName: 'Acme', accessToken: TOKEN, scopes: ['b', 'a', 'a'] };

withTestDatabases('integrations', (store) => {
  it('refuse to connect until an operator enabled the integration for the workspace', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    expect(await repos.workspaces.isIntegrationEnabled(workspaceId, 'bigcommerce')).toBe(false);
    await expect(repos.integrations.saveConnected(workspaceId, connect)).rejects.toSatisfy((e) =>
      isDbError(e, 'integration_not_enabled'),
    );
    const enabled = await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'cli');
    expect(enabled).toMatchObject({ kind: 'bigcommerce', enabledBy: 'cli' });
    await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'user:9');
    expect(await repos.workspaces.listEnabledIntegrations(workspaceId)).toEqual([enabled]);
    expect((await repos.integrations.saveConnected(workspaceId, connect)).status).toBe('connected');

    await repos.workspaces.disableIntegration(workspaceId, 'bigcommerce');
    expect(await repos.workspaces.isIntegrationEnabled(workspaceId, 'bigcommerce')).toBe(false);
    await expect(repos.integrations.saveConnected(workspaceId, connect)).rejects.toSatisfy((e) =>
      isDbError(e, 'integration_not_enabled'),
    );
  });

  it('return only a masked token, and decrypt it only through getWithSecret', async () => {
    const { repos, db } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'cli');
    const view = await repos.integrations.saveConnected(workspaceId, connect);
    expect(view).toMatchObject({
      storeHash: 'abc123',
      storeName: 'Acme',
      scopes: ['a', 'b'],
      accessTokenMasked: '••••wxyz',
    });
    expect(JSON.stringify(view)).not.toContain('SECRET');
    expect(JSON.stringify(await repos.integrations.list(workspaceId))).not.toContain('SECRET');
    expect((await repos.integrations.getWithSecret(workspaceId, view.id)).accessToken).toBe(TOKEN);

    const rows = await db.kysely
      .selectFrom('integrations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .execute();
    const secrets = await db.kysely.selectFrom('secrets').selectAll().where('workspace_id', '=', workspaceId).execute();
    expect(JSON.stringify([rows, secrets])).not.toContain('SECRET');
  });

  it('refresh the token of a store that is connected again instead of adding a second row', async () => {
    const { repos, db } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'cli');
    const first = await repos.integrations.saveConnected(workspaceId, connect);
    await repos.integrations.markBroken(workspaceId, first.id, 'Token revoked (401)');
    const again = await repos.integrations.saveConnected(workspaceId, {
      ...connect,
      accessToken: 'new-token-0000-1111',
    });
    expect(again).toMatchObject({
      id: first.id,
      status: 'connected',
      statusReason: null,
      accessTokenMasked: '••••1111',
    });
    expect(await repos.integrations.list(workspaceId)).toHaveLength(1);
    const secrets = await db.kysely
      .selectFrom('secrets')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .execute();
    expect(secrets).toHaveLength(1);
  });

  it('record re-tests: broken with a reason, then connected again with new scopes', async () => {
    const { repos, clock } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'cli');
    const view = await repos.integrations.saveConnected(workspaceId, connect);
    clock.advance(60_000);
    const broken = await repos.integrations.markBroken(workspaceId, view.id, 'Missing scope: Orders read');
    expect(broken).toMatchObject({ status: 'broken', statusReason: 'Missing scope: Orders read' });
    expect(broken.lastCheckedAt! > view.lastCheckedAt!).toBe(true);
    const fixed = await repos.integrations.markChecked(workspaceId, view.id, {
      scopes: ['orders'],
      storeName: 'Acme 2',
    });
    expect(fixed).toMatchObject({ status: 'connected', statusReason: null, scopes: ['orders'], storeName: 'Acme 2' });
  });

  it('disconnect: delete the integration and its secret, and unlink inboxes', async () => {
    const { repos, db } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'cli');
    const view = await repos.integrations.saveConnected(workspaceId, connect);
    const inbox = await repos.inboxes.create(workspaceId, {
      name: 'Linked',
      address: 'linked@x.example',
      storeIntegrationId: view.id,
    });
    await repos.integrations.disconnect(workspaceId, view.id);
    await expect(repos.integrations.get(workspaceId, view.id)).rejects.toSatisfy((e) => isDbError(e, 'not_found'));
    expect((await repos.inboxes.get(workspaceId, inbox.id)).storeIntegrationId).toBeNull();
    const secrets = await db.kysely
      .selectFrom('secrets')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .execute();
    expect(secrets).toEqual([]);
  });
});

withTestDatabases('inboxes', (store) => {
  const imap = { host: 'imap.example.com', port: 993, secure: true, user: 'support@example.com' };

  it('keep the mail password encrypted, only "set" in views (no characters of it), readable only via getWithSecret', async () => {
    const { repos, db } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const inbox = await repos.inboxes.create(workspaceId, {
      name: 'Support',
      address: 'Help@Example.com',
      imap,
      smtp: { ...imap, host: 'smtp.example.com', port: 465 },
      password: 'imap-PASSWORD-5678',
    });
    expect(inbox).toMatchObject({ address: 'help@example.com', imap, passwordSet: true });
    expect(JSON.stringify(inbox)).not.toContain('PASSWORD');
    // Not even its last four characters.
    expect(JSON.stringify(inbox)).not.toContain('5678');
    expect(JSON.stringify(await repos.inboxes.list(workspaceId))).not.toContain('5678');
    expect((await repos.inboxes.getWithSecret(workspaceId, inbox.id)).password).toBe('imap-PASSWORD-5678');
    const raw = await db.kysely.selectFrom('inboxes').selectAll().where('id', '=', inbox.id).execute();
    expect(JSON.stringify(raw)).not.toContain('PASSWORD');
    expect((await repos.inboxes.byAddress(workspaceId, 'HELP@example.com'))?.id).toBe(inbox.id);
  });

  it('change, and remove, the password with the inbox', async () => {
    const { repos, db } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const inbox = await repos.inboxes.create(workspaceId, { name: 'A', address: 'a@example.com', imap });
    expect(inbox.passwordSet).toBe(false);
    const withPassword = await repos.inboxes.update(workspaceId, inbox.id, { password: 'first-pass-1111' });
    expect(withPassword.passwordSet).toBe(true);
    expect(JSON.stringify(withPassword)).not.toContain('1111');
    await repos.inboxes.update(workspaceId, inbox.id, { password: 'second-pass-2222', name: 'Renamed' });
    expect(await repos.inboxes.getWithSecret(workspaceId, inbox.id)).toMatchObject({
      name: 'Renamed',
      password: 'second-pass-2222',
    });
    const cleared = await repos.inboxes.update(workspaceId, inbox.id, { password: null });
    expect(cleared.passwordSet).toBe(false);
    const count = async () =>
      (await db.kysely.selectFrom('secrets').select('id').where('workspace_id', '=', workspaceId).execute()).length;
    expect(await count()).toBe(0);

    await repos.inboxes.update(workspaceId, inbox.id, { password: 'third-pass-3333' });
    await repos.inboxes.remove(workspaceId, inbox.id);
    expect(await count()).toBe(0);
  });

  it('reject invalid server settings and duplicate addresses', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await expect(
      repos.inboxes.create(workspaceId, { name: 'x', address: 'x@example.com', imap: { ...imap, port: 0 } }),
    ).rejects.toThrow(/IMAP settings: port/);
    await expect(repos.inboxes.create(workspaceId, { name: 'x', address: 'not-an-address' })).rejects.toSatisfy((e) =>
      isDbError(e, 'invalid_input'),
    );
    await repos.inboxes.create(workspaceId, { name: 'x', address: 'dup@example.com' });
    await expect(repos.inboxes.create(workspaceId, { name: 'y', address: 'DUP@example.com' })).rejects.toSatisfy((e) =>
      isDbError(e, 'conflict'),
    );
  });

  it('delete an inbox with its messages, drafts and jobs', async () => {
    const { repos, db } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const { message } = await repos.messages.storeIncoming(workspaceId, inboxId, {
      messageId: '<gone@x.example>',
      fromAddress: 'c@x.example',
      subject: 's',
      receivedAt: new Date(),
      raw: 'r',
    });
    await repos.drafts.saveDraftForMessage(workspaceId, message.id, { subject: 's', text: 't', composer: 'builtin' });
    await repos.inboxes.remove(workspaceId, inboxId);
    for (const table of ['messages', 'drafts', 'jobs'] as const) {
      const rows = await db.kysely.selectFrom(table).select('id').where('workspace_id', '=', workspaceId).execute();
      expect(rows).toEqual([]);
    }
  });
});
