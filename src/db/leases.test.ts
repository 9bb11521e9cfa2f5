import { expect, it } from 'vitest';
import { withTestDatabases } from './test-databases.js';

withTestDatabases('leases', (store) => {
  it('give a name to one owner at a time; renewal by the owner, takeover only after expiry', async () => {
    const { repos, clock } = store();
    const name = `imap:inbox:${Math.floor(Math.random() * 1e9)}`;
    expect(await repos.leases.acquire(name, 'proc-a', 10_000)).toBe(true);
    expect(await repos.leases.acquire(name, 'proc-b', 10_000)).toBe(false);
    expect((await repos.leases.holder(name))?.owner).toBe('proc-a');

    clock.advance(6_000);
    expect(await repos.leases.acquire(name, 'proc-a', 10_000)).toBe(true); // renewed until +16 s
    clock.advance(6_000);
    expect(await repos.leases.acquire(name, 'proc-b', 10_000)).toBe(false);

    // proc-a dies: nobody renews; after the TTL proc-b takes over.
    clock.advance(10_001);
    expect(await repos.leases.holder(name)).toBeNull();
    expect(await repos.leases.acquire(name, 'proc-b', 10_000)).toBe(true);
    expect(await repos.leases.acquire(name, 'proc-a', 10_000)).toBe(false);

    // A graceful release hands it over at once.
    await repos.leases.release(name, 'proc-a'); // not the owner: no effect
    expect((await repos.leases.holder(name))?.owner).toBe('proc-b');
    await repos.leases.releaseAll('proc-b');
    expect(await repos.leases.acquire(name, 'proc-a', 10_000)).toBe(true);
  });

  it('let exactly one of many concurrent contenders win', async () => {
    const { repos } = store();
    const name = `race:${Math.floor(Math.random() * 1e9)}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => repos.leases.acquire(name, `proc-${i}`, 30_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
