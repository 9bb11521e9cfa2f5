import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import { hashToken } from './repositories/auth.js';
import { seedWorkspace, uniqueSlug, withTestDatabases } from './test-databases.js';

withTestDatabases('workspaces, users and sessions', (store) => {
  it('create workspaces with unique slugs and find them by slug', async () => {
    const { repos } = store();
    const slug = uniqueSlug();
    const ws = await repos.workspaces.create({ slug, name: 'Acme' });
    expect(await repos.workspaces.bySlug(slug.toUpperCase())).toEqual(ws);
    expect(await repos.workspaces.bySlug('nope-nope')).toBeNull();
    await expect(repos.workspaces.create({ slug, name: 'Again' })).rejects.toSatisfy((e) => isDbError(e, 'conflict'));
    await expect(repos.workspaces.create({ slug: 'Bad Slug!', name: 'x' })).rejects.toSatisfy((e) =>
      isDbError(e, 'invalid_input'),
    );
  });

  it('store emails lower-cased and unique; keep the password hash out of the user view', async () => {
    const { repos } = store();
    const email = `${uniqueSlug('Maya')}@Example.COM`;
    const user = await repos.users.create({ email, name: 'Maya', passwordHash: '$argon2id$stub' });
    expect(user).toMatchObject({ email: email.toLowerCase(), hasPassword: true });
    expect(JSON.stringify(user)).not.toContain('argon2');
    await expect(repos.users.create({ email: email.toUpperCase(), name: 'Dup' })).rejects.toSatisfy((e) =>
      isDbError(e, 'conflict'),
    );
    expect((await repos.users.byEmail(` ${email.toUpperCase()} `))?.id).toBe(user.id);
    expect((await repos.users.credentialsByEmail(email))?.passwordHash).toBe('$argon2id$stub');
  });

  it('scope roles and sessions by membership', async () => {
    const { repos, clock } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    const user = await repos.users.create({ email: `${uniqueSlug('agent')}@x.example`, name: 'Agent' });
    await repos.users.setMembership(a.workspaceId, user.id, 'agent');
    expect(await repos.users.role(a.workspaceId, user.id)).toBe('agent');
    expect(await repos.users.role(b.workspaceId, user.id)).toBeNull();
    expect((await repos.users.setMembership(a.workspaceId, user.id, 'owner')).role).toBe('owner');
    expect((await repos.users.workspacesOf(user.id)).map((w) => w.workspace.id)).toEqual([a.workspaceId]);
    expect((await repos.users.listMembers(a.workspaceId)).map((m) => m.user.id)).toEqual([user.id]);

    const idHash = hashToken('cookie-value-1');
    const expiresAt = new Date(clock.now().getTime() + 3_600_000);
    await expect(
      repos.auth.createSession(b.workspaceId, { idHash, userId: user.id, csrfToken: 'csrf', expiresAt }),
    ).rejects.toSatisfy((e) => isDbError(e, 'not_found'));
    await repos.auth.createSession(a.workspaceId, { idHash, userId: user.id, csrfToken: 'csrf', expiresAt });
    expect(await repos.auth.sessionByIdHash(idHash)).toMatchObject({ userId: user.id, workspaceId: a.workspaceId });

    clock.advance(3_600_001);
    expect(await repos.auth.sessionByIdHash(idHash)).toBeNull();
    clock.advance(-3_600_001);

    // Removing the membership ends its sessions (another owner stays: see members.test.ts).
    const other = await repos.users.create({ email: `${uniqueSlug('owner')}@x.example`, name: 'Owner' });
    await repos.users.setMembership(a.workspaceId, other.id, 'owner');
    await repos.users.removeMembership(a.workspaceId, user.id);
    expect(await repos.auth.sessionByIdHash(idHash)).toBeNull();
  });

  it('keep only the hash and last 4 of API tokens', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const token = 'snz_live_abcdefghijklmnop';
    const created = await repos.auth.createApiToken(workspaceId, {
      tokenHash: hashToken(token),
      name: 'Zapier',
      last4: token.slice(-4),
      scopes: ['send', 'read'],
    });
    expect(created.masked).toBe('••••mnop');
    expect(created.scopes).toEqual(['read', 'send']);
    expect(await repos.auth.apiTokenByHash(hashToken(token))).toEqual(created);
    expect(await repos.auth.apiTokenByHash(hashToken('other'))).toBeNull();
    await repos.auth.revokeApiToken(workspaceId, created.id);
    expect(await repos.auth.listApiTokens(workspaceId)).toEqual([]);
  });

  it('append audit entries and list them newest first, per workspace', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const other = await seedWorkspace(repos);
    await repos.audit.append(workspaceId, {
      actor: 'cli',
      action: 'integration.enabled',
      detail: { kind: 'bigcommerce' },
    });
    await repos.audit.append(workspaceId, {
      actor: 'user:3',
      action: 'integration.connected',
      target: 'integration:1',
    });
    await repos.audit.append(other.workspaceId, { actor: 'system', action: 'draft.sent' });
    const entries = await repos.audit.list(workspaceId);
    expect(entries.map((e) => e.action)).toEqual(['integration.connected', 'integration.enabled']);
    expect(entries[1]).toMatchObject({ actor: 'cli', detail: { kind: 'bigcommerce' } });
    expect(entries[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await repos.audit.list(workspaceId, { beforeId: entries[0]?.id, limit: 5 })).toHaveLength(1);
    await expect(repos.audit.append(workspaceId, { actor: 'cli', action: 'made.up' as never })).rejects.toSatisfy((e) =>
      isDbError(e, 'invalid_input'),
    );
  });
});
