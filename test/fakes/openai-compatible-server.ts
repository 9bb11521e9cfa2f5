/**
 * A local stand-in for an OpenAI-compatible server (Ollama, vLLM, llama.cpp server), speaking the
 * Chat Completions wire format over real HTTP so tests exercise the actual provider code path:
 * request building, auth header, JSON parsing, SSE streaming and error bodies.
 *
 * Scripted per test: queue replies with `enqueue`, or answer from a function with `respondWith`.
 * Every request is recorded so tests can assert what the prompt contained.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeErrorReply {
  status: number;
  error: { message: string; type?: string; code?: string | null };
}

export interface FakeTextReply {
  content: string;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
  finishReason?: 'stop' | 'length' | 'content_filter';
}

export type FakeReply = string | FakeTextReply | FakeErrorReply;

export interface ChatMessage {
  role: string;
  content: string | { type: string; text?: string }[];
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (null for GET or unparsable bodies). */
  body: ChatCompletionRequest | null;
}

export type ReplyFunction = (request: ChatCompletionRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAiServer {
  /** e.g. "http://127.0.0.1:54321/v1" */
  baseURL: string;
  requests: RecordedRequest[];
  enqueue(...replies: FakeReply[]): void;
  respondWith(fn: ReplyFunction): void;
  /** Forget recorded requests, queued replies and the reply function. */
  reset(): void;
  close(): Promise<void>;
}

const MODELS = ['fake-model', 'llama3.1'];

export async function startFakeOpenAiServer(options: { models?: string[] } = {}): Promise<FakeOpenAiServer> {
  const models = options.models ?? MODELS;
  const queue: FakeReply[] = [];
  let replyFn: ReplyFunction | null = null;
  const requests: RecordedRequest[] = [];
  let counter = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: ChatCompletionRequest | null = null;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as ChatCompletionRequest;
      } catch {
        body = null;
      }
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body });

    if (req.method === 'GET' && url.pathname === '/v1/models') {
      sendJson(res, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })),
      });
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      sendError(res, { status: 404, error: { message: `Unknown route ${req.method} ${url.pathname}` } });
      return;
    }
    if (body === null || !Array.isArray(body.messages)) {
      sendError(res, { status: 400, error: { message: 'Invalid JSON body', type: 'invalid_request_error' } });
      return;
    }

    const reply = normalise(await nextReply(body));
    if ('error' in reply) {
      sendError(res, reply);
      return;
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) {
      const completed = await waitUnlessClosed(res, reply.delayMs);
      if (!completed) return; // the client gave up (timeout); nothing left to answer
    }
    counter += 1;
    const id = `chatcmpl-fake-${counter}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = {
      prompt_tokens: countTokens(body.messages),
      completion_tokens: countTokens([{ role: 'assistant', content: reply.content }]),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const finishReason = reply.finishReason ?? 'stop';

    if (body.stream === true) {
      streamReply(res, { id, created, model: body.model, content: reply.content, finishReason, usage, body });
      return;
    }
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model: body.model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: finishReason }],
      usage,
    });
  }

  async function nextReply(body: ChatCompletionRequest): Promise<FakeReply> {
    const queued = queue.shift();
    if (queued !== undefined) return queued;
    if (replyFn !== null) return replyFn(body);
    return { status: 500, error: { message: 'The fake server has no reply scripted', type: 'server_error' } };
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, { status: 500, error: { message: String(error), type: 'server_error' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    respondWith: (fn) => {
      replyFn = fn;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      replyFn = null;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function normalise(reply: FakeReply): FakeTextReply | FakeErrorReply {
  return typeof reply === 'string' ? { content: reply } : reply;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** OpenAI's error envelope; `code` is what clients branch on (e.g. "invalid_api_key"). */
function sendError(res: ServerResponse, reply: FakeErrorReply): void {
  const type = reply.error.type ?? (reply.status >= 500 ? 'server_error' : 'invalid_request_error');
  sendJson(res, reply.status, {
    error: { message: reply.error.message, type, param: null, code: reply.error.code ?? null },
  });
}

/** Resolves true after `ms`, or false as soon as the client disconnects. */
function waitUnlessClosed(res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    res.once('close', onClose);
  });
}

function streamReply(
  res: ServerResponse,
  reply: {
    id: string;
    created: number;
    model: string;
    content: string;
    finishReason: string;
    usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    body: ChatCompletionRequest;
  },
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const base = { id: reply.id, object: 'chat.completion.chunk', created: reply.created, model: reply.model };
  const send = (payload: unknown): void => void res.write(`data: ${JSON.stringify(payload)}\n\n`);
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  // Word-sized pieces, like a real server, so clients must reassemble the text.
  for (const piece of reply.content.match(/\S+\s*|\s+/g) ?? []) {
    send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: reply.finishReason }] });
  if (reply.body.stream_options?.include_usage === true) send({ ...base, choices: [], usage: reply.usage });
  res.write('data: [DONE]\n\n');
  res.end();
}

/** A rough token count (words), enough for usage fields to be plausible. */
function countTokens(messages: ChatMessage[]): number {
  let words = 0;
  for (const message of messages) {
    const text =
      typeof message.content === 'string' ? message.content : message.content.map((p) => p.text ?? '').join(' ');
    words += text.split(/\s+/).filter(Boolean).length;
  }
  return words;
}
