/**
 * OAuth2 refresh-token grant (RFC 6749 §6) for XOAUTH2 mailboxes (Gmail, Microsoft 365). The
 * refresh token is stored encrypted by the caller; this only exchanges it for an access token.
 */
import { MailError, safeLine } from '../smtp/mail-error.js';

export interface OAuthRefreshInput {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Microsoft wants the scopes again on refresh; Google does not. */
  scope?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface OAuthAccessToken {
  accessToken: string;
  /** When it expires (from `expires_in`), or null when the server did not say. */
  expiresAt: Date | null;
  /** Set when the server rotated the refresh token: the caller must store the new one. */
  refreshToken: string | null;
}

export async function refreshOAuthAccessToken(input: OAuthRefreshInput): Promise<OAuthAccessToken> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: input.refreshToken,
    client_id: input.clientId,
    client_secret: input.clientSecret,
  });
  if (input.scope) body.set('scope', input.scope);
  const secrets = [input.refreshToken, input.clientSecret];
  const host = safeHost(input.tokenUrl);
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(input.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(input.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new MailError('imap_unavailable', `OAuth token endpoint ${host} is unreachable.`, { cause: error });
  }
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok || typeof json?.access_token !== 'string') {
    const reason = typeof json?.error === 'string' ? safeLine(json.error, secrets) : `HTTP ${response.status}`;
    // 5xx is the provider's trouble (retry later); 4xx (invalid_grant) needs the merchant to reconnect.
    if (response.status >= 500) {
      throw new MailError('imap_unavailable', `OAuth token endpoint ${host} failed (${reason}).`);
    }
    throw new MailError('oauth_refresh_failed', `OAuth token refresh at ${host} was refused (${reason}).`);
  }
  const expiresIn = Number(json.expires_in);
  return {
    accessToken: json.access_token,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000) : null,
    refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : null,
  };
}

/**
 * Wraps a refresh function so the watcher's `getAccessToken` reuses a token until shortly before
 * it expires, instead of hitting the provider on every reconnect.
 */
export function cachedAccessToken(
  refresh: () => Promise<OAuthAccessToken>,
  options: { marginMs?: number; now?: () => number } = {},
): () => Promise<string> {
  const now = options.now ?? Date.now;
  let current: OAuthAccessToken | null = null;
  return async () => {
    const margin = options.marginMs ?? 60_000;
    if (!current || !current.expiresAt || current.expiresAt.getTime() - margin <= now()) current = await refresh();
    return current.accessToken;
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'token endpoint';
  }
}
