/**
 * The workspace's saved LLM choice decides the composer, against a real OpenAI-compatible HTTP
 * server (the fake one) and a real database on both dialects.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../test/fakes/openai-compatible-server.js';
import type { Repositories } from '../db/index.js';
import { seedWorkspace, withTestDatabases } from '../db/test-databases.js';
import { ingestRawEmail } from './ingest.js';
import type { LlmComposer } from './process-email.js';
import { processStoredMessage } from './process-stored-message.js';
import { egressPolicy } from '../shared/egress.js';
import { createWorkspaceLlm } from './workspace-llm.js';

const API_KEY = 'sk-test-workspace-key-0123456789';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

let sequence = 0;
async function receive(repos: Repositories, ws: { workspaceId: number; inboxId: number }): Promise<number> {
  sequence += 1;
  const raw = Buffer.from(
    [
      'From: Maya Lopez <maya@customer.example>',
      `To: support@shop.example`,
      'Subject: Question about my order',
      `Message-ID: <llm-${sequence}-${Date.now()}@customer.example>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hi, I have a question about my order. Can you help?',
      '',
    ].join('\r\n'),
  );
  const { message } = await ingestRawEmail(repos, { ...ws, raw, source: 'http' });
  return message.id;
}

const HONEST = [
  'Hi Maya,',
  '',
  'Thanks for getting in touch. Could you reply with your order number, so I can look it up for you?',
  '',
  'Best regards,',
].join('\n');

withTestDatabases('workspace LLM choice', (store) => {
  function run(repos: Repositories, workspaceId: number, messageId: number, fallback: LlmComposer | null = null) {
    // The fake model server listens on loopback, which a workspace's base URL may not be unless allowed.
    const llmFor = createWorkspaceLlm({ repos, env: {}, fallback, egress: egressPolicy(['127.0.0.1']) });
    return processStoredMessage(
      {
        repos,
        openStore: () => {
          throw new Error('no store in these tests');
        },
        llmFor,
      },
      workspaceId,
      messageId,
    );
  }

  async function chooseCompatible(repos: Repositories, workspaceId: number): Promise<void> {
    const key = await repos.secrets.store(workspaceId, 'llm_api_key', API_KEY);
    await repos.prefs.setLlm(workspaceId, {
      provider: 'openai-compatible',
      model: 'fake-model',
      baseUrl: server.baseURL,
      apiKeySecretId: key.id,
    });
  }

  it('drafts with the LLM when the workspace chose openai-compatible (key decrypted for the call)', async () => {
    const { repos } = store();
    const ws = await seedWorkspace(repos);
    await chooseCompatible(repos, ws.workspaceId);
    server.enqueue(HONEST);
    const messageId = await receive(repos, ws);
    const outcome = await run(repos, ws.workspaceId, messageId);
    expect(outcome.status).toBe('drafted');
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.composer).toBe('llm');
    expect(draft?.fallbackReason).toBeNull();
    expect(draft?.text).toContain('Could you reply with your order number');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body?.model).toBe('fake-model');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('falls back to the built-in draft, with the reason stored, when the LLM makes up facts', async () => {
    const { repos } = store();
    const ws = await seedWorkspace(repos);
    await chooseCompatible(repos, ws.workspaceId);
    server.enqueue(
      'Hi Maya,\n\nYour order #48213 shipped yesterday with UPS, tracking number 1Z999AA10123456784.\n\nBest regards,',
    );
    const messageId = await receive(repos, ws);
    await run(repos, ws.workspaceId, messageId);
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.composer).toBe('builtin');
    expect(draft?.fallbackReason).toMatch(/48213|1Z999AA10123456784/);
    expect(draft?.text).not.toContain('48213');
  });

  it("uses the built-in composer for 'builtin', and the environment's composer when nothing was chosen", async () => {
    const { repos } = store();
    const envComposer: LlmComposer = async (input) => ({
      draft: {
        subject: `Re: ${input.message.subject}`,
        text: 'from the env composer',
        composer: 'llm',
        fallbackReason: null,
      },
      factCheck: { ok: true, violations: [] },
    });
    const unset = await seedWorkspace(repos);
    const unsetMessage = await receive(repos, unset);
    await run(repos, unset.workspaceId, unsetMessage, envComposer);
    expect((await repos.drafts.byMessage(unset.workspaceId, unsetMessage))?.text).toBe('from the env composer');

    const builtin = await seedWorkspace(repos);
    await repos.prefs.setLlm(builtin.workspaceId, {
      provider: 'builtin',
      model: '',
      baseUrl: null,
      apiKeySecretId: null,
    });
    const builtinMessage = await receive(repos, builtin);
    await run(repos, builtin.workspaceId, builtinMessage, envComposer);
    const draft = await repos.drafts.byMessage(builtin.workspaceId, builtinMessage);
    expect(draft?.composer).toBe('builtin');
    expect(draft?.fallbackReason).toBeNull();
    expect(server.requests).toHaveLength(0);
  });

  it('drafts with the built-in composer and says why when the settings cannot work (no API key)', async () => {
    const { repos } = store();
    const ws = await seedWorkspace(repos);
    await repos.prefs.setLlm(ws.workspaceId, { provider: 'openai', model: '', baseUrl: null, apiKeySecretId: null });
    const messageId = await receive(repos, ws);
    await run(repos, ws.workspaceId, messageId);
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.composer).toBe('builtin');
    expect(draft?.fallbackReason).toMatch(/LLM settings cannot be used: .*API key/);
  });
});
