/** The Shadow mode page and the autonomy part of Settings, through the real app (inject). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleShadowRuns } from './routes/pages/shadow.js';
import { createHarness, login, type Harness, type Session } from './testing/harness.js';

let h: Harness;
let s: Session;

beforeAll(async () => {
  h = await createHarness();
  s = await login(h.app, h.a.owner);
});
afterAll(async () => {
  await settleShadowRuns();
  await h?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function seedRun(workspaceId: number, inboxId: number) {
  const run = await h.repos.shadow.createRun(workspaceId, { inboxId, folder: 'INBOX', createdBy: 'cli' });
  await h.repos.shadow.addItems(workspaceId, run.id, [
    {
      position: 1,
      emailMessageId: 'x1@example.com',
      fromAddress: 'maya@example.com',
      subject: 'Where is my order?',
      receivedAt: '2026-05-01T09:00:00.000Z',
      intent: 'order_status',
      language: 'en',
      skippedReason: null,
      draftText: 'Snoooz says: order #101 shipped <soon>',
      wouldSend: false,
      deliveryReason: null,
      teamReplyText: 'Team says: it shipped',
      teamReplyMessageId: 'r1@shop',
      teamRepliedAt: '2026-05-01T10:00:00.000Z',
      matchKind: 'in-reply-to',
      similarity: 0.42,
    },
  ]);
  return h.repos.shadow.finishRun(workspaceId, run.id, {
    emails: 1,
    summary: {
      total: {
        intent: 'all',
        emails: 1,
        skipped: 0,
        drafted: 1,
        withTeamReply: 1,
        meanSimilarity: 0.42,
        acceptedShare: 0,
        unchangedShare: 0,
        wouldSend: 0,
      },
      intents: [
        {
          intent: 'order_status',
          emails: 1,
          skipped: 0,
          drafted: 1,
          withTeamReply: 1,
          meanSimilarity: 0.42,
          acceptedShare: 0,
          unchangedShare: 0,
          wouldSend: 0,
        },
      ],
    },
  });
}

describe('Shadow mode page', () => {
  it('is linked from the navigation and lists the workspace’s runs only', async () => {
    const mine = await seedRun(h.a.id, h.a.inboxId);
    const theirs = await seedRun(h.b.id, h.b.inboxId);
    const res = await h.app.inject({ method: 'GET', url: '/shadow', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/shadow"');
    expect(res.body).toContain(`/shadow/runs/${mine.id}`);
    expect(res.body).not.toContain(`/shadow/runs/${theirs.id}"`);

    const page = await h.app.inject({ method: 'GET', url: `/shadow/runs/${mine.id}`, headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Snoooz says: order #101 shipped &lt;soon&gt;');
    expect(page.body).toContain('Team says: it shipped');
    expect(page.body).toContain('0.42');
    expect(page.body).toContain('order_status');

    const other = await h.app.inject({
      method: 'GET',
      url: `/shadow/runs/${theirs.id}`,
      headers: { cookie: s.cookie },
    });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Snoooz says');
  });

  it('starting a run needs the CSRF token, and an inbox without IMAP is refused with a reason', async () => {
    const noCsrf = await h.app.inject({
      method: 'POST',
      url: '/shadow',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ inboxId: String(h.a.inboxId), folder: '', since: '', until: '' }),
    });
    expect(noCsrf.statusCode).toBe(403);
    const res = await h.app.inject({
      method: 'POST',
      url: '/shadow',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ inboxId: String(h.a.inboxId), folder: '', since: '2026-05-01', until: '', _csrf: s.csrf }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('has no IMAP settings');
    // Another workspace's inbox is not found.
    const foreign = await h.app.inject({
      method: 'POST',
      url: '/shadow',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ inboxId: String(h.b.inboxId), folder: 'INBOX', since: '', until: '', _csrf: s.csrf }),
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('starts a run in the background and shows its failure when the mail server is unreachable', async () => {
    await h.repos.inboxes.update(h.a.id, h.a.inboxId, {
      imap: { host: '127.0.0.1', port: 1, secure: false, user: 'support@a.test' },
      password: 'pw-unreachable-123',
    });
    const res = await h.app.inject({
      method: 'POST',
      url: '/shadow',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ inboxId: String(h.a.inboxId), folder: 'Archive', since: '', until: '', _csrf: s.csrf }),
    });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/shadow\/runs\/\d+$/);
    await settleShadowRuns();
    const page = await h.app.inject({ method: 'GET', url: location, headers: { cookie: s.cookie } });
    expect(page.body).toContain('The run failed');
    expect(page.body).not.toContain('pw-unreachable-123');
    expect(h.services.calls.sent).toEqual([]);
  });
});

describe('Settings: autonomy earned per intent', () => {
  const save = (intents: string[]) =>
    h.app.inject({
      method: 'POST',
      url: '/settings',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload:
        form({
          mode: 'auto',
          tone: 'friendly',
          businessName: 'Acme',
          signature: '',
          recentOrdersToMention: '3',
          autonomyThreshold: '80',
          autonomyLastN: '20',
          _csrf: s.csrf,
        }) + intents.map((i) => `&autoSendIntents=${i}`).join(''),
    });

  it('shows measured acceptance, disables what is not earned, refuses it, then allows it once earned', async () => {
    expect((await save([])).statusCode).toBe(303);
    expect((await h.repos.settings.get(h.a.id)).autonomy).toEqual({ lastN: 20, threshold: 0.8 });

    const page = await h.app.inject({ method: 'GET', url: '/settings', headers: { cookie: s.cookie } });
    const row = /<tr data-intent="payment_status">[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? '';
    expect(row).toMatch(/disabled/);
    expect(row).toContain('Not enough evidence: 0 of the last 20');

    const refused = await save(['payment_status']);
    expect(refused.statusCode).toBe(200);
    expect(refused.body).toContain('Not saved: Auto-send for payment status is not earned yet.');
    expect((await h.repos.settings.get(h.a.id)).autoSendIntents).toEqual([]);

    for (let i = 0; i < 20; i += 1) {
      await h.repos.autonomy.recordOutcome(h.a.id, {
        draftId: null,
        intent: 'payment_status',
        similarity: 1,
        automatic: false,
      });
    }
    const earned = await h.app.inject({ method: 'GET', url: '/settings', headers: { cookie: s.cookie } });
    const earnedRow = /<tr data-intent="payment_status">[\s\S]*?<\/tr>/.exec(earned.body)?.[0] ?? '';
    expect(earnedRow).not.toMatch(/disabled/);
    expect(earnedRow).toContain('100%');
    expect((await save(['payment_status'])).statusCode).toBe(303);
    expect((await h.repos.settings.get(h.a.id)).autoSendIntents).toEqual(['payment_status']);

    // Refunds are never earned, through the form or the API.
    const refund = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { autoSendIntents: ['payment_status', 'refund_request'] },
    });
    expect(refund.statusCode).toBe(400);
    expect(refund.body).toContain('never sent automatically');
  });

  it('shows a notice when acceptance fell and the intent was switched back to drafts', async () => {
    const { applyAutonomy } = await import('../shadow/index.js');
    for (let i = 0; i < 20; i += 1) {
      await h.repos.autonomy.recordOutcome(h.a.id, {
        draftId: null,
        intent: 'payment_status',
        similarity: 0.2,
        automatic: false,
      });
    }
    expect(await applyAutonomy(h.repos, h.a.id)).toEqual(['payment_status']);
    const page = await h.app.inject({ method: 'GET', url: '/settings', headers: { cookie: s.cookie } });
    expect(page.body).toContain('was switched back to drafts only');
    expect(page.body).toContain('Payment status');
    expect((await h.repos.settings.get(h.a.id)).autoSendIntents).toEqual([]);
  });
});
