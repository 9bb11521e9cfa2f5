/**
 * Recognises the messages a mail provider sends to a forwarding address to confirm that its owner
 * may forward there (Gmail's "Gmail Forwarding Confirmation"), or to verify the address (a
 * Microsoft account security code, Zoho's forwarding verification, Fastmail's address check).
 * Such a message is never answered: its code and link are what the merchant needs to finish
 * setting up forwarding.
 *
 * Strict on purpose: customers write "confirmation code" too. A message counts only when
 * 1. its From is one of the provider's own sender addresses (exact, ASCII case-insensitive), and
 * 2. it is not a reply, and its subject has the provider's shape (in any of the languages below),
 *    and
 * 3. a labelled code or a link to the provider's own HTTPS host is found in it.
 * A customer forwarding such a message, or mentioning a code, has their own From and is a
 * customer message. Whether the From is genuine is the sender check's job (DMARC at ingest); the
 * page shows that verdict beside the code, and a link is only ever one to the provider's host.
 */
import { asciiLower } from '../shared/email-identity.js';
import { normaliseAddress } from './sender-address.js';
import type { ParsedEmail } from './types.js';

export type VerificationProvider = 'gmail' | 'microsoft' | 'zoho' | 'fastmail';

export interface ForwardingConfirmation {
  provider: VerificationProvider;
  /** "Gmail", "Microsoft account", …: how the page names who sent it. */
  providerLabel: string;
  /** The code to type into the provider's settings, when the message has one. */
  code: string | null;
  /** An https link on the provider's own host that confirms the request, when there is one. */
  link: string | null;
  /** The mailbox that asked to forward here (the first other address the message names). */
  requestedBy: string | null;
}

interface ProviderRule {
  provider: VerificationProvider;
  label: string;
  senders: readonly string[];
  subject: RegExp;
  linkHost(host: string): boolean;
  /** Where the provider puts the code in the subject (Gmail: "(#123456789)"). */
  subjectCode?: RegExp;
}

/** "confirm", "verify", "forward", "security code" in the languages providers localise into. */
const VERIFY_WORDS =
  /verif|confirm|forward|security code|best(?:ä|ae)tig|weiterleit|sicherheitscode|v(?:é|e)rifi|transfert|code de s(?:é|e)curit|reenv(?:í|i)o|c(?:ó|o)digo de|verific|inoltro|conferma|bevestig|doorstu/iu;

const RULES: readonly ProviderRule[] = [
  {
    provider: 'gmail',
    label: 'Gmail',
    senders: ['forwarding-noreply@google.com'],
    // "(#482913706) Gmail Forwarding Confirmation - …", localised: the code and "Gmail" stay.
    subject: /\(#\d{6,12}\)|gmail/i,
    subjectCode: /\(#(\d{6,12})\)/,
    linkHost: (host) => host === 'mail-settings.google.com' || host === 'mail.google.com',
  },
  {
    provider: 'microsoft',
    label: 'Microsoft account',
    senders: ['account-security-noreply@accountprotection.microsoft.com'],
    subject: VERIFY_WORDS,
    linkHost: (host) => ['account.live.com', 'account.microsoft.com', 'login.live.com'].includes(host),
  },
  {
    provider: 'zoho',
    label: 'Zoho Mail',
    senders: ['zoho.com', 'zohomail.com', 'zoho.eu', 'zohomail.eu', 'zoho.in', 'zohomail.in', 'zoho.com.au'].map(
      (domain) => `noreply@${domain}`,
    ),
    subject: VERIFY_WORDS,
    linkHost: (host) => /^(?:mail|accounts)\.zoho(?:mail)?\.(?:com|eu|in|com\.au)$/.test(host),
  },
  {
    provider: 'fastmail',
    label: 'Fastmail',
    senders: ['noreply@fastmail.com', 'noreply@messagingengine.com'],
    subject: VERIFY_WORDS,
    linkHost: (host) => ['app.fastmail.com', 'www.fastmail.com', 'fastmail.com'].includes(host),
  },
];

/**
 * A code is a 4–12 character token with a digit, on a line that names a code ("Confirmation
 * code: …", "Sicherheitscode: …", "Code de confirmation : …", "enter this code: …").
 */
const CODE_LINE = /(?:code|c(?:ó|o)digo|codice)[^:\n]{0,30}[:：]\s*([A-Z0-9]{4,12})\s*$/imu;
const URL = /https:\/\/[^\s<>"'()[\]]+/g;
const ADDRESS = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)+/gi;

export function recogniseForwardingConfirmation(email: ParsedEmail): ForwardingConfirmation | null {
  const from = email.from?.address;
  if (!from || email.inReplyTo !== null) return null;
  // Exact, and only A–Z folded: a look-alike address (a Kelvin sign for "k") is not the provider.
  const sender = asciiLower(from.trim());
  const rule = RULES.find((r) => r.senders.includes(sender));
  if (!rule || !rule.subject.test(email.subject)) return null;
  const code = codeIn(email, rule);
  const link = linkIn(email, rule);
  if (code === null && link === null) return null;
  return { provider: rule.provider, providerLabel: rule.label, code, link, requestedBy: requester(email, sender) };
}

function codeIn(email: ParsedEmail, rule: ProviderRule): string | null {
  const inSubject = rule.subjectCode?.exec(email.subject)?.[1];
  if (inSubject) return inSubject;
  const found = CODE_LINE.exec(email.text)?.[1];
  return found && /\d/.test(found) ? found : null;
}

function linkIn(email: ParsedEmail, rule: ProviderRule): string | null {
  for (const candidate of `${email.text}\n${email.html ?? ''}`.match(URL) ?? []) {
    let url: URL;
    try {
      url = new globalThis.URL(candidate.replace(/[.,;:]+$/, ''));
    } catch {
      continue;
    }
    if (url.protocol === 'https:' && url.username === '' && url.port === '' && rule.linkHost(url.hostname)) {
      return url.href;
    }
  }
  return null;
}

/** The first address in the subject or text that is neither the sender nor a recipient. */
function requester(email: ParsedEmail, sender: string): string | null {
  const own = new Set([sender, ...email.to.map(normaliseAddress)]);
  for (const match of `${email.subject}\n${email.text}`.matchAll(ADDRESS)) {
    const address = match[0].replace(/\.+$/, '');
    if (!own.has(normaliseAddress(address))) return address;
  }
  return null;
}
