/**
 * The mailbox sign-in against a real OpenID Connect server on loopback (oidc-provider, see
 * test/servers/oauth-server.ts), walking its own login and consent pages: both provider shapes,
 * and every way the answer can be wrong. Nothing here is a stand-in for the flow itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentOverHttp, startOAuthServer, type OAuthTestServer } from '../../../test/servers/oauth-server.js';
import { GOOGLE, MICROSOFT, type MailOAuthPreset } from './providers.js';
import { OAuthSignInError, discoverIssuer, finishSignIn, startSignIn, type OAuthClientSettings } from './sign-in.js';

const REDIRECT = 'http://127.0.0.1:9/inboxes/connect/callback';
const MAILBOX = 'help@shop-signin.example';
let server: OAuthTestServer;

beforeAll(async () => {
  server = await startOAuthServer({ redirectUris: [REDIRECT] });
});
afterAll(async () => server?.close());

function settings(preset: MailOAuthPreset): OAuthClientSettings {
  const client = preset.id === 'google' ? server.google : server.microsoft;
  return {
    preset,
    issuer: server.issuer,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUri: REDIRECT,
  };
}

async function authorize(preset: MailOAuthPreset, options: { deny?: boolean } = {}) {
  const config = await discoverIssuer(settings(preset));
  const started = await startSignIn(settings(preset), config);
  const back = await consentOverHttp(started.url, MAILBOX, { redirectPrefix: REDIRECT, ...options });
  return { config, started, back };
}

async function failure(promise: Promise<unknown>): Promise<OAuthSignInError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthSignInError);
  return error as OAuthSignInError;
}

describe('mailbox sign-in (authorization code + PKCE) against oidc-provider', () => {
  it.each([GOOGLE, MICROSOFT].map((p) => [p.label, p] as const))(
    '%s: returns the verified mailbox address and a refresh token',
    async (_label, preset) => {
      const { config, started, back } = await authorize(preset);
      expect(started.url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(started.url.searchParams.get('nonce')).toBe(started.nonce);
      const done = await finishSignIn(settings(preset), config, back, started);
      expect(done.address).toBe(MAILBOX);
      expect(done.refreshToken.length).toBeGreaterThan(20);
      expect((await server.introspect(done.accessToken)).active).toBe(true);
    },
  );

  it('refuses an answer whose state is not the one this flow sent', async () => {
    const { config, started, back } = await authorize(GOOGLE);
    const error = await failure(finishSignIn(settings(GOOGLE), config, back, { ...started, state: 'another-state' }));
    expect(error.code).toBe('oauth_invalid_response');
  });

  it('refuses a code used a second time', async () => {
    const { config, started, back } = await authorize(GOOGLE);
    await finishSignIn(settings(GOOGLE), config, back, started);
    const error = await failure(finishSignIn(settings(GOOGLE), config, back, started));
    expect(error.code).toBe('oauth_invalid_response');
    expect(error.message).toContain('already used or expired');
  });

  it('refuses an ID token minted for another client (wrong audience)', async () => {
    const { config, started, back } = await authorize(GOOGLE);
    server.fault = 'foreign-id-token';
    try {
      const error = await failure(finishSignIn(settings(GOOGLE), config, back, started));
      expect(error.code).toBe('oauth_invalid_response');
      expect(error.message).toContain('security check');
    } finally {
      server.fault = null;
    }
  });

  it('says so when no refresh token came back (no offline access)', async () => {
    const { config, started, back } = await authorize(GOOGLE);
    server.fault = 'no-refresh-token';
    try {
      const error = await failure(finishSignIn(settings(GOOGLE), config, back, started));
      expect(error.code).toBe('oauth_no_refresh_token');
    } finally {
      server.fault = null;
    }
  });

  it('gives one clear line when the token endpoint is down', async () => {
    const { config, started, back } = await authorize(MICROSOFT);
    server.fault = 'token-endpoint-down';
    try {
      const error = await failure(finishSignIn(settings(MICROSOFT), config, back, started));
      expect(error.code).toBe('oauth_unavailable');
      expect(error.message).not.toContain('\n');
      expect(error.retryable).toBe(true);
    } finally {
      server.fault = null;
    }
  });

  it('reports a denied consent as such', async () => {
    const { config, started, back } = await authorize(GOOGLE, { deny: true });
    expect(back.searchParams.get('error')).toBe('access_denied');
    const error = await failure(finishSignIn(settings(GOOGLE), config, back, started));
    expect(error.code).toBe('oauth_denied');
  });

  it('cannot discover an issuer that does not answer', async () => {
    const error = await failure(discoverIssuer({ ...settings(GOOGLE), issuer: 'http://127.0.0.1:9/' }));
    expect(error.code).toBe('oauth_unavailable');
  });
});
