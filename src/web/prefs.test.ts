import { expect, it } from 'vitest';
import { createRepositories } from '../db/index.js';
import { seedWorkspace, withTestDatabases } from '../db/test-databases.js';
import { createDbPrefs } from './prefs.js';

withTestDatabases('web prefs in the database', (store) => {
  it('survive a restart (a fresh connection reads what the web app saved)', async () => {
    const { repos, target, key } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const prefs = createDbPrefs(repos);
    const secret = await repos.secrets.store(workspaceId, 'llm_api_key', 'sk-ant-test-9999');
    await prefs.setLlm(workspaceId, {
      provider: 'anthropic',
      model: 'claude-x',
      baseUrl: null,
      apiKeySecretId: secret.id,
    });
    await prefs.setInbox(workspaceId, inboxId, { appendDraftsToFolder: true });

    const reopened = await target.open();
    try {
      const again = createDbPrefs(createRepositories(reopened, key));
      expect(await again.llm(workspaceId)).toEqual({
        provider: 'anthropic',
        model: 'claude-x',
        baseUrl: null,
        apiKeySecretId: secret.id,
      });
      expect(await again.inbox(workspaceId, inboxId)).toEqual({ appendDraftsToFolder: true });
      // A workspace that never chose reads the default (built-in) in the Settings page.
      const other = await seedWorkspace(createRepositories(reopened, key));
      expect((await again.llm(other.workspaceId)).provider).toBe('builtin');
    } finally {
      await reopened.close();
    }
  });
});
