/** What every route module receives: the app's dependencies plus a few shared helpers. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Repositories } from '../db/index.js';
import type { ProductMailer } from '../product-mail/index.js';
import type { Principal } from './auth/principal.js';
import type { WebPrefs } from './prefs.js';
import type { AppServices } from './services.js';
import type { ShellUser } from './views/layout.js';

export interface AppOptions {
  secureCookies: boolean;
  /** Pre-fills the login form in `snoooz demo`. */
  demo?: { email: string; password: string } | null;
  /** Where LLM and per-inbox preferences live; defaults to memory (see prefs.ts). */
  prefs?: WebPrefs;
  /** Failed logins per account and per address before sign-in slows down (default 5). */
  maxLoginFailures?: number;
  /** The login throttle's clock (tests move it; see auth/login-limiter.ts). */
  loginClock?: () => number;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (IPs, CIDRs, loopback…); empty: the socket
   * address is the client. From SNOOOZ_TRUSTED_PROXIES (see auth/trusted-proxies.ts).
   */
  trustedProxies?: readonly string[];
  /**
   * Invitations and password resets: the operator's SMTP server or the console catcher (see
   * src/product-mail), and the base URL their links start with (never a request's Host).
   * Default: the catcher on the app's logger, links on http://localhost:3000.
   */
  productMail?: ProductMailSetup;
}

export interface ProductMailSetup {
  mailer: ProductMailer;
  appUrl: () => string;
}

export interface AppDeps {
  repos: Repositories;
  services: AppServices;
  logger: Logger;
  options: AppOptions;
}

export interface RouteContext extends AppDeps {
  prefs: WebPrefs;
  productMail: ProductMailSetup;
  cookieName: string;
  shell(principal: Principal): Promise<ShellUser | null>;
}

export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** Redirect after a successful form POST (303 so a refresh does not repeat it). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}

export function wantsJson(request: FastifyRequest): boolean {
  // The page script's own calls (draft autosave) ask for JSON first; browsers navigating never do.
  const prefersJson = (request.headers.accept ?? '').startsWith('application/json');
  return request.url.startsWith('/api/') || request.url === '/api' || request.url.startsWith('/events') || prefersJson;
}
