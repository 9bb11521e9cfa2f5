/**
 * A shadow run's progress: emitted by the runner as it goes, server-rendered for pages without
 * JavaScript, and streamed per run to its own workspace only.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShadowMailbox, ShadowProgressEvent } from '../shadow/index.js';
import { settleShadowRuns } from './routes/pages/shadow.js';
import { createHarness, login, rawEmail, type Harness, type Session } from './testing/harness.js';

let h: Harness;
let s: Session;
let base: string;

beforeAll(async () => {
  h = await createHarness();
  s = await login(h.app, h.a.owner);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await settleShadowRuns();
  await h?.close();
});

const progress = { total: 10, read: 3, drafted: 2, compared: 1, startedAt: new Date(Date.now() - 3_000).toISOString() };

/** Reads an event stream until `until` matches what arrived (or the time is up); then hangs up. */
async function readStream(url: string, until: RegExp, act: () => void | Promise<void> = () => undefined) {
  const abort = new AbortController();
  const res = await fetch(base + url, { headers: { cookie: s.cookie }, signal: abort.signal });
  let text = '';
  if (res.headers.get('content-type')?.startsWith('text/event-stream') && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const timer = setTimeout(() => abort.abort(), 3_000);
    // The stream is open (its first line arrived) before anything is reported.
    const first = await reader.read();
    text += decoder.decode(first.value ?? new Uint8Array());
    await act();
    try {
      while (!until.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    } catch {
      // timed out: the caller asserts on what arrived
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  } else {
    text = await res.text();
  }
  return { status: res.status, text };
}

describe('shadow run progress', () => {
  it('shows the current counts without JavaScript, with a Refresh link', async () => {
    const run = await h.repos.shadow.createRun(h.a.id, { inboxId: h.a.inboxId, folder: 'INBOX', createdBy: 'cli' });
    h.services.shadowProgress.report({ workspaceId: h.a.id, runId: run.id, status: 'running', progress });
    const page = await h.app.inject({ method: 'GET', url: `/shadow/runs/${run.id}`, headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<progress\s+id="shadow-progress-bar"\s+max="10" value="3"/);
    expect(page.body).toContain('<label for="shadow-progress-bar">Emails read</label>');
    expect(page.body).toContain('3 of 10 emails read · 2 drafted · 1 compared');
    expect(page.body).toMatch(/A few seconds left|Less than a minute left/);
    expect(page.body).toContain(`<a href="/shadow/runs/${run.id}">Refresh</a>`);
    expect(page.body).not.toContain('Reload the page');

    // A run this process does not execute: what is stored so far, without a total.
    const other = await h.repos.shadow.createRun(h.a.id, { inboxId: h.a.inboxId, folder: 'INBOX', createdBy: 'cli' });
    const stored = await h.app.inject({
      method: 'GET',
      url: `/shadow/runs/${other.id}`,
      headers: { cookie: s.cookie },
    });
    expect(stored.body).toMatch(/<progress\s+id="shadow-progress-bar"\s+aria-valuetext="0 emails read"/);
    expect(stored.body).toContain('0 emails read so far');
    h.services.shadowProgress.report({ workspaceId: h.a.id, runId: run.id, status: 'done', progress });
  });

  it('streams a run’s progress to its own workspace only', async () => {
    const mine = await h.repos.shadow.createRun(h.a.id, { inboxId: h.a.inboxId, folder: 'INBOX', createdBy: 'cli' });
    const theirs = await h.repos.shadow.createRun(h.b.id, { inboxId: h.b.inboxId, folder: 'INBOX', createdBy: 'cli' });
    const report = (event: ShadowProgressEvent) => h.services.shadowProgress.report(event);

    const { status, text } = await readStream(`/shadow/runs/${mine.id}/events`, /event: finished/, () => {
      // Workspace B's own run, and an event naming this run's id but workspace B: neither is heard.
      report({ workspaceId: h.b.id, runId: theirs.id, status: 'running', progress: { ...progress, read: 7 } });
      report({ workspaceId: h.b.id, runId: mine.id, status: 'running', progress: { ...progress, read: 8 } });
      report({ workspaceId: h.a.id, runId: mine.id, status: 'running', progress });
      report({ workspaceId: h.a.id, runId: mine.id, status: 'done', progress: { ...progress, read: 10 } });
    });
    expect(status).toBe(200);
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => [m[1], JSON.parse(m[2] ?? '{}')]);
    expect(events).toEqual([
      ['progress', expect.objectContaining({ runId: mine.id, read: 3, total: 10, counts: expect.any(String) })],
      ['finished', { runId: mine.id, status: 'done' }],
    ]);
    expect(text).not.toMatch(/"read":[78]/);

    // Another workspace's run cannot be listened to at all.
    const refused = await readStream(`/shadow/runs/${theirs.id}/events`, /x/);
    expect(refused.status).toBe(404);
    expect(refused.text).not.toContain('event:');
  });

  it('a run that already ended answers `finished` at once', async () => {
    const run = await h.repos.shadow.createRun(h.a.id, { inboxId: h.a.inboxId, folder: 'INBOX', createdBy: 'cli' });
    await h.repos.shadow.failRun(h.a.id, run.id, 'unreachable');
    const { text } = await readStream(`/shadow/runs/${run.id}/events`, /event: finished/);
    expect(text).toContain(`event: finished\ndata: {"runId":${run.id},"status":"failed"}`);
  });

  it('a run started from the page reports progress as it goes, through the services', async () => {
    await h.repos.inboxes.update(h.a.id, h.a.inboxId, {
      imap: { host: 'imap.a.test', port: 993, secure: true, user: 'support@a.test' },
      password: 'pw-progress-123',
    });
    const emails = [1, 2, 3].map((n) => ({
      uid: n,
      raw: Buffer.from(rawEmail({ id: `past-${n}@customer.example`, subject: `Order question ${n}` })),
    }));
    const sent = [
      {
        uid: 1,
        raw: Buffer.from(
          rawEmail({
            from: 'support@a.test',
            subject: 'Re: Order question 2',
            id: 'team-2@a.test',
            inReplyTo: 'past-2@customer.example',
            body: 'Hi Maya, your order #101 shipped with UPS.',
          }),
        ),
      },
    ];
    const mailbox: ShadowMailbox = { messages: emails, sent, sentFolder: 'Sent', truncated: false };
    h.services.shadowRunOverrides = { readMailbox: async () => mailbox };
    const heard: ShadowProgressEvent[] = [];
    const listener = (event: ShadowProgressEvent) => heard.push(event);
    h.services.shadowProgress.on(listener);
    try {
      const res = await h.app.inject({
        method: 'POST',
        url: '/shadow',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          inboxId: String(h.a.inboxId),
          folder: '',
          since: '',
          until: '',
          _csrf: s.csrf,
        }).toString(),
      });
      expect(res.statusCode).toBe(303);
      await settleShadowRuns();
    } finally {
      h.services.shadowProgress.off(listener);
      h.services.shadowRunOverrides = undefined;
    }
    const runId = heard[0]?.runId ?? 0;
    expect(heard.every((e) => e.workspaceId === h.a.id && e.runId === runId)).toBe(true);
    expect(heard.map((e) => [e.status, e.progress.total, e.progress.read])).toEqual([
      ['running', null, 0],
      ['running', 3, 0],
      ['running', 3, 1],
      ['running', 3, 2],
      ['running', 3, 3],
      ['done', 3, 3],
    ]);
    const last = heard.at(-1)?.progress;
    expect(last?.compared).toBe(1);
    expect(last?.drafted).toBeGreaterThanOrEqual(1);
    expect(h.services.shadowProgress.latest(h.a.id, runId)).toBeNull();
    expect((await h.repos.shadow.getRun(h.a.id, runId)).status).toBe('done');
  });
});
