/**
 * Offline DNS and a real DKIM signer for tests of sender authentication: a stub resolver serving
 * the TXT records of SPF, DKIM and DMARC, and a key pair generated per test run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { DnsResolver } from './verify.js';

export interface StubDns {
  resolver: DnsResolver;
  txt(name: string, value: string): void;
}

export function stubDns(): StubDns {
  const records = new Map<string, string[][]>();
  return {
    txt(name, value) {
      const key = `TXT ${name.toLowerCase()}`;
      records.set(key, [...(records.get(key) ?? []), [value]]);
    },
    async resolver(domain, rrtype) {
      const found = records.get(`${rrtype.toUpperCase()} ${domain.toLowerCase()}`);
      if (found) return found;
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND', hostname: domain });
    },
  };
}

export interface TestDkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  /** The `selector._domainkey.domain` TXT value. */
  record: string;
}

export function dkimKey(domain: string, selector = 'test'): TestDkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${der}`,
  };
}

/** Publishes the key, an SPF record and a DMARC reject policy for its domain. */
export function publishDomain(dns: StubDns, key: TestDkimKey, spf = 'v=spf1 -all'): void {
  dns.txt(`${key.selector}._domainkey.${key.domain}`, key.record);
  dns.txt(key.domain, spf);
  dns.txt(`_dmarc.${key.domain}`, 'v=DMARC1; p=reject');
}

/** The message with a DKIM-Signature of `key` prepended. */
export async function signed(raw: Buffer, key: TestDkimKey): Promise<Buffer> {
  const signature = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey };
  const result = await dkimSign(raw, { ...signature, signatureData: [signature] });
  if (result.errors.length > 0) throw result.errors[0];
  return Buffer.concat([Buffer.from(result.signatures), raw]);
}
