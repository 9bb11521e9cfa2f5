/**
 * "Sign in with Google / Microsoft" for mailboxes, as the app runs it: which providers the
 * operator configured (environment), the flows in progress (database, single use, bound to the
 * session), and the access tokens of connected inboxes.
 *
 * Access tokens live in this process's memory only, until a minute before they expire. A refresh
 * runs once per inbox at a time in this process and, across processes, under the inbox's lease
 * (a provider that rotates refresh tokens treats two refreshes with the same token as theft and
 * revokes the grant). A rotated refresh token is stored at once. A refusal (`invalid_grant`:
 * revoked, expired, password changed) marks the inbox "needs reconnect" and tells the app, which
 * stops its watcher; nothing logs in with that inbox until an owner signs in again.
 */
import type { Configuration } from 'openid-client';
import type { OAuthProviderId, Repositories } from '../db/index.js';
import {
  MAIL_OAUTH_PRESETS,
  MailError,
  discoverIssuer,
  finishSignIn,
  isMailError,
  refreshOAuthAccessToken,
  startSignIn,
  type FinishedSignIn,
  type MailOAuthPreset,
  type MailServerPreset,
  type OAuthClientSettings,
} from '../email/index.js';
import { AppError, InputError, describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export const MAIL_OAUTH_CALLBACK_PATH = '/inboxes/connect/callback';
const FLOW_TTL_MS = 10 * 60_000;
const DISCOVERY_TTL_MS = 60 * 60_000;
const REFRESH_MARGIN_MS = 60_000;

export interface MailOAuthProviderConfig {
  preset: MailOAuthPreset;
  clientId: string;
  clientSecret: string;
  issuer: string;
  imap: MailServerPreset;
  smtp: MailServerPreset;
}

export interface MailOAuthConfig {
  /** The configured providers (both, one or none). */
  providers: Partial<Record<OAuthProviderId, MailOAuthProviderConfig>>;
  /** Where the provider sends the browser back: SNOOOZ_PUBLIC_URL + the callback path. */
  redirectUri: string | null;
  /** One line saying what to set, when a provider is half configured or the public URL is missing. */
  problems: string[];
}

const ENV = {
  google: { id: 'SNOOOZ_GOOGLE_CLIENT_ID', secret: 'SNOOOZ_GOOGLE_CLIENT_SECRET', issuer: 'SNOOOZ_GOOGLE_ISSUER' },
  microsoft: {
    id: 'SNOOOZ_MICROSOFT_CLIENT_ID',
    secret: 'SNOOOZ_MICROSOFT_CLIENT_SECRET',
    issuer: 'SNOOOZ_MICROSOFT_ISSUER',
  },
} as const;

/**
 * Reads the providers from the environment. The issuer and the mail servers can be overridden
 * by the operator (an on-premises identity server, the tests' local servers); never by a tenant.
 */
export function resolveMailOAuthConfig(env: NodeJS.ProcessEnv, publicUrl: string | null): MailOAuthConfig {
  const problems: string[] = [];
  const providers: MailOAuthConfig['providers'] = {};
  for (const id of ['google', 'microsoft'] as const) {
    const names = ENV[id];
    const clientId = env[names.id]?.trim();
    const clientSecret = env[names.secret]?.trim();
    if (!clientId && !clientSecret) continue;
    if (!clientId || !clientSecret) {
      problems.push(`Set both ${names.id} and ${names.secret} to offer Sign in with ${MAIL_OAUTH_PRESETS[id].label}.`);
      continue;
    }
    const preset = MAIL_OAUTH_PRESETS[id];
    const tenant = env.SNOOOZ_MICROSOFT_TENANT?.trim() || 'common';
    const prefix = id.toUpperCase();
    providers[id] = {
      preset,
      clientId,
      clientSecret,
      issuer: parseIssuer(env[names.issuer]?.trim() || preset.defaultIssuer(tenant), names.issuer),
      imap: parseServer(env[`SNOOOZ_${prefix}_IMAP`], `SNOOOZ_${prefix}_IMAP`) ?? preset.imap,
      smtp: parseServer(env[`SNOOOZ_${prefix}_SMTP`], `SNOOOZ_${prefix}_SMTP`) ?? preset.smtp,
    };
  }
  const configured = Object.keys(providers).length > 0;
  if (configured && !publicUrl) {
    problems.push('Set SNOOOZ_PUBLIC_URL to the address people open Snoooz at: the sign-in returns there.');
  }
  return {
    providers: publicUrl ? providers : {},
    redirectUri: publicUrl ? new URL(MAIL_OAUTH_CALLBACK_PATH, withSlash(publicUrl)).href : null,
    problems,
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function parseIssuer(value: string, name: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return url.href;
  } catch {
    // fall through
  }
  throw new InputError('invalid_option', `${name} must be an https URL (http only on this machine), got "${value}"`);
}

/** `host:port:tls` or `host:port:starttls`. */
export function parseServer(value: string | undefined, name: string): MailServerPreset | null {
  if (!value?.trim()) return null;
  const match = /^([^\s:]+):(\d{1,5}):(tls|starttls)$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (!match?.[1] || !(port >= 1 && port <= 65_535)) {
    throw new InputError('invalid_option', `${name} must look like host:993:tls or host:587:starttls, got "${value}"`);
  }
  return { host: match[1], port, secure: match[3] === 'tls' };
}

export interface SignInResult extends FinishedSignIn {
  provider: OAuthProviderId;
  reconnectInboxId: number | null;
  imap: MailServerPreset;
  smtp: MailServerPreset;
}

export interface MailOAuth {
  /** The providers people can sign in with here. */
  available(): Array<{ id: OAuthProviderId; label: string }>;
  /** What the operator must set, one line each (empty when nothing is missing). */
  problems(): string[];
  /** The redirect URI to register with each provider (null without SNOOOZ_PUBLIC_URL). */
  redirectUri(): string | null;
  /** Origins of the providers' sign-in pages (the pages' CSP lets a form redirect there). */
  authorizationOrigins(): string[];
  /** Starts a sign-in and returns the provider URL to send the browser to. */
  begin(input: {
    provider: OAuthProviderId;
    workspaceId: number;
    userId: number;
    sessionHash: string;
    reconnectInboxId: number | null;
    loginHint?: string;
  }): Promise<URL>;
  /**
   * Redeems the provider's answer, the query string it sent the browser back with (single use,
   * same session); throws an AppError with one line. Nothing is stored here.
   */
  complete(input: { workspaceId: number; sessionHash: string; search: string }): Promise<SignInResult>;
  /** A live access token for an OAuth inbox (refreshing it when needed). */
  accessToken(workspaceId: number, inboxId: number): Promise<string>;
  /** Keeps the token a sign-in just returned, so the first login needs no refresh. */
  remember(inboxId: number, token: { accessToken: string; expiresAt: Date | null }): void;
  /** The mail server refused the token: forget it, so the next login refreshes. */
  forget(inboxId: number): void;
}

export interface MailOAuthDeps {
  config: MailOAuthConfig;
  repos: Repositories;
  logger: Logger;
  /** Unique per process: the refresh lease's owner. */
  processId: string;
  /** An inbox was just marked "needs reconnect" (stop its watcher, tell the pages). */
  onNeedsReconnect?: (workspaceId: number, inboxId: number) => void;
  now?: () => number;
  fetch?: typeof fetch;
}

export function createMailOAuth(deps: MailOAuthDeps): MailOAuth {
  const now = deps.now ?? Date.now;
  const discovered = new Map<OAuthProviderId, { config: Configuration; at: number }>();
  const tokens = new Map<number, { accessToken: string; expiresAt: number | null }>();
  const refreshing = new Map<number, Promise<string>>();

  function provider(id: OAuthProviderId): MailOAuthProviderConfig {
    const found = deps.config.providers[id];
    if (!found) {
      throw new AppError('oauth_not_configured', `Sign in with ${MAIL_OAUTH_PRESETS[id].label} is not set up here.`);
    }
    return found;
  }

  function settings(p: MailOAuthProviderConfig): OAuthClientSettings {
    return {
      preset: p.preset,
      issuer: p.issuer,
      clientId: p.clientId,
      clientSecret: p.clientSecret,
      redirectUri: deps.config.redirectUri ?? '',
    };
  }

  async function configuration(id: OAuthProviderId): Promise<Configuration> {
    const cached = discovered.get(id);
    if (cached && now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const config = await discoverIssuer(settings(provider(id)));
    discovered.set(id, { config, at: now() });
    return config;
  }

  async function tokenEndpoint(id: OAuthProviderId): Promise<string> {
    const endpoint = (await configuration(id)).serverMetadata().token_endpoint;
    if (!endpoint) throw new MailError('imap_unavailable', `${MAIL_OAUTH_PRESETS[id].label} names no token endpoint.`);
    return endpoint;
  }

  async function refresh(workspaceId: number, inboxId: number): Promise<string> {
    const lease = `oauth-refresh:inbox:${inboxId}`;
    // Another process refreshing the same grant: wait for it and use what it stored.
    for (let tries = 0; !(await deps.repos.leases.acquire(lease, deps.processId, 30_000)); tries += 1) {
      if (tries >= 50) throw new MailError('imap_unavailable', 'The mailbox sign-in is being refreshed elsewhere.');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    try {
      const inbox = await deps.repos.inboxes.getWithSecret(workspaceId, inboxId);
      if (!inbox.oauthProvider || !inbox.refreshToken) {
        throw new MailError('oauth_needs_reconnect', `The inbox ${inbox.address} has no saved sign-in.`);
      }
      if (inbox.needsReconnect) {
        throw new MailError(
          'oauth_needs_reconnect',
          `The inbox ${inbox.address} needs reconnecting: ${inbox.needsReconnect.reason}`,
        );
      }
      const p = provider(inbox.oauthProvider);
      try {
        const fresh = await refreshOAuthAccessToken({
          tokenUrl: await tokenEndpoint(inbox.oauthProvider),
          clientId: p.clientId,
          clientSecret: p.clientSecret,
          refreshToken: inbox.refreshToken,
          ...(p.preset.refreshScope ? { scope: p.preset.refreshScope } : {}),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        });
        if (fresh.refreshToken && fresh.refreshToken !== inbox.refreshToken) {
          await deps.repos.inboxes.replaceRefreshToken(workspaceId, inboxId, fresh.refreshToken);
        }
        tokens.set(inboxId, { accessToken: fresh.accessToken, expiresAt: fresh.expiresAt?.getTime() ?? null });
        return fresh.accessToken;
      } catch (error) {
        if (!isMailError(error, 'oauth_refresh_failed')) throw error;
        const reason = `${p.preset.label} refused the saved sign-in (${error.message}) Sign in again to reconnect.`;
        if (await deps.repos.inboxes.markNeedsReconnect(workspaceId, inboxId, reason)) {
          await deps.repos.audit.append(workspaceId, {
            actor: 'system',
            action: 'inbox.needs_reconnect',
            target: `inbox:${inboxId}`,
            detail: { provider: inbox.oauthProvider },
          });
          deps.logger.warn(
            { workspaceId, inboxId, err: describeError(error) },
            'mailbox sign-in refused: needs reconnect',
          );
          deps.onNeedsReconnect?.(workspaceId, inboxId);
        }
        throw new MailError('oauth_needs_reconnect', `The inbox ${inbox.address} needs reconnecting: ${reason}`, {
          cause: error,
        });
      }
    } finally {
      await deps.repos.leases.release(lease, deps.processId).catch(() => undefined);
    }
  }

  return {
    available: () =>
      (Object.values(deps.config.providers) as MailOAuthProviderConfig[]).map((p) => ({
        id: p.preset.id,
        label: p.preset.label,
      })),

    problems: () => deps.config.problems,

    redirectUri: () => deps.config.redirectUri,

    // Google's and Microsoft's authorization endpoints live on their issuer's host.
    authorizationOrigins: () =>
      (Object.values(deps.config.providers) as MailOAuthProviderConfig[]).map((p) => new URL(p.issuer).origin),

    async begin(input) {
      const p = provider(input.provider);
      const started = await startSignIn(settings(p), await configuration(input.provider), {
        ...(input.loginHint ? { loginHint: input.loginHint } : {}),
      });
      await deps.repos.oauthFlows.begin({
        workspaceId: input.workspaceId,
        userId: input.userId,
        sessionHash: input.sessionHash,
        provider: input.provider,
        state: started.state,
        nonce: started.nonce,
        codeVerifier: started.codeVerifier,
        reconnectInboxId: input.reconnectInboxId,
        ttlMs: FLOW_TTL_MS,
      });
      void deps.repos.oauthFlows.prune().catch(() => undefined);
      if (started.url.origin !== new URL(p.issuer).origin) {
        // The pages' CSP lets a form go on to the issuer's host only.
        throw new AppError(
          'oauth_unavailable',
          `${p.preset.label}'s sign-in page is on ${started.url.host}, not on the issuer's host; check the issuer setting.`,
        );
      }
      return started.url;
    },

    async complete(input) {
      // The URL the provider redirected to, as it was registered (the token request repeats it).
      const callbackUrl = new URL(deps.config.redirectUri ?? 'http://invalid/');
      callbackUrl.search = input.search;
      const state = callbackUrl.searchParams.get('state') ?? '';
      const taken = state ? await deps.repos.oauthFlows.take(input.workspaceId, state, input.sessionHash) : null;
      if (!taken || 'refused' in taken) {
        const why = taken && 'refused' in taken ? taken.refused : 'unknown';
        throw new AppError(
          'oauth_state_invalid',
          why === 'expired'
            ? 'That sign-in took too long and expired; nothing was saved. Start again.'
            : 'That sign-in link is not valid here (used already, or started in another browser); nothing was saved. Start again.',
        );
      }
      const { flow } = taken;
      const p = provider(flow.provider);
      const result = await finishSignIn(settings(p), await configuration(flow.provider), callbackUrl, {
        state,
        nonce: flow.nonce,
        codeVerifier: flow.codeVerifier,
      });
      return {
        ...result,
        provider: flow.provider,
        reconnectInboxId: flow.reconnectInboxId,
        imap: p.imap,
        smtp: p.smtp,
      };
    },

    async accessToken(workspaceId, inboxId) {
      const cached = tokens.get(inboxId);
      if (cached && (cached.expiresAt === null || cached.expiresAt - REFRESH_MARGIN_MS > now())) {
        return cached.accessToken;
      }
      const running = refreshing.get(inboxId);
      if (running) return running;
      const promise = refresh(workspaceId, inboxId).finally(() => refreshing.delete(inboxId));
      refreshing.set(inboxId, promise);
      return promise;
    },

    remember(inboxId, token) {
      tokens.set(inboxId, { accessToken: token.accessToken, expiresAt: token.expiresAt?.getTime() ?? null });
    },

    forget(inboxId) {
      tokens.delete(inboxId);
    },
  };
}
