/**
 * The simulator's HTTP server (node:http, so faults can hang or reset a socket). Order of checks
 * per request: injected fault → URL shape → trailing slash → token → rate limit → method/scope → route.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_READ_SCOPES, DEFAULT_TOKEN, TokenRegistry, canModify, canRead } from './http/auth.js';
import { FaultList } from './http/faults.js';
import type { SimFault } from './http/faults.js';
import { RateWindow, UNLIMITED_STATE, rateHeaders } from './http/rate-limit.js';
import type { ApiVersion, Reply } from './http/reply.js';
import {
  errorFor,
  htmlError,
  notFound,
  scopeError,
  statusReply,
  tooManyRequests,
  unauthorized,
  v3Error,
} from './http/reply.js';
import { sendReply } from './http/send.js';
import { findRoute } from './routes/index.js';
import { HOOKS_PATH, HookRegistry } from './routes/hooks.js';
import type { StoreView } from './store-index.js';
import { FrozenIndex, LiveView } from './store-index.js';
import type { StoreData } from './store-data.js';
import { ensureStoreData } from './store-data.js';
import type { SimRequestLog, Simulator, SimulatorOptions } from './types.js';

interface StoreState {
  data: StoreData;
  /** Built on first use; replaced by a scanning LiveView once `store()` hands the data out. */
  index: StoreView | null;
  rate: RateWindow;
  served: number;
}

type Outcome = { reply: Reply; headers: Record<string, string> } | 'hang' | 'reset';

const DEFAULT_RATE = { quota: 150, windowMs: 30_000 };

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const tokens = new TokenRegistry();
  const stores = new Map<string, StoreState>();
  const rateConfig = options.rateLimit === undefined ? DEFAULT_RATE : options.rateLimit;
  options.stores.forEach((config, i) => {
    const data = ensureStoreData(config.data, `store data #${i + 1}`);
    if (stores.has(data.hash)) throw new Error(`Duplicate simulator store hash "${data.hash}"`);
    stores.set(data.hash, { data, index: null, rate: new RateWindow(rateConfig), served: 0 });
    for (const token of config.tokens ?? [{ token: DEFAULT_TOKEN, scopes: ALL_READ_SCOPES }])
      tokens.add(data.hash, token);
  });
  const faults = new FaultList();
  const emailMatch = options.emailMatch ?? 'case-insensitive';
  let latencyMs = options.latencyMs ?? 0;
  const requests: SimRequestLog[] = [];
  const writeAttempts: SimRequestLog[] = [];
  const hookRequests: SimRequestLog[] = [];
  const hooks = new HookRegistry();
  const hanging = new Set<ServerResponse>();
  let url = '';

  function decide(
    req: IncomingMessage,
    version: ApiVersion | null,
    hash: string | null,
    path: string,
    body: string,
  ): Outcome {
    const plain = (reply: Reply): Outcome => ({ reply, headers: {} });
    const fault = faults.take(path);
    if (fault) return faultOutcome(fault, version, rateConfig);
    if (hash === null || version === null) return plain(notFound(version));
    // BigCommerce rejects a trailing slash before looking at the token: v3 403, v2 401.
    if (path.endsWith('/')) {
      return plain(
        version === 'v3'
          ? v3Error(403, 'Authentication Required', 'https://developer.bigcommerce.com/api#api-status-codes')
          : unauthorized(),
      );
    }
    const header = req.headers['x-auth-token'];
    const auth = tokens.resolve(Array.isArray(header) ? header[0] : header, hash);
    if (auth.kind === 'unknown') return plain(unauthorized());
    const state = stores.get(hash);
    if (auth.kind === 'other-store' || !state) return plain(scopeError());

    const { allowed, state: rate } = state.rate.take(Date.now());
    const headers = rateHeaders(rate ?? UNLIMITED_STATE);
    state.served += 1;
    if (version === 'v2') headers['x-bc-apilimit-remaining'] = String(Math.max(0, 20_000 - state.served));
    if (!allowed && rate) {
      headers['x-retry-after'] = String(Math.max(1, Math.ceil(rate.resetMs / 1000)));
      return { reply: tooManyRequests(), headers };
    }
    const method = req.method ?? 'GET';
    const hookMatch = version === 'v3' ? HOOKS_PATH.exec(path) : null;
    if (hookMatch) {
      // A webhook subscription belongs to the API account (token); it needs no store-data scope.
      const reply = hooks.handle({
        storeHash: hash,
        clientId: createHash('sha256')
          .update(String(Array.isArray(header) ? header[0] : header))
          .digest('hex')
          .slice(0, 12),
        method,
        id: hookMatch[1] === undefined ? null : Number(hookMatch[1]),
        body,
      });
      return { reply, headers };
    }
    const found = findRoute(path);
    if (!found) return { reply: notFound(version), headers };
    if (method !== 'GET' && method !== 'HEAD') {
      // Read-only tokens get the scope error, as on the real API; the simulator never writes.
      const reply = canModify(auth.scopes, found.route.scope)
        ? errorFor(version, 405, 'Method Not Allowed: the simulator is read-only')
        : scopeError();
      return { reply, headers };
    }
    if (!canRead(auth.scopes, found.route.scope)) return { reply: scopeError(), headers };
    state.index ??= new FrozenIndex(state.data);
    const reply = found.route.handle({
      data: state.data,
      index: state.index,
      render: { store: state.data, storeBase: `${url}/stores/${hash}` },
      query: new URL(req.url ?? '/', 'http://localhost').searchParams,
      params: found.params,
      emailMatch,
    });
    return { reply, headers };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const target = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/stores\/([^/]*)(\/.*)?$/.exec(target.pathname);
    const hash = match ? (match[1] ?? '') : null;
    const path = match ? (match[2] ?? '') : target.pathname;
    const version: ApiVersion | null = /^\/v2(\/|$)/.test(path) ? 'v2' : /^\/v3(\/|$)/.test(path) ? 'v3' : null;
    const method = req.method ?? 'GET';
    const isHook = version === 'v3' && HOOKS_PATH.test(path);
    // Only webhook registrations are read; bodies of write attempts to store data never are.
    const body = isHook ? await readBody(req) : (req.resume(), '');
    const entry: SimRequestLog = {
      method,
      path,
      query: target.search.replace(/^\?/, ''),
      status: 0,
      storeHash: hash ?? '',
      at: started,
    };
    requests.push(entry);
    // Hook registrations are logged apart: they change no store data.
    if (method !== 'GET' && method !== 'HEAD') (isHook ? hookRequests : writeAttempts).push(entry);

    let outcome: Outcome;
    try {
      outcome = decide(req, version, hash, path, body);
    } catch (error) {
      options.logger?.(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
      outcome = { reply: errorFor(version, 500, 'Internal Server Error'), headers: {} };
    }
    if (latencyMs > 0) await sleep(latencyMs);
    if (outcome === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
    } else if (outcome === 'reset') {
      req.socket.destroy();
    } else {
      entry.status = outcome.reply.status;
      if (!res.destroyed) sendReply(req, res, outcome.reply, version, outcome.headers);
    }
    const shown = outcome === 'hang' ? 'hang' : outcome === 'reset' ? 'reset' : String(entry.status);
    options.logger?.(`${method} ${target.pathname}${target.search} ${shown} ${Date.now() - started}ms`);
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    storeHashes: [...stores.keys()],
    requests,
    writeAttempts,
    hookRequests,
    hooks: (hash) => hooks.list(hash).map((hook) => ({ ...hook, headers: hook.headers ? { ...hook.headers } : null })),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    resetLog: () => {
      requests.length = 0;
      writeAttempts.length = 0;
      hookRequests.length = 0;
    },
    store(hash) {
      const state = stores.get(hash);
      if (!state) throw new Error(`No simulator store with hash "${hash}"`);
      // The caller may now change anything, so stop trusting prebuilt indexes.
      state.index = new LiveView(state.data);
      return state.data;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hanging) res.destroy();
        hanging.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const MAX_HOOK_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_HOOK_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function faultOutcome(
  fault: SimFault,
  version: ApiVersion | null,
  rateConfig: { quota: number; windowMs: number } | null,
): Outcome {
  const kind = fault.kind ?? 'status';
  if (kind === 'timeout') return 'hang';
  if (kind === 'reset') return 'reset';
  const status = fault.status ?? 500;
  if (kind === 'html') return { reply: htmlError(status), headers: {} };
  const headers: Record<string, string> = {};
  if (status === 429) {
    const resetMs = fault.retryAfterMs ?? 15_000;
    const rate = rateConfig ?? DEFAULT_RATE;
    Object.assign(headers, rateHeaders({ quota: rate.quota, windowMs: rate.windowMs, left: 0, resetMs }));
    headers['x-retry-after'] = String(Math.max(1, Math.ceil(resetMs / 1000)));
  }
  return { reply: statusReply(version, status), headers };
}
