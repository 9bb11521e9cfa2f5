/**
 * Sender authentication: is the From address of a message really the sender's?
 *
 * - Mail our own SMTP receiver accepted: SPF, DKIM, DMARC and ARC are checked here with mailauth
 *   against the envelope (client IP, HELO, MAIL FROM). Verified = DMARC pass (which means aligned
 *   with the From domain), or, for forwarded mail, a passing ARC chain whose last seal is by a
 *   trusted forwarder (shared/authserv-presets.ts) and whose sealed ARC-Authentication-Results say DMARC pass for
 *   this From domain.
 * - Mail read from a mailbox (IMAP) or posted to the API: we did not receive it, so only the
 *   mailbox provider's `Authentication-Results` can say, and only from the authserv-id the inbox
 *   is configured to trust: the topmost header with that id (the provider prepends its own on
 *   receipt; anything a sender wrote is below it). Without a configured id nothing is trusted.
 *
 * Anything else (no DMARC record, a temporary DNS error, a parse error) is "not verified": such
 * mail still gets a draft, it is just never answered without a person.
 */
import { Resolver } from 'node:dns/promises';
import { createRequire } from 'node:module';
import { authenticate } from 'mailauth';
import { describeError } from '../../shared/errors.js';
import { unverifiedSender, type SenderVerdict } from '../../shared/sender-verdict.js';
import { TRUSTED_ARC_SEALERS, trustedAuthserv } from '../../shared/authserv-presets.js';

/** mailauth's resolver: like `dns.promises.resolve`; TXT answers are arrays of chunks. */
export type DnsResolver = (domain: string, rrtype: string) => Promise<string[][] | string[]>;

export interface SmtpAuthEnvelope {
  /** MAIL FROM (null for a bounce). */
  from: string | null;
  remoteAddress: string | null;
  helo: string | null;
}

export interface SmtpAuthOptions {
  /** Our receiver's name, written as the authserv-id of the results. */
  mta: string;
  /** Default: the system resolver. Tests pass a stub so they run offline. */
  resolver?: DnsResolver;
}

interface AuthHeaderPart {
  value?: string;
  header?: { from?: string; d?: string };
}
interface ParsedAuthHeader {
  dmarc?: AuthHeaderPart;
  spf?: AuthHeaderPart;
  arc?: AuthHeaderPart;
  dkim?: AuthHeaderPart[];
}
interface ArcAuthResults {
  dmarc?: { result?: string; header?: { from?: string } };
}
interface ArcChainEntry {
  'arc-seal'?: { parsed?: { d?: { value?: string } } };
}

// mailauth's own Authentication-Results parser (the one its ARC code uses); not in its index.
const require = createRequire(import.meta.url);
const parseAuthHeader = require('mailauth/lib/parse-dkim-headers.js') as (line: string) => { parsed: ParsedAuthHeader };

/**
 * The system's DNS with a bounded wait: the SMTP client waits for our answer, so a slow or
 * unreachable DNS server gives "not verified" within seconds rather than a timed-out delivery.
 */
let system: DnsResolver | undefined;
function systemResolver(): DnsResolver {
  if (!system) {
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    system = (domain, rrtype) => resolver.resolve(domain, rrtype) as Promise<string[][] | string[]>;
  }
  return system;
}

export async function verifySmtpSender(
  raw: Buffer,
  envelope: SmtpAuthEnvelope,
  options: SmtpAuthOptions,
): Promise<SenderVerdict> {
  try {
    const result = await authenticate(raw, {
      ip: envelope.remoteAddress ?? '',
      helo: envelope.helo ?? '',
      sender: envelope.from ?? '',
      mta: options.mta,
      disableBimi: true,
      resolver: options.resolver ?? systemResolver(),
    });
    const spf = result.spf ? result.spf.status.result : 'none';
    const dkim = bestDkim(result.dkim.results.map((r) => r.status.result));
    const arc = result.arc ? result.arc.status.result : 'none';
    const dmarc = result.dmarc ? result.dmarc.status.result : 'none';
    const fromDomains = result.dkim.headerFrom.map((a) => domainOf(a)).filter((d) => d !== '');
    const base = { method: 'smtp' as const, spf, dkim, dmarc, arc, authservId: options.mta };
    const fromDomain = fromDomains[0] ?? '';
    if (fromDomains.length !== 1 || new Set(fromDomains).size !== 1) {
      return { ...base, verified: false, reason: 'the message has no single From address' };
    }
    if (dmarc === 'pass') return { ...base, verified: true, reason: `DMARC pass for ${fromDomain}` };

    // Forwarded mail breaks SPF and often DKIM; a trusted forwarder's ARC seal can vouch for it.
    if (arc === 'pass' && result.arc) {
      const chain = (result.arc as { chain?: ArcChainEntry[] }).chain ?? [];
      const sealer = chain.at(-1)?.['arc-seal']?.parsed?.d?.value?.toLowerCase() ?? '';
      const sealed = result.arc.authenticationResults as ArcAuthResults | undefined;
      const sealedFrom = sealed?.dmarc?.header?.from?.toLowerCase() ?? '';
      if (TRUSTED_ARC_SEALERS.includes(sealer) && sealed?.dmarc?.result === 'pass' && sealedFrom === fromDomain) {
        return { ...base, verified: true, reason: `DMARC pass for ${fromDomain}, forwarded by ${sealer} (ARC)` };
      }
    }
    return { ...base, verified: false, reason: dmarcReason(dmarc, fromDomain) };
  } catch (error) {
    return unverifiedSender(`sender checks failed (${describeError(error).slice(0, 120)})`, 'smtp');
  }
}

/**
 * The provider's verdict, for mail we did not receive ourselves. `trusted` is the inbox's
 * configured preset or authserv-id (shared/authserv-presets.ts); `fromAddress` the parsed From address.
 */
export function verifyProviderResults(raw: Buffer, fromAddress: string, trusted: string | null): SenderVerdict {
  const trust = trustedAuthserv(trusted);
  if (!trust) return unverifiedSender('no trusted authentication results');
  const headers = authResultsHeaders(raw);
  const mine = headers.find((h) => h.authservId === trust.authservId);
  if (!mine) {
    const who = trust.authservId ?? 'the mailbox provider';
    return unverifiedSender(`no Authentication-Results from ${who}`, 'provider');
  }
  let parsed: ParsedAuthHeader;
  try {
    parsed = parseAuthHeader(`Authentication-Results: ${mine.value}`).parsed;
  } catch {
    return unverifiedSender('the Authentication-Results header could not be read', 'provider');
  }
  const fromDomain = domainOf(fromAddress);
  const dmarc = lower(parsed.dmarc?.value) || 'none';
  const verdict = {
    method: 'provider' as const,
    spf: lower(parsed.spf?.value) || 'none',
    dkim: bestDkim((parsed.dkim ?? []).map((d) => lower(d.value))),
    dmarc,
    arc: lower(parsed.arc?.value) || 'none',
    ...(trust.authservId ? { authservId: trust.authservId } : {}),
  };
  const dmarcFrom = lower(parsed.dmarc?.header?.from);
  if (dmarc === 'pass' && fromDomain !== '' && dmarcFrom === fromDomain) {
    return { ...verdict, verified: true, reason: `DMARC pass for ${fromDomain}` };
  }
  if (dmarc === 'pass') {
    return {
      ...verdict,
      verified: false,
      reason: `DMARC passed for ${dmarcFrom || 'another domain'}, not ${fromDomain}`,
    };
  }
  return { ...verdict, verified: false, reason: dmarcReason(dmarc, fromDomain) };
}

/** Authentication-Results headers, topmost first, each with its authserv-id (null when it has none). */
export function authResultsHeaders(raw: Buffer): Array<{ authservId: string | null; value: string }> {
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const block = (end ? text.slice(0, end.index) : text).replace(/\r?\n[ \t]+/g, ' ');
  const found: Array<{ authservId: string | null; value: string }> = [];
  for (const line of block.split(/\r?\n/)) {
    const match = /^authentication-results\s*:(.*)$/i.exec(line);
    if (!match) continue;
    const value = (match[1] ?? '').trim();
    found.push({ authservId: authservIdOf(value), value });
  }
  return found;
}

/** RFC 8601: `authserv-id [version]; method=result …`. A first part with `=` means there is none. */
function authservIdOf(value: string): string | null {
  const first = (value.split(';')[0] ?? '').replace(/\([^)]*\)/g, ' ').trim();
  if (first === '' || first.includes('=')) return null;
  return (first.split(/\s+/)[0] ?? '').toLowerCase() || null;
}

function dmarcReason(dmarc: string, domain: string): string {
  const where = domain || 'the From domain';
  if (dmarc === 'none') return `no DMARC result for ${where}`;
  return `DMARC ${dmarc} for ${where}`;
}

/** One word for several DKIM signatures: pass if any passed, else the first result, else none. */
function bestDkim(results: string[]): string {
  if (results.includes('pass')) return 'pass';
  return results[0] || 'none';
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0
    ? ''
    : address
        .slice(at + 1)
        .trim()
        .replace(/>$/, '')
        .toLowerCase();
}

function lower(value: string | undefined): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}
