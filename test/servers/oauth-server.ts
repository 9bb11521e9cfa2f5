/**
 * A real OAuth 2.0 / OpenID Connect authorization server on loopback (the `oidc-provider`
 * package, OpenID Certified) standing in for Google and Microsoft, which cannot be reached from
 * here. It has a Google-like client (refresh token on `access_type=offline`, mailbox address in a
 * verified `email` claim) and a Microsoft-like one (`offline_access`, the address in
 * `preferred_username`), issues RS256-signed ID tokens and opaque access tokens for the mail
 * resource, rotates refresh tokens, and supports revocation and RFC 7662 introspection (Dovecot
 * and the SMTP peer check XOAUTH2 logins through it). Its login and consent pages are the
 * library's own: any login name is the account, and that name is its mailbox address.
 *
 * `fault` lets a test break the token endpoint (down) or hand back an ID token minted for another
 * client (wrong audience), the two provider failures a real server cannot be told to produce.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, { type ClientMetadata } from 'oidc-provider';

export const MAIL_RESOURCE = 'https://mail.provider.test/';
const MAIL_SCOPES = [
  'https://mail.google.com/',
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
];

export interface OAuthTestClient {
  clientId: string;
  clientSecret: string;
}

export interface OAuthServerOptions {
  /** Redirect URIs the Google-like and Microsoft-like clients may use. */
  redirectUris: string[];
  /** Lifetime of access tokens (default 3600 s); short to exercise a refresh. */
  accessTokenTtlSeconds?: number;
}

export type OAuthFault = null | 'token-endpoint-down' | 'foreign-id-token' | 'no-refresh-token';

export interface OAuthTestServer {
  issuer: string;
  google: OAuthTestClient;
  microsoft: OAuthTestClient;
  /** The resource server's credentials (Dovecot and the SMTP peer introspect with them). */
  resourceServer: OAuthTestClient;
  /** For Dovecot's oauth2 passdb: the introspection URL with the credentials in it. */
  introspectionUrlWithCredentials: string;
  introspect(token: string): Promise<{ active: boolean; username?: string }>;
  /** Revokes a refresh token at the revocation endpoint: the whole grant ends (RFC 7009). */
  revoke(refreshToken: string, client: OAuthTestClient): Promise<void>;
  /** Token requests seen (grant_type of each). */
  tokenRequests: string[];
  fault: OAuthFault;
  close(): Promise<void>;
}

export async function startOAuthServer(options: OAuthServerOptions): Promise<OAuthTestServer> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const issuer = `http://127.0.0.1:${port}`;
  const secret = () => randomBytes(18).toString('base64url');
  const google = { clientId: 'google-like-client', clientSecret: secret() };
  const microsoft = { clientId: 'microsoft-like-client', clientSecret: secret() };
  const other = { clientId: 'another-app', clientSecret: secret() };
  const resourceServer = { clientId: 'mail-resource-server', clientSecret: secret() };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

  const webClient = (c: OAuthTestClient): ClientMetadata => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    redirect_uris: options.redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  });

  const provider = new Provider(issuer, {
    clients: [
      webClient(google),
      webClient(microsoft),
      webClient(other),
      {
        client_id: resourceServer.clientId,
        client_secret: resourceServer.clientSecret,
        redirect_uris: [],
        grant_types: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [secret()] },
    scopes: ['openid', 'email', 'offline_access', ...MAIL_SCOPES],
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'preferred_username'] },
    // Mailbox addresses go in the ID token itself, as Google's and Microsoft's do.
    conformIdTokenClaims: false,
    extraParams: ['access_type'],
    pkce: { required: () => true, methods: ['S256'] },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds ?? 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      Interaction: 600,
      Session: 600,
    },
    async findAccount(ctx, id) {
      const forMicrosoft = ctx.oidc.client?.clientId === microsoft.clientId;
      return {
        accountId: id,
        async claims() {
          // Microsoft work accounts often carry no `email`; the sign-in name is the mailbox.
          return forMicrosoft ? { sub: id, preferred_username: id } : { sub: id, email: id, email_verified: true };
        },
      };
    },
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: true },
      introspection: {
        enabled: true,
        // Only the mail servers may ask whether a token is live (as at a real provider).
        allowedPolicy: async (_ctx, client) => client.clientId === resourceServer.clientId,
      },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => MAIL_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: MAIL_SCOPES.join(' '),
          audience: MAIL_RESOURCE,
          accessTokenFormat: 'opaque',
        }),
      },
    },
  });
  provider.on('server_error', (_ctx, error) => console.error('oauth test server error', error));
  const callback = provider.callback();
  const tokenRequests: string[] = [];
  provider.on('grant.success', (ctx) => tokenRequests.push(String(ctx.oidc.params?.grant_type ?? '')));
  provider.on('grant.error', (ctx) => tokenRequests.push(`${String(ctx.oidc.params?.grant_type ?? '')}:error`));

  const server: OAuthTestServer = {
    issuer,
    google,
    microsoft,
    resourceServer,
    introspectionUrlWithCredentials: `http://${resourceServer.clientId}:${resourceServer.clientSecret}@127.0.0.1:${port}/token/introspection`,
    tokenRequests,
    fault: null,
    async introspect(token) {
      const response = await fetch(`${issuer}/token/introspection`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${resourceServer.clientId}:${resourceServer.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token }),
      });
      const body = (await response.json()) as { active?: boolean; sub?: string };
      return body.active === true ? { active: true, ...(body.sub ? { username: body.sub } : {}) } : { active: false };
    },
    async revoke(refreshToken, client) {
      const response = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: refreshToken,
          token_type_hint: 'refresh_token',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        }),
      });
      if (!response.ok) throw new Error(`revocation answered ${response.status}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };

  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/auth' && url.searchParams.get('client_id') === google.clientId) {
      // Google grants offline access (a refresh token) for `access_type=offline`, not for a scope.
      const scope = (url.searchParams.get('scope') ?? '').split(' ').filter((s) => s && s !== 'offline_access');
      if (url.searchParams.get('access_type') === 'offline') scope.push('offline_access');
      url.searchParams.set('scope', scope.join(' '));
      req.url = `${url.pathname}${url.search}`;
    }
    if (url.pathname === '/auth' && url.searchParams.get('client_id') === microsoft.clientId) {
      // Microsoft issues a refresh token for `offline_access` without asking for consent again
      // (oidc-provider would drop the scope unless prompt=consent is present).
      if ((url.searchParams.get('scope') ?? '').split(' ').includes('offline_access')) {
        url.searchParams.set('prompt', 'consent');
        req.url = `${url.pathname}${url.search}`;
      }
    }
    if (req.url === '/token' && req.method === 'POST') {
      if (server.fault === 'token-endpoint-down') {
        res.statusCode = 503;
        res.setHeader('content-type', 'text/html');
        res.end('<h1>Service Unavailable</h1>');
        return;
      }
      if (server.fault === 'foreign-id-token') {
        const signed = (claims: Record<string, unknown>) =>
          signJwt({ ...claims, aud: other.clientId, azp: other.clientId }, privateKey);
        return rewriteTokenResponse(req, res, callback, (body) => ({
          ...body,
          id_token: signed(jwtClaims(String(body.id_token ?? ''))),
        }));
      }
      if (server.fault === 'no-refresh-token') {
        return rewriteTokenResponse(req, res, callback, ({ refresh_token: _dropped, ...body }) => body);
      }
    }
    callback(req, res);
  });
  return server;
}

/** Lets the provider answer a token request, then changes its JSON body. */
function rewriteTokenResponse(
  req: IncomingMessage,
  res: ServerResponse,
  callback: (req: IncomingMessage, res: ServerResponse) => void,
  change: (body: Record<string, unknown>) => Record<string, unknown>,
): void {
  const end = res.end.bind(res) as (chunk: Buffer) => ServerResponse;
  const chunks: Buffer[] = [];
  res.write = ((chunk: Buffer | string) => {
    chunks.push(Buffer.from(chunk));
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: Buffer | string) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
    const replaced = Buffer.from(JSON.stringify(res.statusCode === 200 ? change(body) : body));
    res.setHeader('content-length', replaced.length);
    return end(replaced);
  }) as typeof res.end;
  callback(req, res);
}

function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

function signJwt(claims: Record<string, unknown>, key: KeyObject): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid: 'test-key' })}.${part(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/**
 * Walks the authorization server's own login and consent pages over HTTP (no browser), as a
 * person would: follows redirects with a cookie jar, signs in as `login`, approves, and returns
 * the URL the server sent the browser back to (the redirect URI with the code, or an error).
 */
export async function consentOverHttp(
  authorizationUrl: URL | string,
  login: string,
  options: { redirectPrefix: string; deny?: boolean },
): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  };
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | null = null;
  for (let step = 0; step < 20; step += 1) {
    if (url.href.startsWith(options.redirectPrefix)) return url;
    const response: Response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    remember(response);
    body = null;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action)
      throw new Error(`no form on the authorization server's page (${response.status}): ${page.slice(0, 200)}`);
    if (/name="login"/.test(page)) {
      body = new URLSearchParams({ prompt: 'login', login, password: 'any' });
      url = new URL(action, url);
    } else if (options.deny) {
      const abort = /href="([^"]*\/abort)"/.exec(page)?.[1];
      if (!abort) throw new Error('no abort link on the consent page');
      url = new URL(abort, url);
    } else {
      body = new URLSearchParams({ prompt: 'consent' });
      url = new URL(action, url);
    }
  }
  throw new Error('the authorization server did not send the browser back');
}
