/** The egress guard's address classes, its DNS check (every address, after resolution) and the allow-list. */
import { describe, expect, it } from 'vitest';
import {
  EgressError,
  STRICT_EGRESS,
  egressLookup,
  egressPolicy,
  egressPolicyFromEnv,
  isPublicAddress,
  pinHost,
  resolveEgress,
  type Lookup,
} from './egress.js';

const NOT_PUBLIC = [
  '127.0.0.1',
  '127.8.9.10',
  '10.1.2.3',
  '172.16.0.1',
  '172.31.255.254',
  '192.168.1.1',
  '169.254.169.254', // cloud metadata
  '169.254.10.20',
  '100.64.0.1', // CGNAT
  '100.127.255.254',
  '0.0.0.0',
  '224.0.0.1',
  '255.255.255.255',
  '::1',
  '::',
  'fe80::1',
  'fc00::1',
  'fd00:ec2::254', // AWS metadata over IPv6
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '::ffff:169.254.169.254',
  '64:ff9b::a00:1', // NAT64 of 10.0.0.1
  '2002:a00:1::1', // 6to4 of 10.0.0.1
  'ff02::1',
];
const PUBLIC = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];

const fakeDns =
  (table: Record<string, string[]>): Lookup =>
  async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('egress guard', () => {
  it.each(NOT_PUBLIC)('refuses %s', async (address) => {
    expect(isPublicAddress(address)).toBe(false);
    await expect(resolveEgress(address, STRICT_EGRESS)).rejects.toMatchObject({ code: 'egress_refused' });
  });

  it.each(PUBLIC)('allows the public address %s', async (address) => {
    expect(isPublicAddress(address)).toBe(true);
    await expect(resolveEgress(address, STRICT_EGRESS)).resolves.toHaveLength(1);
  });

  it('refuses a name when ANY of its addresses is not public, after resolution', async () => {
    const dns = fakeDns({ 'mail.example': ['93.184.216.34', '10.0.0.7'], 'ok.example': ['93.184.216.34'] });
    const refused = await resolveEgress('mail.example', STRICT_EGRESS, dns).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EgressError);
    // The tenant sees a generic message; the detail (which address) is for the operator's log.
    expect((refused as EgressError).message).toBe('The server address is not allowed.');
    expect((refused as EgressError).detail).toContain('10.0.0.7');
    await expect(resolveEgress('ok.example', STRICT_EGRESS, dns)).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
    ]);
  });

  it('refuses a real name that resolves to loopback (localhost), and [::1] written as a URL host', async () => {
    await expect(resolveEgress('localhost', STRICT_EGRESS)).rejects.toMatchObject({ code: 'egress_refused' });
    await expect(resolveEgress('LOCALHOST.', STRICT_EGRESS)).rejects.toMatchObject({ code: 'egress_refused' });
    await expect(resolveEgress('[::1]', STRICT_EGRESS)).rejects.toMatchObject({ code: 'egress_refused' });
  });

  it("allows the operator's named private hosts and addresses (SNOOOZ_ALLOW_PRIVATE_HOSTS), nothing else", async () => {
    const policy = egressPolicyFromEnv({ SNOOOZ_ALLOW_PRIVATE_HOSTS: 'llm.lan, 10.0.0.5 ,,::1' });
    const dns = fakeDns({ 'llm.lan': ['192.168.1.20'], 'other.lan': ['192.168.1.21'], 'nas.lan': ['10.0.0.5'] });
    await expect(resolveEgress('llm.lan', policy, dns)).resolves.toEqual([{ address: '192.168.1.20', family: 4 }]);
    await expect(resolveEgress('nas.lan', policy, dns)).resolves.toHaveLength(1);
    await expect(resolveEgress('10.0.0.5', policy)).resolves.toHaveLength(1);
    await expect(resolveEgress('0:0:0:0:0:0:0:1', policy)).resolves.toHaveLength(1);
    await expect(resolveEgress('other.lan', policy, dns)).rejects.toMatchObject({ code: 'egress_refused' });
    await expect(resolveEgress('10.0.0.6', policy)).rejects.toMatchObject({ code: 'egress_refused' });
    await expect(resolveEgress('169.254.169.254', policy)).rejects.toMatchObject({ code: 'egress_refused' });
    expect(egressPolicyFromEnv({}).allowPrivate.size).toBe(0);
    // A range: the operator's LAN, and nothing next to it.
    const lan = egressPolicyFromEnv({ SNOOOZ_ALLOW_PRIVATE_HOSTS: '192.168.50.0/24' });
    await expect(resolveEgress('192.168.50.7', lan)).resolves.toHaveLength(1);
    await expect(resolveEgress('::ffff:192.168.50.8', lan)).resolves.toHaveLength(1);
    await expect(resolveEgress('192.168.51.7', lan)).rejects.toMatchObject({ code: 'egress_refused' });
  });

  it('pins the checked address and keeps the name for TLS', async () => {
    const dns = fakeDns({ 'imap.example': ['2606:4700:4700::1111', '93.184.216.34'] });
    // IPv4 first (as nodemailer): a single pinned address has no happy-eyeballs fallback.
    await expect(pinHost('imap.example', STRICT_EGRESS, dns)).resolves.toEqual({
      address: '93.184.216.34',
      servername: 'imap.example',
    });
    await expect(pinHost('8.8.8.8', STRICT_EGRESS)).resolves.toEqual({ address: '8.8.8.8', servername: undefined });
  });

  it('checks every resolution a socket makes through the lookup hook', async () => {
    let answer = ['93.184.216.34'];
    const dns: Lookup = async () => answer.map((address) => ({ address, family: 4 }));
    const lookup = egressLookup(egressPolicy(), dns);
    const call = (all: boolean) =>
      new Promise<unknown>((resolve, reject) =>
        lookup('rebind.example', { all }, (error, address) => (error ? reject(error) : resolve(address))),
      );
    await expect(call(false)).resolves.toBe('93.184.216.34');
    await expect(call(true)).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
    // The same name now answers with the metadata address (DNS rebinding): refused.
    answer = ['169.254.169.254'];
    await expect(call(false)).rejects.toMatchObject({ code: 'egress_refused' });
  });
});
