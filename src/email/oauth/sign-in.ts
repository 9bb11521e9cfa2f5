/**
 * The authorization code flow with PKCE (S256) for a mailbox, through `openid-client`: discovery
 * of the issuer's endpoints, the authorization URL (state, nonce, offline access) and the code
 * exchange with the ID token checked (signature, issuer, audience, expiry, nonce). What comes
 * back is what the rest of Snoooz needs: the verified mailbox address and the tokens.
 */
import * as client from 'openid-client';
import { AppError } from '../../shared/errors.js';
import type { MailOAuthPreset } from './providers.js';

export type OAuthSignInErrorCode =
  'oauth_unavailable' | 'oauth_denied' | 'oauth_invalid_response' | 'oauth_no_refresh_token' | 'oauth_no_email';

export class OAuthSignInError extends AppError {
  declare readonly code: OAuthSignInErrorCode;
  constructor(code: OAuthSignInErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, retryable: code === 'oauth_unavailable' });
    this.name = 'OAuthSignInError';
  }
}

export interface OAuthClientSettings {
  preset: MailOAuthPreset;
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  timeoutMs?: number;
}

export interface StartedSignIn {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface FinishedSignIn {
  address: string;
  refreshToken: string;
  accessToken: string;
  expiresAt: Date | null;
}

/** http is allowed only for an issuer on this machine (the tests' authorization server). */
function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Discovers the issuer once; the caller keeps the result (it holds no secret beyond the client's). */
export async function discoverIssuer(settings: OAuthClientSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  try {
    return await client.discovery(
      issuer,
      settings.clientId,
      { client_secret: settings.clientSecret },
      client.ClientSecretPost(settings.clientSecret),
      {
        timeout: Math.ceil((settings.timeoutMs ?? 15_000) / 1000),
        ...(issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      },
    );
  } catch (error) {
    throw new OAuthSignInError(
      'oauth_unavailable',
      `${settings.preset.label} sign-in is unavailable: ${issuer.host} did not answer its discovery document.`,
      { cause: error },
    );
  }
}

export async function startSignIn(
  settings: OAuthClientSettings,
  config: client.Configuration,
  options: { loginHint?: string } = {},
): Promise<StartedSignIn> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    response_type: 'code',
    scope: settings.preset.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...settings.preset.authParams,
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  });
  return { url, state, nonce, codeVerifier };
}

/**
 * Redeems the code the provider sent back to `callbackUrl`. Throws an OAuthSignInError whose
 * message is one line a merchant can act on; nothing has been saved when it throws.
 */
export async function finishSignIn(
  settings: OAuthClientSettings,
  config: client.Configuration,
  callbackUrl: URL,
  flow: { state: string; nonce: string; codeVerifier: string },
): Promise<FinishedSignIn> {
  const label = settings.preset.label;
  const denied = callbackUrl.searchParams.get('error');
  if (denied) {
    const what = denied === 'access_denied' ? 'access was not granted' : `the provider answered "${oneWord(denied)}"`;
    throw new OAuthSignInError('oauth_denied', `${label} sign-in did not finish: ${what}. Try again.`);
  }
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw classify(label, error);
  }
  const claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  const address = settings.preset.mailboxAddress(claims);
  if (!address) {
    throw new OAuthSignInError(
      'oauth_no_email',
      `${label} did not confirm a mailbox address for this account, so nothing was saved.`,
    );
  }
  if (!tokens.refresh_token) {
    throw new OAuthSignInError(
      'oauth_no_refresh_token',
      `${label} did not grant offline access (no refresh token), so Snoooz could not keep reading the mailbox. ` +
        `Remove Snoooz from the account's connected apps and connect again.`,
    );
  }
  const expiresIn = tokens.expiresIn();
  return {
    address,
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token,
    expiresAt: expiresIn === undefined ? null : new Date(Date.now() + expiresIn * 1000),
  };
}

function classify(label: string, error: unknown): OAuthSignInError {
  if (error instanceof client.ResponseBodyError) {
    // invalid_grant: the code was used already, expired, or was issued for another verifier.
    const reason =
      error.error === 'invalid_grant' ? 'the sign-in code was already used or expired' : oneWord(error.error);
    return new OAuthSignInError('oauth_invalid_response', `${label} refused the sign-in (${reason}). Try again.`, {
      cause: error,
    });
  }
  const status = (error as { cause?: { status?: unknown } } | null)?.cause?.status;
  if (typeof status === 'number' && status >= 500) {
    // The provider's trouble (an HTML 503 page, a gateway error): try again later.
    return new OAuthSignInError(
      'oauth_unavailable',
      `${label} answered HTTP ${status} while finishing the sign-in; nothing was saved. Try again in a minute.`,
      { cause: error },
    );
  }
  if (error instanceof client.ClientError) {
    // The response failed a check: ID token audience, issuer, nonce, signature, state.
    return new OAuthSignInError(
      'oauth_invalid_response',
      `${label}'s answer failed a security check (${oneWord(error.code ?? 'invalid response')}), so nothing was saved.`,
      { cause: error },
    );
  }
  return new OAuthSignInError(
    'oauth_unavailable',
    `${label} could not be reached to finish the sign-in; nothing was saved. Try again in a minute.`,
    { cause: error },
  );
}

/** Provider text in a message: one token, no spaces, short (it is not ours to trust). */
function oneWord(value: string): string {
  return value.replace(/[^\w.-]/g, '').slice(0, 60) || 'error';
}
