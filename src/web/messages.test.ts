import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, rawEmail, type Harness, type Session } from './testing/harness.js';

describe('inbox, message view and draft actions', () => {
  let h: Harness;
  let s: Session;
  let messageId = 0;
  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) =>
    h.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('accepts raw MIME over the API with 202 and the id', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/inboxes/${h.a.inboxId}/messages`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'message/rfc822' },
      payload: rawEmail({ id: 'one@example.com' }),
    });
    expect(res.statusCode).toBe(202);
    messageId = res.json().messageId;
    expect(res.json().created).toBe(true);
    await h.services.settle();
  });

  it('lists it newest first, filterable by state', async () => {
    expect((await api('GET', '/api/messages')).json().messages[0].id).toBe(messageId);
    expect((await api('GET', '/api/messages?state=sent')).json().messages).toEqual([]);
    const page = await h.app.inject({ method: 'GET', url: '/?queue=todo', headers: { cookie: s.cookie } });
    expect(page.body).toContain('Where is my order?');
    expect(page.body).toContain('badge drafted');
    const waiting = await h.app.inject({ method: 'GET', url: '/?queue=waiting', headers: { cookie: s.cookie } });
    expect(waiting.body).not.toContain('Where is my order?');
  });

  it('shows the email beside the store context and the draft', async () => {
    const page = await h.app.inject({ method: 'GET', url: `/messages/${messageId}`, headers: { cookie: s.cookie } });
    expect(page.statusCode).toBe(200);
    for (const text of [
      'maya@example.com',
      'where is my order #101',
      'Maya Lopez',
      'MUG-TRAIL',
      '1Z999',
      'https://www.ups.com/track?tracknum=1Z999',
      'UPS',
      'just now',
      'Approve &amp; send',
      'Regenerate',
      'Discard',
    ])
      expect(page.body).toContain(text);
    const json = (await api('GET', `/api/messages/${messageId}`)).json();
    expect(json.draft.context.focusOrder.id).toBe(101);
  });

  it('shows the evidence panel: data age, marked facts, the facts and what was withheld', async () => {
    const page = await h.app.inject({ method: 'GET', url: `/messages/${messageId}`, headers: { cookie: s.cookie } });
    const body = page.body;
    expect(body).toContain('<h2 id="evidence-title">Evidence</h2>');
    expect(body).toMatch(/Store data read\s*<time datetime="[^"]+" title="[^"]+ UTC">just now<\/time>/);
    expect(body).toContain('<mark title="Order #101 · order number" data-record="order">#101');
    expect(body).toContain('<mark title="Shipment 5 · trackingNumber" data-record="shipment">1Z999');
    expect(body).toContain('<mark title="Shipment 5 · carrier" data-record="shipment">UPS');
    expect(body).toContain('Customer 9: phone</strong> — not read: the workspace does not allow phone numbers');
    // The textarea for editing is unchanged: plain text, no marks.
    expect(body).toMatch(/<textarea id="draft-text"[^>]*>Hi there,\n\nYour order #101 shipped/);
    // No inline scripts or styles (CSP).
    expect(body).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=/i);

    const json = (await api('GET', `/api/messages/${messageId}`)).json();
    expect(json.draft.evidence.fetchedAt).toBe(json.draft.context.fetchedAt);
    expect(json.draft.evidence.withheld).toHaveLength(2);
    const tracking = json.draft.evidence.facts.find((f: { field: string }) => f.field === 'trackingNumber');
    expect(tracking).toMatchObject({ record: 'shipment', recordId: 5, value: '1Z999' });
    const [start, end] = tracking.spans[0];
    expect(json.draft.text.slice(start, end)).toBe('1Z999');
  });

  it('edits, then approves and sends', async () => {
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    const edit = await h.app.inject({
      method: 'POST',
      url: `/messages/${messageId}/draft`,
      headers: { cookie: s.cookie },
      payload: { subject: 'Re: Where is my order?', text: 'Edited reply', _csrf: s.csrf },
    });
    expect(edit.statusCode).toBe(303);
    expect((await h.repos.drafts.get(h.a.id, draft?.id ?? 0)).text).toBe('Edited reply');
    const edited = await h.app.inject({ method: 'GET', url: `/messages/${messageId}`, headers: { cookie: s.cookie } });
    expect(edited.body).toContain('The draft was edited');
    expect(edited.body).not.toContain('<mark');
    const patched = await api('PATCH', `/api/drafts/${draft?.id}`, { text: 'Edited via API' });
    expect(patched.json().draft.text).toBe('Edited via API');
    const sent = await api('POST', `/api/drafts/${draft?.id}/send`);
    expect(sent.statusCode).toBe(200);
    expect(sent.json().draft.status).toBe('sent');
    expect(h.services.calls.sent).toEqual([draft?.id]);
  });

  it('regenerates and discards', async () => {
    const raw = rawEmail({ id: 'two@example.com', subject: 'Second' });
    const { messageId: second } = await h.services.ingestRaw({
      workspaceId: h.a.id,
      inboxId: h.a.inboxId,
      raw: Buffer.from(raw),
      source: 'http',
    });
    await h.services.settle();
    expect((await api('POST', `/api/messages/${second}/regenerate`)).statusCode).toBe(202);
    const discard = await h.app.inject({
      method: 'POST',
      url: `/messages/${second}/discard`,
      headers: { cookie: s.cookie },
      payload: { _csrf: s.csrf },
    });
    expect(discard.statusCode).toBe(303);
    expect((await h.repos.drafts.byMessage(h.a.id, second))?.status).toBe('discarded');
  });

  it('a failed send is explained on the page', async () => {
    const { messageId: third } = await h.services.ingestRaw({
      workspaceId: h.a.id,
      inboxId: h.a.inboxId,
      raw: Buffer.from(rawEmail({ id: 'three@example.com' })),
      source: 'http',
    });
    await h.services.settle();
    // With no undo window the send happens in the request, and its failure is answered there.
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 0 });
    h.services.failNextSend('SMTP said no');
    const res = await h.app.inject({
      method: 'POST',
      url: `/messages/${third}/send`,
      headers: { cookie: s.cookie },
      payload: { _csrf: s.csrf },
    });
    expect(res.statusCode).toBe(502);
    expect(res.body).toContain('The reply was not sent');
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 10 });
  });

  it('settings are saved from the form and audited; the LLM key is stored masked', async () => {
    // Auto-send must be earned (see src/assistant/autonomy.ts): 20 accepted replies per intent.
    for (const intent of ['order_status', 'shipping_tracking']) {
      for (let i = 0; i < 20; i += 1) {
        await h.repos.autonomy.recordOutcome(h.a.id, { draftId: null, intent, similarity: 1, automatic: false });
      }
    }
    const res = await h.app.inject({
      method: 'POST',
      url: '/settings',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload:
        'mode=auto&autoSendIntents=order_status&autoSendIntents=shipping_tracking&tone=formal&businessName=Acme&signature=Maya&recentOrdersToMention=2&allowPhone=on&_csrf=' +
        encodeURIComponent(s.csrf),
    });
    expect(res.statusCode).toBe(303);
    expect(await h.repos.settings.get(h.a.id)).toMatchObject({
      mode: 'auto',
      tone: 'formal',
      businessName: 'Acme',
      allowPhone: true,
      allowAddress: false,
      autoSendIntents: ['order_status', 'shipping_tracking'],
    });
    expect(await h.repos.audit.list(h.a.id, { action: 'settings.changed' })).toHaveLength(1);
    const key = 'sk-test-SECRETKEY-9876';
    await h.app.inject({
      method: 'POST',
      url: '/settings/llm',
      headers: { cookie: s.cookie },
      payload: { provider: 'openai', model: 'gpt-4o-mini', baseUrl: '', apiKey: key, _csrf: s.csrf },
    });
    const page = await h.app.inject({ method: 'GET', url: '/settings', headers: { cookie: s.cookie } });
    expect(page.body).toContain('••••9876');
    expect(page.body).not.toContain(key);
    const json = await api('GET', '/api/settings');
    expect(json.json().llm.apiKeyMasked).toBe('••••9876');
    expect(json.body).not.toContain(key);
    expect(h.logs.join('\n')).not.toContain(key);
  });

  it('the AI model is an owner’s choice, and a stored key never follows a changed endpoint', async () => {
    const agent = await login(h.app, h.both);
    const refused = await h.app.inject({
      method: 'POST',
      url: '/settings/llm',
      headers: { cookie: agent.cookie },
      payload: {
        provider: 'openai',
        model: 'x',
        baseUrl: 'https://attacker.example/v1',
        apiKey: '',
        _csrf: agent.csrf,
      },
    });
    expect(refused.statusCode).toBe(403);

    const post = (payload: Record<string, string>) =>
      h.app.inject({
        method: 'POST',
        url: '/settings/llm',
        headers: { cookie: s.cookie },
        payload: { ...payload, _csrf: s.csrf },
      });
    await post({ provider: 'openai', model: 'gpt-4o-mini', baseUrl: '', apiKey: 'sk-own-KEY-1111' });
    expect((await api('GET', '/api/settings')).json().llm.apiKeyMasked).toBe('••••1111');
    // Same endpoint, no key typed: the key stays.
    await post({ provider: 'openai', model: 'gpt-4.1-mini', baseUrl: '', apiKey: '' });
    expect((await api('GET', '/api/settings')).json().llm.apiKeyMasked).toBe('••••1111');
    // A new base URL without a key: the stored key is dropped rather than sent there.
    await post({ provider: 'openai', model: 'gpt-4.1-mini', baseUrl: 'https://gateway.example/v1', apiKey: '' });
    expect((await api('GET', '/api/settings')).json().llm.apiKeyMasked).toBeNull();
  });

  it('inboxes: add with an encrypted password, see the forwarding address, test', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/inboxes',
      headers: { cookie: s.cookie },
      payload: {
        name: 'Sales',
        address: 'sales@a.test',
        imapHost: 'imap.test',
        imapPort: '993',
        imapTls: 'on',
        imapUser: '',
        smtpHost: 'smtp.test',
        smtpPort: '465',
        smtpTls: 'on',
        smtpUser: '',
        password: 'mailpass-4321',
        appendDrafts: 'on',
        _csrf: s.csrf,
      },
    });
    expect(res.statusCode).toBe(303);
    const page = await h.app.inject({ method: 'GET', url: '/inboxes', headers: { cookie: s.cookie } });
    expect(page.body).toContain('sales@a.test');
    // The unguessable forwarding address, and of the password only that one is set.
    expect(page.body).toMatch(/inbox-[a-z2-7]{26}@in\.snoooz\.test/);
    expect(page.body).not.toContain('4321');
    const sales = (await h.repos.inboxes.list(h.a.id)).find((i) => i.address === 'sales@a.test');
    h.services.scriptMailboxTest({ smtp: 'Connection refused (smtp.test:465)' });
    const test = await h.app.inject({
      method: 'POST',
      url: `/inboxes/${sales?.id}/test`,
      headers: { cookie: s.cookie },
      payload: { _csrf: s.csrf },
    });
    h.services.scriptMailboxTest(null);
    expect(test.body).toContain('Connection refused');
    expect(h.logs.join('\n')).not.toContain('mailpass-4321');
  });

  it('groups a follow-up with the email it answers into one conversation', async () => {
    const upload = (raw: string) =>
      h.app.inject({
        method: 'POST',
        url: `/api/inboxes/${h.a.inboxId}/messages`,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'message/rfc822' },
        payload: raw,
      });
    const first = (await upload(rawEmail({ id: 'thread-root@example.com', subject: 'Order question' }))).json();
    const followUp = (
      await upload(
        rawEmail({ id: 'thread-2@example.com', subject: 'Re: Order question', inReplyTo: 'thread-root@example.com' }),
      )
    ).json();
    await h.services.settle();
    const page = await h.app.inject({
      method: 'GET',
      url: `/messages/${followUp.messageId}`,
      headers: { cookie: s.cookie },
    });
    expect(page.body).toContain('Conversation');
    expect(page.body).toContain(`href="/messages/${first.messageId}"`);
    const alone = await h.app.inject({ method: 'GET', url: `/messages/${messageId}`, headers: { cookie: s.cookie } });
    expect(alone.body).not.toContain('id="thread-title"');
  });
});

describe('bad input never causes a 500', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness({ enableBigCommerce: true });
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  it('settings JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ tone: v, mode: v })),
        ),
        async (body) => {
          const res = await h.app.inject({
            method: 'PUT',
            url: '/api/settings',
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
            payload: body,
          });
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('store hash and token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.string({ maxLength: 60 }), async (storeHash, accessToken) => {
        const res = await h.app.inject({
          method: 'POST',
          url: '/api/integrations/bigcommerce',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          payload: { storeHash, accessToken },
        });
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json().error.message.split('\n')).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });

  it('MIME uploads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) => {
        const res = await h.app.inject({
          method: 'POST',
          url: `/api/inboxes/${h.a.inboxId}/messages`,
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'message/rfc822' },
          payload: Buffer.from(bytes),
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
    await h.services.settle();
  });

  it('ids, queries and unknown fields', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (junk) => {
        const id = encodeURIComponent(junk) || 'x';
        for (const url of [`/api/messages/${id}`, `/api/messages?state=${id}`, `/messages/${id}`, `/?state=${id}`]) {
          const res = await h.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
          expect(res.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 60 },
    );
    const unknown = await h.app.inject({
      method: 'PATCH',
      url: '/api/drafts/1',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { text: 'x', evil: true },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('Unknown field: evil.');
    const big = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ signature: 'x'.repeat(400_000) }),
    });
    expect(big.statusCode).toBe(413);
  });
});
