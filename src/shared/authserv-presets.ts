/**
 * Whose authentication results Snoooz trusts. Data, not code: adding a provider is a new entry.
 *
 * - `AUTHSERV_PRESETS`: for an IMAP inbox, the mailbox provider writes `Authentication-Results`
 *   when it receives the mail. Google writes `mx.google.com;` as the authserv-id. Microsoft 365
 *   and Outlook.com write no authserv-id at all (`Authentication-Results: spf=pass (sender IP
 *   is …) smtp.mailfrom=…; dkim=pass …; dmarc=pass action=none header.from=…;compauth=pass`,
 *   which RFC 8601 does not allow but is what they send; see the OpenDKIM/OpenDMARC ADMD-less
 *   parsing fixes). For them the preset matches the topmost header without an id.
 * - `TRUSTED_ARC_SEALERS`: forwarders whose ARC seal we accept for mail forwarded to our own SMTP
 *   receiver (Gmail/Workspace and Microsoft 365 seal with d=google.com and d=microsoft.com).
 *   Deliberately short: a sealer on this list is believed when it says DMARC passed.
 */
export const AUTHSERV_PRESETS = {
  google: { label: 'Google (Gmail, Workspace): mx.google.com', authservId: 'mx.google.com' },
  microsoft: { label: 'Microsoft 365 / Outlook.com (writes no authserv-id)', authservId: null },
} as const satisfies Record<string, { label: string; authservId: string | null }>;

export type AuthservPreset = keyof typeof AUTHSERV_PRESETS;

export const TRUSTED_ARC_SEALERS: readonly string[] = ['google.com', 'microsoft.com'];

/**
 * What an inbox's stored `trusted_authserv_id` means: a preset name (`google`, `microsoft`) or a
 * custom authserv-id (a host name, so it always has a dot and never collides with a preset).
 * `undefined` when nothing is configured: the provider's results are not trusted.
 */
export function trustedAuthserv(stored: string | null): { authservId: string | null; label: string } | undefined {
  if (!stored) return undefined;
  if (Object.hasOwn(AUTHSERV_PRESETS, stored)) return AUTHSERV_PRESETS[stored as AuthservPreset];
  return { authservId: stored.toLowerCase(), label: stored };
}

/** A custom authserv-id: a host name (letters, digits, dots, dashes) of at most 253 characters. */
export const AUTHSERV_ID_PATTERN =
  /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export function isValidTrustedAuthserv(value: string): boolean {
  return Object.hasOwn(AUTHSERV_PRESETS, value) || AUTHSERV_ID_PATTERN.test(value);
}
