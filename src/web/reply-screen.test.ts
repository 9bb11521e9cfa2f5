/**
 * The reply screen without a browser: undo send (the real `send_draft` job on the embedded
 * queue), draft versions and restore, regenerate over an edit, autosave, the work queue with its
 * states and bulk actions, unread and the title count, and redirects after every action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, rawEmail, type Harness, type Session } from './testing/harness.js';

const until = async (check: () => Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('reply screen', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  const post = (url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: { cookie: s.cookie, ...headers },
      payload: { _csrf: s.csrf, ...form },
    });
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  async function arrive(subject: string, workspace = h.a): Promise<number> {
    const { messageId } = await h.services.ingestRaw({
      workspaceId: workspace.id,
      inboxId: workspace.inboxId,
      raw: Buffer.from(rawEmail({ subject, id: `${subject.replace(/\W+/g, '-')}-${Date.now()}@example.com` })),
      source: 'http',
    });
    await h.services.settle();
    return messageId;
  }
  const draftOf = async (messageId: number) => {
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    if (!draft) throw new Error('no draft');
    return draft;
  };

  it('approve & send waits out the undo window; undo inside it leaves nothing sent', async () => {
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 1 });
    const id = await arrive('Undo me');
    const sentBefore = h.services.calls.sent.length;
    const res = await post(`/messages/${id}/send`, { subject: 'Re: Undo me', text: 'Hello\nSoon.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/messages/${id}?done=scheduled`);
    const scheduled = await draftOf(id);
    expect(scheduled.status).toBe('approved');
    expect(scheduled.sendAt).not.toBeNull();
    const page = await get(`/messages/${id}?done=scheduled`);
    expect(page.body).toContain('id="undo-send"');
    expect(page.body).toContain(`data-send-at="${scheduled.sendAt}"`);
    expect(page.body).toMatch(/id="result"[^>]*autofocus/);

    const undo = await post(`/messages/${id}/undo`);
    expect(undo.headers.location).toBe(`/messages/${id}?done=undone`);
    const back = await draftOf(id);
    expect(back.status).toBe('pending');
    expect(back.sendToken).toBeNull();
    expect(back.text).toBe('Hello\nSoon.');
    // The job wakes up after the window and finds nothing to send.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(h.services.calls.sent.length).toBe(sentBefore);
    expect((await draftOf(id)).status).toBe('pending');
    const jobs = await h.repos.jobs.listForMessage(h.a.id, id);
    expect(jobs.every((job) => job.kind !== 'send_draft')).toBe(true);
  });

  it('without undo the job sends once when the window ends; undo afterwards is refused', async () => {
    const id = await arrive('Send me later');
    await post(`/messages/${id}/send`, { subject: 'Re: Send me later', text: 'On its way.' });
    const draft = await draftOf(id);
    await until(async () => (await draftOf(id)).status === 'sent');
    expect(h.services.calls.sent.filter((d) => d === draft.id)).toHaveLength(1);
    const late = await post(`/messages/${id}/undo`);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Too late to undo');
    expect((await get(`/messages/${id}`)).body).toContain('Waiting on the customer');
  });

  it('undo, approve again: only the second approval sends, once', async () => {
    const id = await arrive('Twice approved');
    await post(`/messages/${id}/send`, { subject: 'Re: Twice approved', text: 'First try.' });
    const first = (await draftOf(id)).sendToken;
    await post(`/messages/${id}/undo`);
    await post(`/messages/${id}/send`, { subject: 'Re: Twice approved', text: 'Second try.' });
    const second = await draftOf(id);
    expect(second.sendToken).not.toBe(first);
    await until(async () => (await draftOf(id)).status === 'sent');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.services.calls.sent.filter((d) => d === second.id)).toHaveLength(1);
    expect((await draftOf(id)).text).toBe('Second try.');
  });

  it('"Send now" inside the window sends at once and the job then does nothing', async () => {
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 30 });
    const id = await arrive('Send it now');
    await post(`/messages/${id}/send`, { subject: 'Re: Send it now', text: 'Now.' });
    const draft = await draftOf(id);
    const now = await post(`/messages/${id}/send`);
    expect(now.headers.location).toBe(`/messages/${id}?done=sent`);
    expect((await draftOf(id)).status).toBe('sent');
    expect(h.services.calls.sent.filter((d) => d === draft.id)).toHaveLength(1);
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 1 });
  });

  it('keeps every version: an edit, a regenerate over it (asked first without script), and a one-click restore', async () => {
    const id = await arrive('Versions please');
    const generated = await draftOf(id);
    await post(`/messages/${id}/draft`, { subject: generated.subject, text: 'My careful edit.' });
    // Without the script, regenerate over an edit shows a confirmation page and changes nothing.
    const ask = await post(`/messages/${id}/regenerate`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Replace your edited draft?');
    expect(ask.body).toContain('name="confirm" value="yes"');
    expect((await draftOf(id)).text).toBe('My careful edit.');
    expect(h.services.calls.regenerated).not.toContain(id);
    // Confirmed: regenerated, and the edit is one click away.
    const done = await post(`/messages/${id}/regenerate`, { confirm: 'yes' });
    expect(done.headers.location).toBe(`/messages/${id}?done=regenerated`);
    expect((await draftOf(id)).text).not.toBe('My careful edit.');
    const versions = await h.repos.drafts.versions(h.a.id, generated.id);
    expect(versions.map((v) => v.kind)).toEqual(['generated', 'edited', 'generated']);
    const edit = versions[1];
    if (!edit) throw new Error('no edit version');
    expect(edit.actor).toMatch(/^user:\d+$/);
    const page = await get(`/messages/${id}`);
    expect(page.body).toContain('Versions (3)');
    expect(page.body).toContain(`/messages/${id}/versions/${edit.id}/restore`);
    expect(page.body).toContain('Owner a');
    const restore = await post(`/messages/${id}/versions/${edit.id}/restore`);
    expect(restore.headers.location).toBe(`/messages/${id}?done=restored`);
    expect((await draftOf(id)).text).toBe('My careful edit.');
    expect((await h.repos.drafts.versions(h.a.id, generated.id))[0]?.kind).toBe('restored');
  });

  it('autosave answers JSON and folds a burst of edits into one version', async () => {
    const id = await arrive('Autosave');
    const draft = await draftOf(id);
    for (const text of ['Typing', 'Typing more', 'Typing more words']) {
      const res = await post(`/messages/${id}/draft`, { subject: draft.subject, text }, { accept: 'application/json' });
      expect(res.statusCode).toBe(200);
      expect(res.json().saved).toBe(true);
    }
    const versions = await h.repos.drafts.versions(h.a.id, draft.id);
    expect(versions.map((v) => [v.kind, v.text])).toEqual([
      ['edited', 'Typing more words'],
      ['generated', draft.text],
    ]);
    // A draft that can no longer be edited is a JSON conflict, not an HTML page.
    await h.repos.drafts.setStatus(h.a.id, draft.id, 'discarded');
    const conflict = await post(
      `/messages/${id}/draft`,
      { subject: draft.subject, text: 'late' },
      { accept: 'application/json' },
    );
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.message).toContain('discarded');
  });

  it('every action redirects (no re-post on refresh) to a notice that takes focus', async () => {
    const id = await arrive('Redirects');
    const draft = await draftOf(id);
    for (const [url, form, done] of [
      [`/messages/${id}/draft`, { subject: draft.subject, text: 'x' }, 'saved'],
      [`/messages/${id}/done`, {}, 'done'],
      [`/messages/${id}/reopen`, {}, 'reopened'],
      [`/messages/${id}/discard`, {}, 'discarded'],
    ] as const) {
      const res = await post(url, form);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/messages/${id}?done=${done}`);
    }
  });

  it('the queue empties: to do → done/waiting/attention, with counts, unread and a title count', async () => {
    const fresh = await createHarness();
    try {
      const me = await login(fresh.app, fresh.a.owner);
      const req = (method: 'GET' | 'POST', url: string, form: Record<string, string | string[]> = {}) =>
        fresh.app.inject({
          method,
          url,
          headers: { cookie: me.cookie },
          ...(method === 'POST' ? { payload: { _csrf: me.csrf, ...form } } : {}),
        });
      const ids: number[] = [];
      for (const subject of ['Q one', 'Q two', 'Q three', 'Q four', 'Q five']) {
        const { messageId } = await fresh.services.ingestRaw({
          workspaceId: fresh.a.id,
          inboxId: fresh.a.inboxId,
          raw: Buffer.from(rawEmail({ subject, id: `${subject.replace(' ', '-')}@example.com` })),
          source: 'http',
        });
        ids.push(messageId);
      }
      await fresh.services.settle();
      const [one, two, three, four, five] = ids as [number, number, number, number, number];
      let counts = await fresh.repos.queue.counts(fresh.a.id);
      expect(counts).toMatchObject({ todo: 5, unread: 5, waiting: 0, done: 0, attention: 0, all: 5 });
      let home = await req('GET', '/');
      expect(home.body).toContain('<title>(5) Inbox · Snoooz</title>');
      expect(home.body).toContain('class="unread"');

      // Opening a message marks it read (for the whole workspace).
      await req('GET', `/messages/${one}`);
      expect((await fresh.repos.queue.counts(fresh.a.id)).unread).toBe(4);

      // A failed send needs attention, with Retry, and leaves "to do".
      const d4 = await fresh.repos.drafts.byMessage(fresh.a.id, four);
      await fresh.repos.drafts.setStatus(fresh.a.id, d4?.id ?? 0, 'failed', 'SMTP said no');
      expect(await fresh.repos.queue.queueOf(fresh.a.id, four)).toBe('attention');
      const page = await req('GET', `/messages/${four}`);
      expect(page.body).toContain('Needs attention');
      expect(page.body).toContain('SMTP said no');
      expect(page.body).toContain('Retry sending');
      // Retry sends again through the undo window.
      await fresh.repos.settings.update(fresh.a.id, { undoSendSeconds: 0 });
      const retry = await req('POST', `/messages/${four}/retry`);
      expect(retry.headers.location).toBe(`/messages/${four}?done=sent`);
      expect(await fresh.repos.queue.queueOf(fresh.a.id, four)).toBe('waiting');

      // Bulk: two marked done, one discarded, one approved and sent.
      const bulkDone = await req('POST', '/inbox/bulk/done', { ids: [String(one), String(two)] });
      expect(bulkDone.headers.location).toBe('/?done=done&n=2&skipped=0');
      expect((await req('GET', bulkDone.headers.location as string)).body).toContain('2 messages marked done.');
      const bulkDiscard = await req('POST', '/inbox/bulk/discard', { ids: String(three) });
      expect(bulkDiscard.headers.location).toBe('/?done=discard&n=1&skipped=0');
      const bulkSend = await req('POST', '/inbox/bulk/send', { ids: [String(five), String(three)] });
      // The discarded draft is left alone: it cannot be sent without being restored first.
      expect(bulkSend.headers.location).toBe('/?done=send&n=1&skipped=1');
      expect(fresh.services.calls.sent).toContain((await fresh.repos.drafts.byMessage(fresh.a.id, five))?.id);

      counts = await fresh.repos.queue.counts(fresh.a.id);
      expect(counts).toMatchObject({ todo: 0, waiting: 2, done: 3, attention: 0, unread: 0, all: 5 });
      home = await req('GET', '/');
      expect(home.body).toContain('Nothing to do');
      expect(home.body).toContain('<title>Inbox · Snoooz</title>');

      // The customer writes again in a waiting conversation: the new message is to do, the old one done.
      const { messageId: followUp } = await fresh.services.ingestRaw({
        workspaceId: fresh.a.id,
        inboxId: fresh.a.inboxId,
        raw: Buffer.from(
          rawEmail({ subject: 'Re: Q five', id: 'follow-up@example.com', inReplyTo: 'Q-five@example.com' }),
        ),
        source: 'http',
      });
      await fresh.services.settle();
      expect(await fresh.repos.queue.queueOf(fresh.a.id, followUp)).toBe('todo');
      expect(await fresh.repos.queue.queueOf(fresh.a.id, five)).toBe('done');

      // Reopening a discarded message brings its draft back to work on.
      await req('POST', `/messages/${three}/reopen`);
      expect(await fresh.repos.queue.queueOf(fresh.a.id, three)).toBe('todo');
      expect((await fresh.repos.drafts.byMessage(fresh.a.id, three))?.status).toBe('pending');

      // Another workspace's ids are not touched by bulk actions.
      const other = await fresh.services.ingestRaw({
        workspaceId: fresh.b.id,
        inboxId: fresh.b.inboxId,
        raw: Buffer.from(rawEmail({ subject: 'B mail', id: 'b-mail@example.com' })),
        source: 'http',
      });
      await fresh.services.settle();
      const cross = await req('POST', '/inbox/bulk/done', { ids: String(other.messageId) });
      expect(cross.headers.location).toBe('/?done=done&n=0&skipped=1');
      expect(await fresh.repos.queue.queueOf(fresh.b.id, other.messageId)).toBe('todo');

      // The live-list fragment carries the counts the script shows.
      const fragment = await req('GET', '/inbox/list?queue=todo');
      expect(fragment.body).toMatch(/data-unread="\d+"/);
      expect(fragment.body).toContain('data-rev=');
    } finally {
      await fresh.close();
    }
  });
});
