/**
 * Product mail settings from the environment:
 * - SNOOOZ_MAIL_SMTP_HOST: the operator's SMTP server; unset = the console catcher.
 * - SNOOOZ_MAIL_SMTP_PORT (default 587), SNOOOZ_MAIL_SMTP_SECURE (`true` = TLS from the first
 *   byte, default when the port is 465), SNOOOZ_MAIL_SMTP_REQUIRE_TLS (default `true` unless
 *   secure: refuse to send without STARTTLS), SNOOOZ_MAIL_SMTP_USER, SNOOOZ_MAIL_SMTP_PASSWORD.
 * - SNOOOZ_MAIL_FROM: the From of product mail (needed with a host).
 * - SNOOOZ_APP_URL: the base of links in mail (default SNOOOZ_PUBLIC_URL, else where the web app
 *   listens). Never taken from a request's Host header, which a client controls.
 */
import { InputError } from '../shared/errors.js';
import type { SmtpProductMailerOptions } from './smtp.js';

export interface ProductMailConfig {
  smtp: SmtpProductMailerOptions | null;
  appUrl: string | null;
}

type Env = Record<string, string | undefined>;

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  if (raw === 'false' || raw === '0' || raw === 'no') return false;
  throw new InputError('invalid_option', `${name} must be true or false, got "${env[name] ?? ''}"`);
}

export function productMailConfigFromEnv(env: Env): ProductMailConfig {
  const rawUrl = env.SNOOOZ_APP_URL?.trim() || env.SNOOOZ_PUBLIC_URL?.trim() || '';
  let appUrl: string | null = null;
  if (rawUrl) {
    if (!/^https?:\/\/[^\s/@]+(\/[^\s]*)?$/i.test(rawUrl)) {
      throw new InputError('invalid_option', `SNOOOZ_APP_URL must be an http(s) URL, got "${rawUrl}"`);
    }
    appUrl = rawUrl.replace(/\/+$/, '');
  }
  const host = env.SNOOOZ_MAIL_SMTP_HOST?.trim();
  if (!host) return { smtp: null, appUrl };
  const portText = env.SNOOOZ_MAIL_SMTP_PORT?.trim() || '587';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) {
    throw new InputError('invalid_option', `SNOOOZ_MAIL_SMTP_PORT must be a port number (1–65535), got "${portText}"`);
  }
  const from = env.SNOOOZ_MAIL_FROM?.trim();
  if (!from || !/@/.test(from)) {
    throw new InputError('invalid_option', 'SNOOOZ_MAIL_FROM must be set to an address when SNOOOZ_MAIL_SMTP_HOST is');
  }
  const secure = flag(env, 'SNOOOZ_MAIL_SMTP_SECURE', port === 465);
  const user = env.SNOOOZ_MAIL_SMTP_USER?.trim();
  const password = env.SNOOOZ_MAIL_SMTP_PASSWORD;
  return {
    appUrl,
    smtp: {
      from,
      account: {
        host,
        port,
        secure,
        requireTLS: secure ? false : flag(env, 'SNOOOZ_MAIL_SMTP_REQUIRE_TLS', true),
        ...(user ? { user, password: password ?? '' } : {}),
      },
    },
  };
}
