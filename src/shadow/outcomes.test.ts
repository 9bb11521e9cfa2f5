/** Autonomy with storage, on SQLite and PostgreSQL: outcomes, switching on (earned) and off (fallen). */
import { expect, it } from 'vitest';
import { canSwitchOn } from '../assistant/autonomy.js';
import type { Repositories } from '../db/index.js';
import { seedWorkspace, withTestDatabases } from '../db/test-databases.js';
import { applyAutonomy, autonomyNotices, autonomyStats, recordSentReply } from './outcomes.js';

const DRAFT =
  'Hi Jane,\n\nYour order #100 shipped with USPS. Tracking number: 9400111899223197428490.\n\nThe Shop team';

let n = 0;
async function sentDraft(repos: Repositories, workspaceId: number, inboxId: number, text = DRAFT) {
  n += 1;
  const stored = await repos.messages.storeIncoming(workspaceId, inboxId, {
    messageId: `m${n}-${workspaceId}@example.com`,
    fromAddress: 'jane@example.com',
    fromName: 'Jane',
    subject: 'Where is my order?',
    receivedAt: new Date(),
    raw: Buffer.from(`Subject: x\r\n\r\nWhere is my order?\r\n`),
  });
  return repos.drafts.saveDraftForMessage(workspaceId, stored.message.id, {
    subject: 'Re: x',
    text,
    composer: 'builtin',
  });
}

withTestDatabases('autonomy', (store) => {
  it('records the similarity of a sent draft against the draft as composed, once per draft', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const draft = await sentDraft(repos, workspaceId, inboxId);
    const edited = await repos.drafts.updateText(workspaceId, draft.id, { text: `${DRAFT}\nHave a nice day!` });
    expect(await repos.autonomy.originalDraftText(workspaceId, draft.id)).toBe(DRAFT);
    const first = await recordSentReply(repos, workspaceId, {
      draftId: draft.id,
      intent: 'order_status',
      sentText: edited.text,
    });
    expect(first.recorded).toBe(true);
    expect(first.similarity).toBeGreaterThan(0.8);
    expect(first.similarity).toBeLessThan(0.98);
    const again = await recordSentReply(repos, workspaceId, {
      draftId: draft.id,
      intent: 'order_status',
      sentText: edited.text,
    });
    expect(again.recorded).toBe(false);
    expect(await repos.autonomy.recentOutcomes(workspaceId)).toHaveLength(1);
    // An unknown intent, or no original to compare with, does not count.
    expect(
      (await recordSentReply(repos, workspaceId, { draftId: null, intent: 'bogus', sentText: 'x' })).recorded,
    ).toBe(false);
    expect(
      (await recordSentReply(repos, workspaceId, { draftId: 999_999, intent: 'other', sentText: 'x' })).recorded,
    ).toBe(false);
  });

  it('earns auto-send after enough accepted replies, and switches it off when edits drop acceptance', async () => {
    const { repos, clock } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    await repos.settings.update(workspaceId, { mode: 'auto', autonomy: { lastN: 20, threshold: 0.8 } });
    const send = async (intent: string, sentText: string, automatic = false) => {
      clock.advance(1_000);
      const draft = await sentDraft(repos, workspaceId, inboxId);
      return recordSentReply(repos, workspaceId, { draftId: draft.id, intent, sentText, automatic });
    };
    const allowed = async (intent: 'order_status' | 'refund_request') => {
      const settings = await repos.settings.get(workspaceId);
      return canSwitchOn(settings, await autonomyStats(repos, workspaceId, settings), intent);
    };

    expect((await allowed('order_status')).allowed).toBe(false);
    for (let i = 0; i < 19; i += 1) await send('order_status', DRAFT);
    expect(await allowed('order_status')).toMatchObject({ allowed: false });
    await send('order_status', DRAFT);
    expect(await allowed('order_status')).toMatchObject({ allowed: true });
    // Automatic sends are recorded but are not evidence.
    await send('order_status', 'something else entirely', true);
    expect((await autonomyStats(repos, workspaceId)).order_status).toMatchObject({ drafts: 20, accepted: 20 });

    for (let i = 0; i < 5; i += 1) await send('refund_request', DRAFT);
    expect((await allowed('refund_request')).allowed).toBe(false);

    await repos.settings.update(workspaceId, { autoSendIntents: ['order_status'] });
    const rewritten = 'Sorry for the delay, a colleague will call you tomorrow about your parcel.';
    for (let i = 0; i < 4; i += 1) expect((await send('order_status', rewritten)).switchedOff).toEqual([]); // 16 of 20: 80%
    const fell = await send('order_status', rewritten); // 15 of 20: 75%
    expect(fell.switchedOff).toEqual(['order_status']);
    expect((await repos.settings.get(workspaceId)).autoSendIntents).toEqual([]);
    const audit = await repos.audit.list(workspaceId, { action: 'autonomy.switched_off' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'system', target: 'intent:order_status' });
    const notices = await autonomyNotices(repos, workspaceId, { now: clock.now() });
    expect(notices[0]).toMatchObject({ intent: 'order_status' });
    expect(notices[0]?.reason).toMatch(/75% .* below the 80% threshold/);
    expect(await applyAutonomy(repos, workspaceId)).toEqual([]);
  });

  it('counts shadow-run pairs as evidence while live data is short, newest run per email', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    await repos.settings.update(workspaceId, { autonomy: { lastN: 20, threshold: 0.9 } });
    const item = (id: string, similarity: number, position: number) => ({
      position,
      emailMessageId: id,
      fromAddress: 'jane@example.com',
      subject: 'Where?',
      receivedAt: '2026-05-01T09:00:00.000Z',
      intent: 'shipping_tracking',
      language: 'en',
      skippedReason: null,
      draftText: 'draft',
      wouldSend: false,
      deliveryReason: null,
      teamReplyText: 'reply',
      teamReplyMessageId: `r-${id}`,
      teamRepliedAt: '2026-05-01T10:00:00.000Z',
      matchKind: 'in-reply-to',
      similarity,
    });
    const older = await repos.shadow.createRun(workspaceId, { inboxId, folder: 'INBOX', createdBy: 'cli' });
    await repos.shadow.addItems(workspaceId, older.id, [item('a', 0.1, 1), item('b', 0.1, 2)]);
    await repos.shadow.finishRun(workspaceId, older.id, { emails: 2, summary: {} });
    const newer = await repos.shadow.createRun(workspaceId, {
      inboxId,
      folder: 'INBOX',
      since: '2026-04-01',
      createdBy: 'cli',
    });
    // The gate's minimum window is 20 replies: 17 more accepted pairs fill it.
    const filler = Array.from({ length: 17 }, (_, i) => item(`n${i}`, 1, i + 4));
    await repos.shadow.addItems(workspaceId, newer.id, [
      item('a', 1, 1),
      item('b', 0.99, 2),
      item('c', 0.95, 3),
      ...filler,
    ]);
    await repos.shadow.finishRun(workspaceId, newer.id, { emails: 20, summary: { total: { emails: 20 } } });
    // A run still going, or failed, is not evidence.
    const failed = await repos.shadow.createRun(workspaceId, { inboxId, folder: 'X', createdBy: 'cli' });
    await repos.shadow.addItems(workspaceId, failed.id, [item('d', 0.1, 1)]);
    await repos.shadow.failRun(workspaceId, failed.id, 'IMAP server: no such folder\nsecond line');

    expect((await repos.shadow.listRuns(workspaceId)).map((r) => [r.id, r.status])).toEqual([
      [failed.id, 'failed'],
      [newer.id, 'done'],
      [older.id, 'done'],
    ]);
    expect((await repos.shadow.getRun(workspaceId, failed.id)).error).toBe('IMAP server: no such folder');
    expect(
      (await repos.shadow.items(workspaceId, newer.id)).slice(0, 3).map((i) => [i.emailMessageId, i.similarity]),
    ).toEqual([
      ['a', 1],
      ['b', 0.99],
      ['c', 0.95],
    ]);
    const stats = await autonomyStats(repos, workspaceId);
    expect(stats.shipping_tracking).toMatchObject({ drafts: 20, accepted: 20, fromShadow: 20 });
    const settings = await repos.settings.get(workspaceId);
    expect(canSwitchOn(settings, stats, 'shipping_tracking').allowed).toBe(true);

    // Scoped: another workspace sees neither the runs nor the evidence.
    const other = await seedWorkspace(repos);
    await expect(repos.shadow.getRun(other.workspaceId, newer.id)).rejects.toThrow(/not found/i);
    await expect(repos.shadow.items(other.workspaceId, newer.id)).rejects.toThrow(/not found/i);
    await expect(repos.shadow.addItems(other.workspaceId, newer.id, [item('z', 1, 1)])).rejects.toThrow(/not found/i);
    expect(await repos.shadow.evidence(other.workspaceId)).toEqual([]);
    await expect(
      repos.shadow.createRun(other.workspaceId, { inboxId, folder: 'INBOX', createdBy: 'cli' }),
    ).rejects.toThrow(/not found/i);
  });
});
