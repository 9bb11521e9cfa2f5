import { expect, it } from 'vitest';
import { seedWorkspace, withTestDatabases } from '../db/test-databases.js';
import { createLogger } from '../shared/logger.js';
import { backfillSearchText } from './search-backfill.js';

const raw = (n: number, body: string) =>
  `From: Kim <kim@customer.example>\r\nTo: support@shop.example\r\nSubject: Question ${n}\r\nMessage-ID: <b${n}@customer.example>\r\nDate: Mon, 6 Jan 2025 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}\r\n`;

withTestDatabases('search backfill', (store) => {
  it('read the bodies of messages stored without text, so a body word finds them', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const put = (n: number, body: string) =>
      repos.messages.storeIncoming(workspaceId, inboxId, {
        messageId: `<b${n}@customer.example>`,
        fromAddress: 'kim@customer.example',
        subject: `Question ${n}`,
        receivedAt: new Date(),
        raw: raw(n, body),
      });
    const a = (await put(1, 'The parasol =E2=80=94 order 55120 =E2=80=94 is bent.')).message.id;
    const b = (await put(2, 'Nothing here.')).message.id;
    expect((await repos.queue.page(workspaceId, { search: 'parasol' })).items).toHaveLength(0);

    const logger = createLogger({ level: 'silent' });
    expect(await backfillSearchText(repos, logger)).toBeGreaterThanOrEqual(2);
    expect((await repos.queue.page(workspaceId, { search: 'parasol' })).items.map((i) => i.id)).toEqual([a]);
    expect((await repos.queue.page(workspaceId, { search: '#55120' })).items.map((i) => i.id)).toEqual([a]);
    expect((await repos.queue.page(workspaceId, { search: 'nothing' })).items.map((i) => i.id)).toEqual([b]);
    // Done once: a second run has nothing left.
    expect(await backfillSearchText(repos, logger)).toBe(0);
  });
});
