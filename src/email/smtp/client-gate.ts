/**
 * Who may talk to the SMTP receiver, and how much: the relay networks an operator allows
 * (CIDRs), and per-client limits on open connections, connections per minute and messages per
 * minute. A client is its IPv4 address, or its IPv6 /64 (one host usually holds a whole /64, so
 * counting single IPv6 addresses would let it pick a fresh one per connection).
 */
import { BlockList, isIP } from 'node:net';

export interface ClientLimits {
  /** Connections open at once from one client (0: no limit). */
  maxConnectionsPerClient: number;
  /** New connections per client per minute (0: no limit). */
  connectionsPerMinute: number;
  /** Messages (MAIL FROM) per client per minute (0: no limit). */
  messagesPerMinute: number;
}

export type ConnectVerdict = 'ok' | 'too_many_open' | 'too_fast';

export interface ClientGate {
  /** Whether the address is in an allowed network; true for anyone when none are configured. */
  allowed(address: string): boolean;
  /** Counts a connection; when not 'ok' nothing is counted and the client is to be refused. */
  connect(address: string): ConnectVerdict;
  disconnect(address: string): void;
  /** Counts a message; false when the client is over its per-minute budget. */
  message(address: string): boolean;
}

const WINDOW_MS = 60_000;
/** Past this many tracked clients, expired windows are swept on the next connection. */
const SWEEP_AT = 10_000;

/**
 * Parses an operator's list of networks: `10.0.0.0/8`, `2001:db8::/32`, or a single address
 * (`192.0.2.7`, `::1`). Throws a readable Error for anything else.
 */
export function parseNetworks(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address = '', prefixText, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (
      family === 0 ||
      extra !== undefined ||
      (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > max
    ) {
      throw new Error(`"${entry}" is not a network (expected e.g. 10.0.0.0/8, 2001:db8::/32 or 192.0.2.7)`);
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** `::ffff:192.0.2.7` (an IPv4 client on a dual-stack socket) → `192.0.2.7`; zone ids dropped. */
export function plainAddress(address: string): string {
  const bare = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  return mapped?.[1] ?? bare;
}

/** The rate-limit key of a client: its IPv4 address, or its IPv6 /64. */
export function clientKey(address: string): string {
  const plain = plainAddress(address);
  if (isIP(plain) !== 6) return plain;
  const [head = '', tail] = plain.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? left
      : [...left, ...new Array<string>(Math.max(8 - left.length - right.length, 0)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function createClientGate(
  limits: ClientLimits,
  networks: BlockList | null,
  now: () => number = Date.now,
): ClientGate {
  const open = new Map<string, number>();
  const windows = new Map<string, { start: number; connections: number; messages: number }>();

  function windowOf(key: string) {
    const at = now();
    let window = windows.get(key);
    if (!window || at - window.start >= WINDOW_MS) {
      if (windows.size >= SWEEP_AT) {
        for (const [k, w] of windows) if (at - w.start >= WINDOW_MS) windows.delete(k);
      }
      window = { start: at, connections: 0, messages: 0 };
      windows.set(key, window);
    }
    return window;
  }

  return {
    allowed(address) {
      if (!networks) return true;
      const plain = plainAddress(address);
      const family = isIP(plain);
      return family !== 0 && networks.check(plain, family === 4 ? 'ipv4' : 'ipv6');
    },
    connect(address) {
      const key = clientKey(address);
      const openNow = open.get(key) ?? 0;
      if (limits.maxConnectionsPerClient > 0 && openNow >= limits.maxConnectionsPerClient) return 'too_many_open';
      const window = windowOf(key);
      if (limits.connectionsPerMinute > 0 && window.connections >= limits.connectionsPerMinute) return 'too_fast';
      window.connections += 1;
      open.set(key, openNow + 1);
      return 'ok';
    },
    disconnect(address) {
      const key = clientKey(address);
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    },
    message(address) {
      const window = windowOf(clientKey(address));
      if (limits.messagesPerMinute > 0 && window.messages >= limits.messagesPerMinute) return false;
      window.messages += 1;
      return true;
    },
  };
}
