import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import type { AuditAction, AuditActor } from './repositories/audit.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

withTestDatabases('audit log pages', (store) => {
  /** 30 entries by two people and the worker, of three kinds; returns their ids oldest first. */
  async function seed(workspaceId: number): Promise<number[]> {
    const { repos } = store();
    const ids: number[] = [];
    const actors: AuditActor[] = ['user:1', 'user:2', 'system'];
    const actions: AuditAction[] = ['draft.approved', 'member.invited', 'integration.connected'];
    for (let i = 0; i < 30; i += 1) {
      const entry = await repos.audit.append(workspaceId, {
        actor: actors[i % 3] ?? 'system',
        action: actions[Math.floor(i / 10)] ?? 'draft.sent',
        target: `draft:${i + 1}`,
        detail: { n: i },
      });
      ids.push(entry.id);
    }
    return ids;
  }

  it('page newest first with Older and Newer cursors that visit every entry once', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const ids = await seed(workspaceId);
    const newestFirst = [...ids].reverse();

    const first = await repos.audit.page(workspaceId, { limit: 12 });
    expect(first.entries.map((e) => e.id)).toEqual(newestFirst.slice(0, 12));
    expect(first.newer).toBeNull();
    expect(first.older).toBe(newestFirst[11]);

    const second = await repos.audit.page(workspaceId, { limit: 12, before: first.older ?? 0 });
    const third = await repos.audit.page(workspaceId, { limit: 12, before: second.older ?? 0 });
    expect([...first.entries, ...second.entries, ...third.entries].map((e) => e.id)).toEqual(newestFirst);
    expect(third.older).toBeNull();
    expect(third.newer).toBe(newestFirst[24]);

    const back = await repos.audit.page(workspaceId, { limit: 12, after: third.newer ?? 0 });
    expect(back.entries.map((e) => e.id)).toEqual(newestFirst.slice(12, 24));
    expect(back.newer).toBe(newestFirst[12]);
    expect(back.older).toBe(newestFirst[23]);
    const top = await repos.audit.page(workspaceId, { limit: 12, after: back.newer ?? 0 });
    expect(top.entries.map((e) => e.id)).toEqual(newestFirst.slice(0, 12));
    expect(top.newer).toBeNull();
  });

  it('keep an older page stable while new entries arrive', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const ids = await seed(workspaceId);
    const first = await repos.audit.page(workspaceId, { limit: 10 });
    for (let i = 0; i < 5; i += 1) {
      await repos.audit.append(workspaceId, { actor: 'cli', action: 'secrets.rotated' });
    }
    const second = await repos.audit.page(workspaceId, { limit: 10, before: first.older ?? 0 });
    expect(second.entries.map((e) => e.id)).toEqual([...ids].reverse().slice(10, 20));
  });

  it('filter by actor and by a set of actions, combined, within the workspace only', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const other = await seedWorkspace(repos);
    await seed(workspaceId);
    await seed(other.workspaceId);

    const byUser = await repos.audit.page(workspaceId, { actor: 'user:2' });
    expect(byUser.entries).toHaveLength(10);
    expect(new Set(byUser.entries.map((e) => e.actor))).toEqual(new Set(['user:2']));
    expect(new Set(byUser.entries.map((e) => e.workspaceId))).toEqual(new Set([workspaceId]));

    const kind = await repos.audit.page(workspaceId, { actions: ['member.invited', 'integration.connected'] });
    expect(kind.entries).toHaveLength(20);
    expect(kind.entries.every((e) => e.action !== 'draft.approved')).toBe(true);

    const both = await repos.audit.page(workspaceId, { actor: 'system', actions: ['member.invited'], limit: 2 });
    expect(both.entries.map((e) => [e.actor, e.action])).toEqual([
      ['system', 'member.invited'],
      ['system', 'member.invited'],
    ]);
    const rest = await repos.audit.page(workspaceId, {
      actor: 'system',
      actions: ['member.invited'],
      limit: 2,
      before: both.older ?? 0,
    });
    expect(rest.entries.map((e) => e.detail)).toEqual([{ n: 11 }]);
    expect(rest.older).toBeNull();

    expect((await repos.audit.page(workspaceId, { actions: [] })).entries).toEqual([]);
    expect((await repos.audit.page(workspaceId, { actor: 'user:99' })).entries).toEqual([]);
  });

  it('refuse a malformed actor or cursor', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await expect(repos.audit.page(workspaceId, { actor: "user:1' or 1=1" })).rejects.toSatisfy((e) =>
      isDbError(e, 'invalid_input'),
    );
    await expect(repos.audit.page(workspaceId, { before: -1 })).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
  });
});
