/**
 * Search and paging of the inbox without a browser: the GET form, results as inbox rows, another
 * workspace's mail never shown, Older / Newer links carrying a (received_at, id) cursor, pages that
 * stay put when mail arrives, and a bad cursor refused in one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, rawEmail, type Harness, type Session } from './testing/harness.js';

describe('inbox search and paging', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const rowIds = (body: string) => [...body.matchAll(/<li data-id="(\d+)"/g)].map((m) => Number(m[1]));
  const olderHref = (body: string) => {
    const link = /<a\s+id="older-link"\s+href="([^"]*)"\s+rel="next"(\s+hidden)?/.exec(body);
    return link && !link[2] ? link[1]?.replaceAll('&amp;', '&') : null;
  };
  async function arrive(workspace: Harness['a'], subject: string, body: string, from?: string): Promise<number> {
    const { messageId } = await h.services.ingestRaw({
      workspaceId: workspace.id,
      inboxId: workspace.inboxId,
      raw: Buffer.from(rawEmail({ subject, body, ...(from ? { from } : {}), id: `${Math.random()}@example.com` })),
      source: 'http',
    });
    await h.services.settle();
    return messageId;
  }

  it('find a message by order number with the search box, shown as an inbox row', async () => {
    const mine = await arrive(h.a, 'Parcel question', 'Hello, order #73319 has not arrived yet.');
    const notMine = await arrive(h.b, 'Parcel question', 'Hello, order #73319 has not arrived yet.');
    await arrive(h.a, 'Other', 'Order #73310 is fine.');

    const page = await get('/?q=%2373319');
    expect(page.statusCode).toBe(200);
    expect(rowIds(page.body)).toEqual([mine]);
    expect(rowIds(page.body)).not.toContain(notMine);
    expect(page.body).toContain('<form method="get" action="/" role="search"');
    expect(page.body).toMatch(/name="q"\s+value="#73319"/);
    expect(page.body).toContain('Results for <strong>“#73319”</strong>');
    expect(page.body).toContain(`href="/messages/${mine}"`);
    expect(rowIds((await get('/?q=73319')).body)).toEqual([mine]);
  });

  it('find by sender address and body words; say so when nothing matches', async () => {
    const id = await arrive(h.a, 'Blanket', 'The wool blanket came with a tear.', 'harriet.quill@mail.example');
    expect(rowIds((await get('/?q=harriet.quill%40mail.example')).body)).toEqual([id]);
    expect(rowIds((await get('/?q=wool+tear')).body)).toEqual([id]);
    const none = await get('/?q=zeppelin');
    expect(rowIds(none.body)).toEqual([]);
    expect(none.body).toContain('No messages match “zeppelin”.');
  });

  it('escape the search text wherever the page shows it', async () => {
    const page = await get('/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;alert(1)');
  });

  it('narrow a search to a queue and keep the search in the queue links', async () => {
    const page = await get('/?q=parcel&queue=done');
    expect(page.statusCode).toBe(200);
    expect(rowIds(page.body)).toEqual([]);
    expect(page.body).toContain('href="/?q=parcel&amp;queue=todo"');
    expect(page.body).toMatch(/href="\/\?q=parcel"\s+data-queue="all"/);
  });

  it('page through 250 messages with Older, each once, while new mail arrives; Newer goes back', async () => {
    const fresh = await createHarness();
    try {
      const session = await login(fresh.app, fresh.a.owner);
      const read = (url: string) => fresh.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
      const base = Date.UTC(2025, 5, 1);
      const stored: number[] = [];
      for (let i = 0; i < 250; i += 1) {
        const result = await fresh.repos.messages.storeIncoming(fresh.a.id, fresh.a.inboxId, {
          messageId: `<p${i}@example.com>`,
          fromAddress: 'pager@example.com',
          subject: `Paging ${i}`,
          // Pairs share a second: the id decides their order.
          receivedAt: new Date(base + Math.floor(i / 2) * 1000),
          raw: `Message-ID: <p${i}@example.com>\r\n\r\nhello`,
          bodyText: 'hello',
        });
        stored.push(result.message.id);
      }
      const newestFirst = [...stored].reverse();
      for (const start of ['/?queue=all', '/?q=paging']) {
        const visited: number[] = [];
        let url: string | null = start;
        let pages = 0;
        while (url && pages < 10) {
          const page = await read(url);
          expect(page.statusCode).toBe(200);
          visited.push(...rowIds(page.body));
          pages += 1;
          if (pages === 1) {
            // Mail arriving after the first page neither shifts nor repeats a row of the next.
            await fresh.repos.messages.storeIncoming(fresh.a.id, fresh.a.inboxId, {
              messageId: `<late-${start}@example.com>`,
              fromAddress: 'late@example.com',
              subject: 'Late arrival',
              receivedAt: new Date(),
              raw: 'x',
              bodyText: 'hello',
            });
          }
          url = olderHref(page.body) ?? null;
        }
        expect(pages).toBe(3);
        expect(visited).toEqual(newestFirst);
      }
      // From the last page, Newer shows the middle one; the counts stay the whole queue's.
      const first = await read('/?queue=all');
      const second = await read(olderHref(first.body) ?? '');
      const third = await read(olderHref(second.body) ?? '');
      const newer = /href="([^"]*)" rel="prev"/.exec(third.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
      expect(newer).toMatch(/^\/\?queue=all&after=/);
      const back = await read(newer);
      expect(rowIds(back.body)).toEqual(rowIds(second.body));
      expect(back.body).toMatch(/data-queue="all"[^>]*>All <span class="count">252<\/span>/);
      // The live list (first page only) tells the script where Older starts now.
      const list = await read('/inbox/list?queue=all');
      expect(list.body).toContain(`data-older="${olderHref(first.body)?.replaceAll('&', '&amp;')}"`);
    } finally {
      await fresh.close();
    }
  });

  it('refuse a cursor that is not one, in one line', async () => {
    for (const bad of ['before=yesterday', 'after=2025-01-01T00:00:00.000Z_0', 'before=2025-13-45T00:00:00.000Z_5']) {
      const res = await get(`/?${bad}`);
      expect(res.statusCode, bad).toBe(400);
    }
  });
});
