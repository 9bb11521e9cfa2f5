/**
 * Safe defaults that depend on how Snoooz is deployed. "Production" is NODE_ENV=production or a
 * public URL (SNOOOZ_PUBLIC_URL) on https: either says real customers' data is at stake.
 */
import type { SecretKey } from '../db/index.js';
import { InputError } from '../shared/errors.js';
import { PUBLIC_URL_ENV } from './webhooks.js';

type Env = Record<string, string | undefined>;

export const SECURE_COOKIES_ENV = 'SNOOOZ_SECURE_COOKIES';

export function isHttpsPublicUrl(env: Env): boolean {
  return /^https:\/\//i.test(env[PUBLIC_URL_ENV]?.trim() ?? '');
}

export function isProduction(env: Env): boolean {
  return env.NODE_ENV?.trim() === 'production' || isHttpsPublicUrl(env);
}

/**
 * SNOOOZ_SECURE_COOKIES=1/0 when set; otherwise Secure exactly when the public URL is https (a
 * session cookie must never travel over plain HTTP to a site served over HTTPS).
 */
export function resolveSecureCookies(env: Env): boolean {
  const explicit = env[SECURE_COOKIES_ENV]?.trim().toLowerCase();
  if (explicit === undefined || explicit === '') return isHttpsPublicUrl(env);
  if (explicit === '1' || explicit === 'true') return true;
  if (explicit === '0' || explicit === 'false') return false;
  throw new InputError('invalid_config', `${SECURE_COOKIES_ENV} must be 1 or 0, got "${explicit.slice(0, 20)}"`);
}

/**
 * One line for the operator when, in production, the key that decrypts every stored secret
 * lives in the data folder next to the database: a copy or backup of that folder then carries
 * both. Null when the key comes from SNOOOZ_SECRET_KEY or this is not production.
 */
export function keyLocationWarning(key: Pick<SecretKey, 'source'>, env: Env): string | null {
  if (key.source !== 'file' || !isProduction(env)) return null;
  return (
    'The secret key file is inside the data folder, next to the database: in production set SNOOOZ_SECRET_KEY ' +
    '(from a secret manager) so a copy of the data folder does not carry the key.'
  );
}
