/**
 * A scripted `fetch` for unit tests of the client's wire handling (retries, timeouts, 429s)
 * without a server. Each call takes the next reply from the script; the last one repeats.
 */

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  redirect: RequestInit['redirect'];
}

export type Reply =
  | { status: number; body?: unknown; text?: string; headers?: Record<string, string> }
  | { hang: true }
  | { networkError: Error };

export interface FakeFetch {
  fetch: typeof fetch;
  calls: RecordedCall[];
  maxInFlight: number;
}

export function fakeFetch(script: Reply[] | ((call: RecordedCall, index: number) => Reply), delayMs = 0): FakeFetch {
  const calls: RecordedCall[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const next = (call: RecordedCall, index: number): Reply => {
    if (typeof script === 'function') return script(call, index);
    const reply = script[Math.min(index, script.length - 1)];
    if (!reply) throw new Error('empty script');
    return reply;
  };

  const impl = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const call: RecordedCall = { url: String(input), method: init.method ?? 'GET', headers, redirect: init.redirect };
    const index = calls.length;
    calls.push(call);
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      const signal = init.signal ?? undefined;
      if (delayMs > 0) await abortableWait(delayMs, signal);
      const reply = next(call, index);
      if ('hang' in reply) {
        await abortableWait(60_000, signal);
        throw new Error('hang ended without abort');
      }
      if ('networkError' in reply) throw reply.networkError;
      const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      const responseHeaders = new Headers(reply.headers);
      if (reply.body !== undefined && !responseHeaders.has('content-type')) {
        responseHeaders.set('content-type', 'application/json');
      }
      const nullBody = reply.status === 204 || reply.status === 304;
      return new Response(nullBody ? null : text, { status: reply.status, headers: responseHeaders });
    } finally {
      inFlight -= 1;
    }
  };

  return {
    fetch: impl as typeof fetch,
    calls,
    get maxInFlight() {
      return state.maxInFlight;
    },
  };
}

function abortableWait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export const TEST_TOKEN = 'k3xampl3t0k3n0nly4t3sts0000000';
export const TEST_HASH = 'abc123def';
