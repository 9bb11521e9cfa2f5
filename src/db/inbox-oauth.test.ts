/**
 * Migration 017 on both databases: sign-in flows are single use, bound to the session that
 * started them and expire; an inbox connected by OAuth keeps its refresh token encrypted in the
 * credential slot (never as a password); "needs reconnect" is marked once; replies that waited
 * for a reconnect are scheduled again, each with its own job.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { SEND_DRAFT_JOB, WAITING_RECONNECT_PREFIX } from './index.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

const SERVER = { host: 'imap.gmail.com', port: 993, secure: true, user: 'help@oauth-repo.example' };

withTestDatabases('inbox sign-in storage', (store) => {
  it('takes a flow once, only from its session, and never after it expired', async () => {
    const { repos, db } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const user = await repos.users.create({ email: `flow-${workspaceId}@x.example`, name: 'Owner' });
    const flow = {
      workspaceId,
      userId: user.id,
      sessionHash: 'session-a',
      provider: 'google' as const,
      nonce: 'n-1',
      codeVerifier: 'verifier-with-enough-entropy-0123456789',
      reconnectInboxId: null,
      ttlMs: 600_000,
    };
    await repos.oauthFlows.begin({ ...flow, state: 'state-1' });
    await repos.oauthFlows.begin({ ...flow, state: 'state-2', ttlMs: -1 });
    const stored = await sql<{
      state_hash: string;
      code_verifier: string;
    }>`select state_hash, code_verifier from oauth_flows`.execute(db.kysely);
    expect(JSON.stringify(stored.rows)).not.toContain('state-1');
    expect(JSON.stringify(stored.rows)).not.toContain(flow.codeVerifier);

    expect(await repos.oauthFlows.take(workspaceId, 'state-1', 'session-b')).toEqual({ refused: 'other_session' });
    const taken = await repos.oauthFlows.take(workspaceId, 'state-1', 'session-a');
    expect(taken).toEqual({
      flow: {
        provider: 'google',
        userId: user.id,
        nonce: 'n-1',
        codeVerifier: flow.codeVerifier,
        reconnectInboxId: null,
      },
    });
    expect(await repos.oauthFlows.take(workspaceId, 'state-1', 'session-a')).toEqual({ refused: 'used' });
    expect(await repos.oauthFlows.take(workspaceId, 'state-2', 'session-a')).toEqual({ refused: 'expired' });
    expect(await repos.oauthFlows.take(workspaceId + 1_000, 'state-1', 'session-a')).toEqual({ refused: 'unknown' });
  });

  it('saves a signed-in inbox with its refresh token as the credential, rotates it, and marks needs-reconnect once', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const { inbox, created } = await repos.inboxes.connectOAuth(workspaceId, {
      provider: 'google',
      address: SERVER.user,
      name: SERVER.user,
      imap: SERVER,
      smtp: { ...SERVER, host: 'smtp.gmail.com', port: 465 },
      refreshToken: 'refresh-token-1-abcdefgh',
    });
    expect(created).toBe(true);
    expect(inbox).toMatchObject({ oauthProvider: 'google', needsReconnect: null, passwordSet: true });
    expect(await repos.inboxes.getWithSecret(workspaceId, inbox.id)).toMatchObject({
      password: null,
      refreshToken: 'refresh-token-1-abcdefgh',
    });
    await expect(repos.inboxes.update(workspaceId, inbox.id, { password: 'typed' })).rejects.toThrow(/reconnect/);

    await repos.inboxes.replaceRefreshToken(workspaceId, inbox.id, 'refresh-token-2-abcdefgh');
    expect((await repos.inboxes.getWithSecret(workspaceId, inbox.id)).refreshToken).toBe('refresh-token-2-abcdefgh');

    expect(await repos.inboxes.markNeedsReconnect(workspaceId, inbox.id, 'Google refused (invalid_grant).')).toBe(true);
    expect(await repos.inboxes.markNeedsReconnect(workspaceId, inbox.id, 'again')).toBe(false);
    expect((await repos.inboxes.get(workspaceId, inbox.id)).needsReconnect?.reason).toBe(
      'Google refused (invalid_grant).',
    );

    // Signing in again clears it, keeps the inbox (and its forwarding address).
    const again = await repos.inboxes.connectOAuth(workspaceId, {
      provider: 'google',
      address: SERVER.user.toUpperCase(),
      name: 'ignored',
      imap: SERVER,
      smtp: SERVER,
      refreshToken: 'refresh-token-3-abcdefgh',
    });
    expect(again.created).toBe(false);
    expect(again.inbox).toMatchObject({ id: inbox.id, needsReconnect: null, forwardingToken: inbox.forwardingToken });
  });

  it('schedules every reply that waited for the reconnect again, with its approver', async () => {
    const { repos, db } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const stored = await repos.messages.storeIncoming(workspaceId, inboxId, {
      messageId: `wait-${workspaceId}@x.example`,
      threadKey: 't',
      fromAddress: 'c@x.example',
      fromName: null,
      subject: 'Order?',
      receivedAt: new Date(),
      raw: 'raw',
    });
    const draft = await repos.drafts.saveDraftForMessage(workspaceId, stored.message.id, {
      subject: 'Re: Order?',
      text: 'Hi',
      composer: 'builtin',
    });
    await repos.drafts.schedule(workspaceId, draft.id, { token: 'tok-1', sendAt: new Date(), actor: 'user:7' });
    expect(
      await repos.drafts.setApprovedReason(workspaceId, draft.id, 'scheduled', `${WAITING_RECONNECT_PREFIX}user:7`),
    ).toBe(true);
    expect(await repos.queue.queueOf(workspaceId, stored.message.id)).toBe('attention');

    expect(await repos.drafts.resumeWaitingForReconnect(workspaceId, inboxId)).toBe(1);
    expect(await repos.drafts.resumeWaitingForReconnect(workspaceId, inboxId)).toBe(0);
    const resumed = await repos.drafts.get(workspaceId, draft.id);
    expect(resumed).toMatchObject({ status: 'approved', statusReason: 'scheduled', sendToken: 'tok-1' });
    const sends = await sql<{
      payload: string | Record<string, unknown>;
    }>`select payload from jobs where kind = ${SEND_DRAFT_JOB} order by id`.execute(db.kysely);
    const last = sends.rows.at(-1)?.payload;
    expect(typeof last === 'string' ? JSON.parse(last) : last).toEqual({
      draftId: draft.id,
      messageId: stored.message.id,
      token: 'tok-1',
      actor: 'user:7',
    });
  });
});
