/**
 * The network-egress guard for connections to places a tenant chooses (an inbox's IMAP/SMTP
 * host, a workspace's LLM base URL). A host name is resolved and refused when ANY of its
 * addresses is not public unicast: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * link-local (169.254/16 with the cloud metadata address, fe80::/10), CGNAT (100.64/10),
 * unspecified, broadcast, multicast, reserved, and IPv6 forms that embed an IPv4 address
 * (mapped, NAT64, 6to4, Teredo). The range math is ipaddr.js's.
 *
 * Callers connect to the address that was checked (`pinHost`, or `egressLookup` as the socket's
 * DNS hook), so a name that resolves differently between check and connect (DNS rebinding) does
 * not get through. The operator may allow named private hosts or addresses
 * (SNOOOZ_ALLOW_PRIVATE_HOSTS, e.g. a self-hosted model server on the LAN).
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOneOptions, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from './errors.js';

export const ALLOW_PRIVATE_HOSTS_ENV = 'SNOOOZ_ALLOW_PRIVATE_HOSTS';

export interface EgressPolicy {
  /**
   * Lower-case host names, IP literals and CIDR ranges (`10.20.0.0/16`) the operator allows even
   * when they are not public.
   */
  readonly allowPrivate: ReadonlySet<string>;
}

/** Refused by the guard; the message is the generic one a tenant may see. */
export class EgressError extends AppError {
  /** The host and address refused, for the operator's log only. */
  readonly detail: string;
  constructor(detail: string) {
    super('egress_refused', 'The server address is not allowed.');
    this.name = 'EgressError';
    this.detail = detail;
  }
}

export function egressPolicy(allow: Iterable<string> = []): EgressPolicy {
  const names = new Set<string>();
  for (const entry of allow) {
    const name = normaliseHost(entry);
    if (name === '') continue;
    if (ipaddr.isValidCIDR(name)) {
      const [range, bits] = ipaddr.parseCIDR(name);
      names.add(`${range.toString()}/${bits}`);
    } else {
      names.add(isIP(name) ? ipaddr.process(name).toString() : name);
    }
  }
  return { allowPrivate: names };
}

/** Nothing private allowed: the default for every tenant-chosen connection. */
export const STRICT_EGRESS: EgressPolicy = egressPolicy();

/** `SNOOOZ_ALLOW_PRIVATE_HOSTS=llm.lan,10.0.0.5` (comma or space separated). */
export function egressPolicyFromEnv(env: Record<string, string | undefined>): EgressPolicy {
  return egressPolicy((env[ALLOW_PRIVATE_HOSTS_ENV] ?? '').split(/[\s,]+/));
}

/** Whether an IP literal is public unicast (the only kind a tenant may reach unasked). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 it carries.
  return ipaddr.process(address).range() === 'unicast';
}

export type Lookup = (host: string) => Promise<LookupAddress[]>;

const systemLookup: Lookup = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * Every address `host` resolves to, or EgressError when any of them is not allowed. An
 * allowed name is trusted with whatever it resolves to; an allowed address only as itself.
 */
export async function resolveEgress(
  host: string,
  policy: EgressPolicy,
  lookup: Lookup = systemLookup,
): Promise<LookupAddress[]> {
  const name = normaliseHost(host);
  if (isIP(name)) {
    if (!allowedAddress(name, policy)) throw new EgressError(`${name} is not a public address`);
    return [{ address: name, family: isIP(name) }];
  }
  const addresses = await lookup(name);
  if (addresses.length === 0) throw new EgressError(`${name} resolves to no address`);
  if (policy.allowPrivate.has(name)) return addresses;
  const refused = addresses.find((a) => !allowedAddress(a.address, policy));
  if (refused) throw new EgressError(`${name} resolves to ${refused.address}, which is not a public address`);
  return addresses;
}

/**
 * The checked address to connect to and the name for TLS (SNI and certificate check), so the
 * socket never resolves the name again.
 */
export async function pinHost(
  host: string,
  policy: EgressPolicy,
  lookup?: Lookup,
): Promise<{ address: string; servername: string | undefined }> {
  const addresses = await resolveEgress(host, policy, lookup);
  // IPv4 first, as nodemailer does: one pinned address cannot fall back like happy eyeballs, and
  // an IPv6 route is the one more often missing.
  const chosen = addresses.find((a) => a.family === 4) ?? addresses[0]!;
  const name = normaliseHost(host);
  return { address: chosen.address, servername: isIP(name) ? undefined : name };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls/undici sockets that resolves through the guard, so every resolution
 * (every request, every reconnect) is checked and the socket uses the address checked. Sockets
 * skip `lookup` for IP literals: check those with `resolveEgress` before connecting.
 */
export function egressLookup(
  policy: EgressPolicy,
  lookup?: Lookup,
): (hostname: string, options: LookupOptions | LookupOneOptions, callback: LookupCallback) => void {
  return (hostname, options, callback) => {
    resolveEgress(hostname, policy, lookup).then(
      (addresses) => {
        const family = typeof options === 'object' ? options.family : undefined;
        const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if ((options as LookupOptions).all) return callback(null, wanted);
        const first = wanted[0];
        if (!first) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '');
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** The guard's reason (host and address refused) from anywhere in an error's cause chain, or null. */
export function egressDetailOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 6; depth++) {
    if (e instanceof EgressError) return e.detail;
    e = e.cause ?? (e as { lastError?: unknown }).lastError;
  }
  return null;
}

function allowedAddress(address: string, policy: EgressPolicy): boolean {
  if (isPublicAddress(address)) return true;
  const ip = ipaddr.process(address);
  if (policy.allowPrivate.has(ip.toString())) return true;
  for (const entry of policy.allowPrivate) {
    if (!entry.includes('/')) continue;
    const [range, bits] = ipaddr.parseCIDR(entry);
    if (range.kind() === ip.kind() && ip.match(range, bits)) return true;
  }
  return false;
}

/** Lower case, no IPv6 brackets, no trailing dot (a fully qualified name is the same host). */
function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}
