import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

withTestDatabases('prefs', (store) => {
  it('stores the LLM choice per workspace, with the key as a secret of that workspace', async () => {
    const { repos } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    expect(await repos.prefs.getLlm(a.workspaceId)).toBeNull();
    const key = await repos.secrets.store(a.workspaceId, 'llm_api_key', 'sk-test-abcd1234');
    await repos.prefs.setLlm(a.workspaceId, {
      provider: 'openai-compatible',
      model: ' fake-model ',
      baseUrl: 'http://127.0.0.1:11434/v1',
      apiKeySecretId: key.id,
    });
    expect(await repos.prefs.getLlm(a.workspaceId)).toMatchObject({
      provider: 'openai-compatible',
      model: 'fake-model',
      baseUrl: 'http://127.0.0.1:11434/v1',
      apiKeySecretId: key.id,
    });
    expect(await repos.prefs.getLlm(b.workspaceId)).toBeNull();
    await repos.prefs.setLlm(a.workspaceId, { provider: 'builtin', model: '', baseUrl: '', apiKeySecretId: null });
    expect(await repos.prefs.getLlm(a.workspaceId)).toMatchObject({ provider: 'builtin', baseUrl: null });

    // Another workspace's secret, a secret of another kind, an unknown provider: refused.
    await expect(
      repos.prefs.setLlm(b.workspaceId, { provider: 'openai', model: '', baseUrl: null, apiKeySecretId: key.id }),
    ).rejects.toSatisfy((e) => isDbError(e, 'not_found'));
    const password = await repos.secrets.store(a.workspaceId, 'mail_password', 'hunter22');
    await expect(
      repos.prefs.setLlm(a.workspaceId, { provider: 'openai', model: '', baseUrl: null, apiKeySecretId: password.id }),
    ).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
    await expect(
      repos.prefs.setLlm(a.workspaceId, { provider: 'gpt' as never, model: '', baseUrl: null, apiKeySecretId: null }),
    ).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
  });

  it('keeps a referenced key from being deleted until the choice lets go of it', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const key = await repos.secrets.store(workspaceId, 'llm_api_key', 'sk-test-efgh5678');
    await repos.prefs.setLlm(workspaceId, { provider: 'openai', model: '', baseUrl: null, apiKeySecretId: key.id });
    await expect(repos.secrets.remove(workspaceId, key.id)).rejects.toThrow();
    await repos.prefs.setLlm(workspaceId, { provider: 'openai', model: '', baseUrl: null, apiKeySecretId: null });
    await repos.secrets.remove(workspaceId, key.id);
  });

  it("keeps the append-drafts switch per inbox, off by default, never on another workspace's inbox", async () => {
    const { repos } = store();
    const a = await seedWorkspace(repos);
    const b = await seedWorkspace(repos);
    expect(await repos.prefs.appendDrafts(a.workspaceId, a.inboxId)).toBe(false);
    await repos.prefs.setAppendDrafts(a.workspaceId, a.inboxId, true);
    expect(await repos.prefs.appendDrafts(a.workspaceId, a.inboxId)).toBe(true);
    expect(await repos.prefs.appendDrafts(b.workspaceId, b.inboxId)).toBe(false);
    await expect(repos.prefs.setAppendDrafts(b.workspaceId, a.inboxId, false)).rejects.toSatisfy((e) =>
      isDbError(e, 'not_found'),
    );
    await expect(repos.prefs.appendDrafts(b.workspaceId, a.inboxId)).rejects.toSatisfy((e) =>
      isDbError(e, 'not_found'),
    );
    expect(await repos.prefs.appendDrafts(a.workspaceId, a.inboxId)).toBe(true);
  });
});
