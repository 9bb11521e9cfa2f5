/**
 * A workspace's own LLM base URL goes through the egress guard, and whatever goes wrong with
 * it, the draft says only "the model server could not be reached" (the detail is logged for the
 * operator): real listeners on loopback, a real database on both dialects.
 */
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../test/fakes/openai-compatible-server.js';
import { MODEL_SERVER_UNREACHABLE } from '../assistant/index.js';
import type { Repositories } from '../db/index.js';
import { seedWorkspace, withTestDatabases } from '../db/test-databases.js';
import { egressPolicy, type EgressPolicy } from '../shared/egress.js';
import type { Logger } from '../shared/logger.js';
import { ingestRawEmail } from './ingest.js';
import { processStoredMessage } from './process-stored-message.js';
import { createWorkspaceLlm } from './workspace-llm.js';

let llm: FakeOpenAiServer;
/** Speaks something that is not HTTP (an SSH banner) and hangs up. */
let notHttp: Server;
const sockets = new Set<Socket>();
/** A port nothing listens on. */
let closedPort: number;

beforeAll(async () => {
  llm = await startFakeOpenAiServer();
  notHttp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.end('SSH-2.0-OpenSSH_9.6\r\n');
  });
  await new Promise<void>((resolve) => notHttp.listen(0, '127.0.0.1', resolve));
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await llm.close();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => notHttp.close(resolve));
});
beforeEach(() => llm.reset());

function capturingLogger(lines: string[]): Logger {
  const logger = {
    warn: (obj: unknown, msg?: string) => void lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
    child: () => logger,
  };
  return logger as unknown as Logger;
}

let sequence = 0;
async function draftWith(
  repos: Repositories,
  baseUrl: string,
  egress: EgressPolicy | undefined,
  logs: string[] = [],
): Promise<{ composer: string | undefined; fallbackReason: string | null | undefined }> {
  const ws = await seedWorkspace(repos);
  await repos.prefs.setLlm(ws.workspaceId, {
    provider: 'openai-compatible',
    model: 'fake-model',
    baseUrl,
    apiKeySecretId: null,
  });
  sequence += 1;
  const raw = Buffer.from(
    [
      'From: Maya Lopez <maya@customer.example>',
      'To: support@shop.example',
      'Subject: Question about my order',
      `Message-ID: <egress-${sequence}-${Date.now()}@customer.example>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hi, I have a question about my order. Can you help?',
      '',
    ].join('\r\n'),
  );
  const { message } = await ingestRawEmail(repos, { ...ws, raw, source: 'http' });
  const llmFor = createWorkspaceLlm({
    repos,
    env: {},
    fallback: null,
    logger: capturingLogger(logs),
    ...(egress ? { egress } : {}),
  });
  const openStore = () => {
    throw new Error('no store in these tests');
  };
  await processStoredMessage({ repos, openStore, llmFor }, ws.workspaceId, message.id);
  const draft = await repos.drafts.byMessage(ws.workspaceId, message.id);
  return { composer: draft?.composer, fallbackReason: draft?.fallbackReason };
}

withTestDatabases('workspace LLM base URL egress', (store) => {
  it('refuses a base URL on loopback or the metadata address unless the operator allows it', async () => {
    const { repos } = store();
    const logs: string[] = [];
    const loopback = await draftWith(repos, llm.baseURL, undefined, logs);
    expect(loopback).toEqual({ composer: 'builtin', fallbackReason: MODEL_SERVER_UNREACHABLE });
    expect(llm.requests).toEqual([]);
    // The operator's log says why; the tenant's draft does not.
    expect(logs.join('\n')).toContain('127.0.0.1 is not a public address');

    const metadata = await draftWith(repos, 'http://169.254.169.254/v1', undefined);
    expect(metadata).toEqual({ composer: 'builtin', fallbackReason: MODEL_SERVER_UNREACHABLE });

    llm.enqueue('Hi Maya,\n\nCould you send me your order number so I can look it up?\n\nBest regards,');
    const allowed = await draftWith(repos, llm.baseURL, egressPolicy(['127.0.0.1']));
    expect(allowed).toEqual({ composer: 'llm', fallbackReason: null });
    expect(llm.requests).toHaveLength(1);
  });

  it('tells the tenant the same thing for a closed port, a service that is not HTTP and an HTTP error', async () => {
    const { repos } = store();
    const allow = egressPolicy(['127.0.0.1']);
    const logs: string[] = [];
    llm.enqueue(
      { status: 401, error: { message: 'Incorrect API key provided' } },
      { status: 401, error: { message: 'Incorrect API key provided' } },
    );
    const reasons = [
      await draftWith(repos, `http://127.0.0.1:${closedPort}/v1`, allow, logs),
      await draftWith(repos, `http://127.0.0.1:${(notHttp.address() as AddressInfo).port}/v1`, allow, logs),
      await draftWith(repos, llm.baseURL, allow, logs),
    ].map((d) => d.fallbackReason);
    expect(reasons).toEqual([MODEL_SERVER_UNREACHABLE, MODEL_SERVER_UNREACHABLE, MODEL_SERVER_UNREACHABLE]);
    // The operator still gets the detail of each.
    expect(logs).toHaveLength(3);
    expect(logs[2]).toContain('401');
  });
});
