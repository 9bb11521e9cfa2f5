/**
 * A `fetch` for HTTP calls to a tenant-chosen server (a workspace's LLM base URL), for the AI
 * SDK providers' `fetch` option. Every request's host goes through the egress guard: IP
 * literals before the request, names in the socket's DNS lookup (so the socket connects to the
 * address checked). Redirects are never followed, so a public server cannot bounce the request
 * to a private one; a 3xx becomes an EgressError.
 */
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { EgressError, egressLookup, resolveEgress, type EgressPolicy, type Lookup } from './egress.js';

export function guardedFetch(policy: EgressPolicy, options: { lookup?: Lookup } = {}): typeof fetch {
  const agent = new Agent({ connect: { lookup: egressLookup(policy, options.lookup) } });
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new EgressError(`${url.protocol} is not http(s)`);
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    // Sockets skip the lookup hook for IP literals, so those are checked here.
    if (isIP(host)) await resolveEgress(host, policy, options.lookup);
    const response = await undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      redirect: 'manual',
      dispatcher: agent,
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw new EgressError(`${url.host} answered with a redirect (${response.status}), which is not followed`);
    }
    return response as unknown as Response;
  };
  return guarded as typeof fetch;
}
