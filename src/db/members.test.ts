/**
 * Members, invitations and password resets on both engines: the last owner stays, links are
 * stored hashed, work once, and expire; a reset ends every session of the user.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import { hashToken } from './repositories/auth.js';
import { seedWorkspace, uniqueSlug, withTestDatabases } from './test-databases.js';

const HOUR = 3_600_000;

withTestDatabases('members and one-time links', (store) => {
  async function member(workspaceId: number, role: 'owner' | 'agent') {
    const { repos } = store();
    const user = await repos.users.create({ email: `${uniqueSlug(role)}@x.example`, name: role });
    await repos.users.setMembership(workspaceId, user.id, role);
    return user;
  }

  async function session(workspaceId: number, userId: number, value: string) {
    const { repos, clock } = store();
    const idHash = hashToken(value);
    await repos.auth.createSession(workspaceId, {
      idHash,
      userId,
      csrfToken: 'csrf',
      expiresAt: new Date(clock.now().getTime() + HOUR),
    });
    return idHash;
  }

  it('the last owner can be neither demoted nor removed; with a second owner both work', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const first = await member(workspaceId, 'owner');
    const agent = await member(workspaceId, 'agent');
    const lastOwner = (e: unknown) => isDbError(e, 'last_owner');
    await expect(repos.users.setMembership(workspaceId, first.id, 'agent')).rejects.toSatisfy(lastOwner);
    await expect(repos.users.removeMembership(workspaceId, first.id)).rejects.toSatisfy(lastOwner);
    expect(await repos.users.role(workspaceId, first.id)).toBe('owner');
    // Agents come and go freely.
    await repos.users.removeMembership(workspaceId, agent.id);
    expect(await repos.users.role(workspaceId, agent.id)).toBeNull();

    const second = await member(workspaceId, 'owner');
    await repos.users.setMembership(workspaceId, first.id, 'agent');
    expect(await repos.users.role(workspaceId, first.id)).toBe('agent');
    await expect(repos.users.removeMembership(workspaceId, second.id)).rejects.toSatisfy(lastOwner);
    await repos.users.setMembership(workspaceId, first.id, 'owner');
    await repos.users.removeMembership(workspaceId, second.id);
    expect((await repos.users.listMembers(workspaceId)).map((m) => [m.user.id, m.role])).toEqual([[first.id, 'owner']]);
  });

  it('removing a member ends their sessions in that workspace only', async () => {
    const { repos } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    await member(a.workspaceId, 'owner');
    const agent = await member(a.workspaceId, 'agent');
    await repos.users.setMembership(b.workspaceId, agent.id, 'agent');
    const inA = await session(a.workspaceId, agent.id, `${uniqueSlug()}-a`);
    const inB = await session(b.workspaceId, agent.id, `${uniqueSlug()}-b`);
    await repos.users.removeMembership(a.workspaceId, agent.id);
    expect(await repos.auth.sessionByIdHash(inA)).toBeNull();
    expect(await repos.auth.sessionByIdHash(inB)).not.toBeNull();
  });

  it('invitations: hashed token, single use, the invited role, and no second pending one per address', async () => {
    const { repos, db, clock } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const owner = await member(workspaceId, 'owner');
    const email = `${uniqueSlug('new')}@Invitee.example`;
    const token = `invite-${uniqueSlug()}`;
    const first = await repos.invitations.create(workspaceId, {
      email,
      role: 'agent',
      tokenHash: hashToken(`${token}-old`),
      invitedBy: owner.id,
      expiresAt: new Date(clock.now().getTime() + HOUR),
    });
    const invitation = await repos.invitations.create(workspaceId, {
      email,
      role: 'agent',
      tokenHash: hashToken(token),
      invitedBy: owner.id,
      expiresAt: new Date(clock.now().getTime() + HOUR),
    });
    expect(invitation.email).toBe(email.toLowerCase());
    // Inviting the same address again replaces the older link.
    expect((await repos.invitations.listPending(workspaceId)).map((i) => i.id)).toEqual([invitation.id]);
    expect(await repos.invitations.byTokenHash(hashToken(`${token}-old`))).toBeNull();
    expect(first.id).not.toBe(invitation.id);

    const stored = await sql<{
      token_hash: string;
    }>`select token_hash from invitations where id = ${invitation.id}`.execute(db.kysely);
    expect(stored.rows[0]?.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    await expect(
      repos.invitations.create(workspaceId, {
        email: 'x@y.example',
        role: 'agent',
        tokenHash: token,
        invitedBy: owner.id,
        expiresAt: new Date(clock.now().getTime() + HOUR),
      }),
    ).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));

    expect((await repos.invitations.byTokenHash(hashToken(token)))?.id).toBe(invitation.id);
    const accepted = await repos.invitations.accept(hashToken(token), { name: 'Nia', passwordHash: '$argon2id$x' });
    expect(accepted).toMatchObject({ workspaceId, role: 'agent', created: true });
    expect(accepted.user).toMatchObject({ email: email.toLowerCase(), name: 'Nia', hasPassword: true });
    expect(await repos.users.role(workspaceId, accepted.user.id)).toBe('agent');
    await expect(
      repos.invitations.accept(hashToken(token), { name: 'Again', passwordHash: '$argon2id$y' }),
    ).rejects.toSatisfy((e) => isDbError(e, 'link_invalid'));
    expect(await repos.invitations.byTokenHash(hashToken(token))).toBeNull();
    expect(await repos.invitations.listPending(workspaceId)).toEqual([]);
    expect((await repos.users.credentialsByEmail(email))?.passwordHash).toBe('$argon2id$x');

    // A member cannot be invited again.
    await expect(
      repos.invitations.create(workspaceId, {
        email,
        role: 'owner',
        tokenHash: hashToken(`${token}-2`),
        invitedBy: owner.id,
        expiresAt: new Date(clock.now().getTime() + HOUR),
      }),
    ).rejects.toSatisfy((e) => isDbError(e, 'conflict'));
  });

  it('invitations expire and can be revoked; an existing account joins without its password changing', async () => {
    const { repos, clock } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const owner = await member(workspaceId, 'owner');
    const existing = await repos.users.create({
      email: `${uniqueSlug('has')}@x.example`,
      name: 'Has Account',
      passwordHash: '$argon2id$kept',
    });
    const invite = (email: string, token: string, role: 'owner' | 'agent' = 'agent') =>
      repos.invitations.create(workspaceId, {
        email,
        role,
        tokenHash: hashToken(token),
        invitedBy: owner.id,
        expiresAt: new Date(clock.now().getTime() + HOUR),
      });
    const expiring = `exp-${uniqueSlug()}`;
    await invite(`${uniqueSlug('late')}@x.example`, expiring);
    clock.advance(HOUR + 1);
    try {
      expect(await repos.invitations.byTokenHash(hashToken(expiring))).toBeNull();
      await expect(
        repos.invitations.accept(hashToken(expiring), { name: 'Late', passwordHash: '$argon2id$z' }),
      ).rejects.toSatisfy((e) => isDbError(e, 'link_invalid'));
    } finally {
      clock.advance(-(HOUR + 1));
    }

    const revoked = `rev-${uniqueSlug()}`;
    const r = await invite(`${uniqueSlug('rev')}@x.example`, revoked);
    await repos.invitations.revoke(workspaceId, r.id);
    await expect(repos.invitations.revoke(workspaceId, r.id)).rejects.toSatisfy((e) => isDbError(e, 'not_found'));
    await expect(
      repos.invitations.accept(hashToken(revoked), { name: 'Rev', passwordHash: '$argon2id$z' }),
    ).rejects.toSatisfy((e) => isDbError(e, 'link_invalid'));

    const joining = `join-${uniqueSlug()}`;
    await invite(existing.email, joining, 'owner');
    const accepted = await repos.invitations.accept(hashToken(joining), {
      name: 'Other',
      passwordHash: '$argon2id$new',
    });
    expect(accepted).toMatchObject({ created: false, role: 'owner' });
    expect(accepted.user.id).toBe(existing.id);
    expect((await repos.users.credentialsByEmail(existing.email))?.passwordHash).toBe('$argon2id$kept');
    expect(await repos.users.role(workspaceId, existing.id)).toBe('owner');

    // Another workspace cannot revoke this one's invitations.
    const other = await seedWorkspace(repos);
    const mine = await invite(`${uniqueSlug('mine')}@x.example`, `mine-${uniqueSlug()}`);
    await expect(repos.invitations.revoke(other.workspaceId, mine.id)).rejects.toSatisfy((e) =>
      isDbError(e, 'not_found'),
    );
  });

  it('password resets: hashed, newest link only, single use, expire, and end every session', async () => {
    const { repos, db, clock } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    const user = await member(a.workspaceId, 'owner');
    await repos.users.setMembership(b.workspaceId, user.id, 'agent');
    const sessions = [
      await session(a.workspaceId, user.id, `${uniqueSlug()}-1`),
      await session(b.workspaceId, user.id, `${uniqueSlug()}-2`),
    ];
    const bystander = await member(a.workspaceId, 'agent');
    const theirs = await session(a.workspaceId, bystander.id, `${uniqueSlug()}-3`);

    const older = `reset-old-${uniqueSlug()}`;
    const token = `reset-${uniqueSlug()}`;
    const expiresAt = () => new Date(clock.now().getTime() + 30 * 60_000);
    await repos.passwordResets.create(user.id, { tokenHash: hashToken(older), expiresAt: expiresAt() });
    await repos.passwordResets.create(user.id, { tokenHash: hashToken(token), expiresAt: expiresAt() });
    expect(await repos.passwordResets.userIdByTokenHash(hashToken(older))).toBeNull();
    expect(await repos.passwordResets.userIdByTokenHash(hashToken(token))).toBe(user.id);
    const stored = await sql<{
      token_hash: string;
    }>`select token_hash from password_resets where user_id = ${user.id}`.execute(db.kysely);
    expect(stored.rows.map((r) => r.token_hash)).toEqual([hashToken(token)]);

    const used = await repos.passwordResets.use(hashToken(token), '$argon2id$reset');
    expect(used).toEqual({ userId: user.id, sessionsEnded: 2 });
    for (const s of sessions) expect(await repos.auth.sessionByIdHash(s)).toBeNull();
    expect(await repos.auth.sessionByIdHash(theirs)).not.toBeNull();
    expect((await repos.users.credentialsByEmail(user.email))?.passwordHash).toBe('$argon2id$reset');
    await expect(repos.passwordResets.use(hashToken(token), '$argon2id$again')).rejects.toSatisfy((e) =>
      isDbError(e, 'link_invalid'),
    );
    expect((await repos.users.credentialsByEmail(user.email))?.passwordHash).toBe('$argon2id$reset');

    const late = `reset-late-${uniqueSlug()}`;
    await repos.passwordResets.create(user.id, { tokenHash: hashToken(late), expiresAt: expiresAt() });
    clock.advance(30 * 60_000 + 1);
    try {
      await expect(repos.passwordResets.use(hashToken(late), '$argon2id$late')).rejects.toSatisfy((e) =>
        isDbError(e, 'link_invalid'),
      );
    } finally {
      clock.advance(-(30 * 60_000 + 1));
    }
    expect((await repos.users.credentialsByEmail(user.email))?.passwordHash).toBe('$argon2id$reset');
  });
});
