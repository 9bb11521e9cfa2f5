/**
 * Which reverse proxies may tell us the client's address. `X-Forwarded-For` is honoured only
 * when the socket peer is one of them, and then the client is the right-most address in the
 * chain that is not a trusted proxy (Fastify's `trustProxy` with a list does exactly this, via
 * proxy-addr). With no list, the socket address is the client and the header is ignored.
 */
import { isIP } from 'node:net';
import { InputError } from '../../shared/errors.js';

export const TRUSTED_PROXIES_ENV = 'SNOOOZ_TRUSTED_PROXIES';

/** proxy-addr's names for whole ranges. */
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function valid(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A comma-separated list of IPs, CIDRs or loopback/linklocal/uniquelocal. */
export function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = entries.find((entry) => !valid(entry));
  if (bad !== undefined) {
    throw new InputError(
      'invalid_config',
      `${TRUSTED_PROXIES_ENV}: "${bad.slice(0, 60)}" is not an IP address, a CIDR range or loopback/linklocal/uniquelocal.`,
    );
  }
  return entries;
}

export function resolveTrustedProxies(env: NodeJS.ProcessEnv): string[] {
  return parseTrustedProxies(env[TRUSTED_PROXIES_ENV]);
}
