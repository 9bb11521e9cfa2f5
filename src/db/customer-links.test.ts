import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

const connect = { storeHash: 'abc123', storeName: 'Acme', accessToken: 'bc-token-abcdefgh', scopes: ['a'] };

withTestDatabases('customer links', (store) => {
  async function setUp() {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'cli');
    const integration = await repos.integrations.saveConnected(workspaceId, connect);
    const agent = await repos.users.create({ email: `agent-${workspaceId}@x.example`, name: 'Ana Agent' });
    await repos.users.setMembership(workspaceId, agent.id, 'agent');
    return { repos, workspaceId, inboxId, integrationId: integration.id, agentId: agent.id };
  }

  it('link a conversation, read it back with who linked it, re-link it, and unlink it', async () => {
    const { repos, workspaceId, inboxId, integrationId, agentId } = await setUp();
    const conversation = { inboxId, threadKey: '<t1@customer.example>' };
    expect(await repos.customerLinks.get(workspaceId, conversation)).toBeNull();

    const linked = await repos.customerLinks.link(workspaceId, {
      ...conversation,
      integrationId,
      customerId: 42,
      linkedBy: agentId,
    });
    expect(linked).toMatchObject({
      workspaceId,
      ...conversation,
      integrationId,
      customerId: 42,
      linkedBy: agentId,
      linkedByName: 'Ana Agent',
    });
    expect(Date.parse(linked.linkedAt)).not.toBeNaN();

    // One link per conversation: linking again replaces the customer.
    await repos.customerLinks.link(workspaceId, { ...conversation, integrationId, customerId: 7, linkedBy: agentId });
    expect((await repos.customerLinks.get(workspaceId, conversation))?.customerId).toBe(7);
    // Another conversation of the same inbox has no link.
    expect(await repos.customerLinks.get(workspaceId, { inboxId, threadKey: '<t2@customer.example>' })).toBeNull();

    expect((await repos.customerLinks.unlink(workspaceId, conversation))?.customerId).toBe(7);
    expect(await repos.customerLinks.get(workspaceId, conversation)).toBeNull();
    expect(await repos.customerLinks.unlink(workspaceId, conversation)).toBeNull();
  });

  it('refuse another workspace’s inbox or store, a bad customer id, and keep links per workspace', async () => {
    const a = await setUp();
    const { repos } = a;
    const b = await seedWorkspace(repos);
    const conversation = { inboxId: a.inboxId, threadKey: '<t@x>' };
    const input = { ...conversation, integrationId: a.integrationId, customerId: 1, linkedBy: a.agentId };
    await expect(repos.customerLinks.link(b.workspaceId, input)).rejects.toSatisfy((e) => isDbError(e, 'not_found'));
    await expect(repos.customerLinks.link(a.workspaceId, { ...input, inboxId: b.inboxId })).rejects.toBeTruthy();
    await expect(repos.customerLinks.link(a.workspaceId, { ...input, customerId: 0 })).rejects.toSatisfy((e) =>
      isDbError(e, 'invalid_input'),
    );
    await repos.customerLinks.link(a.workspaceId, input);
    expect(await repos.customerLinks.get(b.workspaceId, conversation)).toBeNull();
    expect(await repos.customerLinks.unlink(b.workspaceId, conversation)).toBeNull();
    expect(await repos.customerLinks.get(a.workspaceId, conversation)).not.toBeNull();
  });

  it('go away with the store, and keep the link (without a name) when the agent’s account is deleted', async () => {
    const { repos, db } = store();
    const { workspaceId, inboxId, integrationId, agentId } = await setUp();
    const conversation = { inboxId, threadKey: '<gone@x>' };
    await repos.customerLinks.link(workspaceId, { ...conversation, integrationId, customerId: 3, linkedBy: agentId });
    await db.kysely.deleteFrom('users').where('id', '=', agentId).execute();
    expect(await repos.customerLinks.get(workspaceId, conversation)).toMatchObject({
      linkedBy: null,
      linkedByName: null,
    });
    await repos.integrations.disconnect(workspaceId, integrationId);
    expect(await repos.customerLinks.get(workspaceId, conversation)).toBeNull();
  });
});
