/** A sender address is shown exactly as received, and a non-ASCII one is marked as such. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, rawEmail, type Harness, type Session } from './testing/harness.js';
import { nonAsciiMark } from './views/address.js';

describe('sender address display', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  it('shows a Kelvin-sign look-alike as received, marked, not as the ASCII address it imitates', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/inboxes/${h.a.inboxId}/messages`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'message/rfc822' },
      payload: Buffer.from(rawEmail({ from: '\u212Aate@Example.com', id: 'kelvin@example.com' }), 'utf8'),
    });
    expect(res.statusCode).toBe(202);
    const { messageId } = res.json() as { messageId: number };
    expect((await h.repos.messages.get(h.a.id, messageId)).fromAddress).toBe('\u212Aate@Example.com');

    const list = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: s.cookie } });
    expect(list.body).toContain('\u212Aate@Example.com');
    expect(list.body).not.toContain('kate@example.com');
    expect(list.body).toContain('non-ASCII address');
    const page = await h.app.inject({ method: 'GET', url: `/messages/${messageId}`, headers: { cookie: s.cookie } });
    expect(page.body).toContain('\u212Aate@Example.com');
    expect(page.body).toContain('U+212A');
  });

  it('marks nothing on a plain ASCII address', () => {
    expect(nonAsciiMark('kate@example.com')).toBe('');
  });
});
