/**
 * Process configuration for `serve` and `demo`, from options then environment. One BigCommerce
 * API base per process (BIGCOMMERCE_API_URL): real stores all live behind the same API, and the
 * demo simply points its own process at its simulator, whose port changes per run.
 */
import { DEFAULT_API_URL } from '../bigcommerce/index.js';
import { readEnv } from '../shared/config.js';
import { InputError } from '../shared/errors.js';

export const DEFAULT_SMTP_PORT = 2525;

export interface ProcessConfig {
  port: number;
  host: string;
  smtpPort: number | null;
  smtpDomain: string;
  dataDir: string;
  databaseUrl?: string;
  apiUrl: string;
  logLevel: string;
}

export function resolveProcessConfig(
  options: { port?: string; smtpPort?: string },
  source: NodeJS.ProcessEnv = process.env,
): ProcessConfig {
  const env = readEnv(source);
  const smtp = options.smtpPort ?? source.SNOOOZ_SMTP_PORT ?? String(DEFAULT_SMTP_PORT);
  return {
    port: options.port === undefined ? env.PORT : parsePort(options.port, '--port'),
    host: env.HOST,
    // "off" runs without a receiver (e.g. a second process next to one that has it).
    smtpPort: smtp === 'off' ? null : parsePort(smtp, '--smtp-port'),
    smtpDomain: source.SNOOOZ_SMTP_DOMAIN?.trim() || 'snoooz.localhost',
    dataDir: env.SNOOOZ_DATA_DIR,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    apiUrl: env.BIGCOMMERCE_API_URL ?? DEFAULT_API_URL,
    logLevel: env.LOG_LEVEL,
  };
}

function parsePort(value: string, what: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InputError('invalid_option', `${what} must be a port number (0–65535), got "${value}"`);
  }
  return port;
}
