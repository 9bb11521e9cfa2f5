/**
 * Process configuration for `serve` and `demo`, from options then environment. One BigCommerce
 * API base per process (BIGCOMMERCE_API_URL): real stores all live behind the same API, and the
 * demo simply points its own process at its simulator, whose port changes per run.
 */
import { DEFAULT_API_URL } from '../bigcommerce/index.js';
import { parseNetworks, type SmtpReceiverLimits } from '../email/index.js';
import { readEnv } from '../shared/config.js';
import { InputError } from '../shared/errors.js';

export const DEFAULT_SMTP_PORT = 2525;
/** The receiver's own address: never the web app's HOST (see README, "Receiving forwarded mail"). */
export const DEFAULT_SMTP_HOST = '127.0.0.1';

/** Scale-out settings for `serve` (see README, "Running several processes"). */
export interface ScaleConfig {
  role: 'all' | 'web' | 'worker';
  redisUrl?: string;
  redisPrefix?: string;
  queue?: 'embedded' | 'pgboss';
  pollMs?: number;
  worker: {
    concurrency?: number;
    retryLimit?: number;
    retryDelaySeconds?: number;
    expireInSeconds?: number;
    maintenanceIntervalSeconds?: number;
    stopTimeoutMs?: number;
  };
  rateLimit: { defaultQuota?: number; defaultWindowMs?: number; safetyMargin?: number; paddingMs?: number };
  cacheTtlMs?: number;
  storeConcurrency?: number;
  imapLease: { ttlMs?: number; renewMs?: number };
}

export function resolveScaleConfig(options: { role?: string }, source: NodeJS.ProcessEnv = process.env): ScaleConfig {
  const role = (options.role ?? source.SNOOOZ_ROLE ?? 'all').trim();
  if (role !== 'all' && role !== 'web' && role !== 'worker') {
    throw new InputError('invalid_option', `--role must be all, web or worker, got "${role}"`);
  }
  const queue = source.SNOOOZ_QUEUE?.trim();
  if (queue && queue !== 'embedded' && queue !== 'pgboss') {
    throw new InputError('invalid_option', `SNOOOZ_QUEUE must be embedded or pgboss, got "${queue}"`);
  }
  const num = (name: string, integer = true): number | undefined => {
    const raw = source[name]?.trim();
    if (!raw) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
      throw new InputError('invalid_option', `${name} must be a ${integer ? 'whole ' : ''}number ≥ 0, got "${raw}"`);
    }
    return value;
  };
  const defined = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  const redisUrl = source.REDIS_URL?.trim();
  return defined({
    role,
    redisUrl: redisUrl || undefined,
    redisPrefix: source.SNOOOZ_REDIS_PREFIX?.trim() || undefined,
    queue: (queue || undefined) as ScaleConfig['queue'],
    pollMs: num('SNOOOZ_POLL_MS'),
    worker: defined({
      concurrency: num('SNOOOZ_WORKER_CONCURRENCY'),
      retryLimit: num('SNOOOZ_JOB_RETRY_LIMIT'),
      retryDelaySeconds: num('SNOOOZ_JOB_RETRY_DELAY_SECONDS'),
      expireInSeconds: num('SNOOOZ_JOB_EXPIRE_SECONDS'),
      maintenanceIntervalSeconds: num('SNOOOZ_JOB_MAINTENANCE_SECONDS'),
      stopTimeoutMs: num('SNOOOZ_STOP_TIMEOUT_MS'),
    }),
    rateLimit: defined({
      defaultQuota: num('SNOOOZ_RATE_LIMIT_QUOTA'),
      defaultWindowMs: num('SNOOOZ_RATE_LIMIT_WINDOW_MS'),
      safetyMargin: num('SNOOOZ_RATE_LIMIT_MARGIN', false),
      paddingMs: num('SNOOOZ_RATE_LIMIT_PADDING_MS'),
    }),
    cacheTtlMs: num('SNOOOZ_CACHE_TTL_MS'),
    storeConcurrency: num('SNOOOZ_STORE_CONCURRENCY'),
    imapLease: defined({ ttlMs: num('SNOOOZ_IMAP_LEASE_MS'), renewMs: num('SNOOOZ_IMAP_LEASE_RENEW_MS') }),
  } as ScaleConfig);
}

export interface ProcessConfig {
  port: number;
  host: string;
  smtpPort: number | null;
  /** Where the SMTP receiver listens: --smtp-host, SNOOOZ_SMTP_HOST, else 127.0.0.1. */
  smtpHost: string;
  /** Relay networks allowed to connect (SNOOOZ_SMTP_ALLOW_FROM); empty: any client. */
  smtpAllowFrom: string[];
  smtpLimits: SmtpReceiverLimits;
  /** SNOOOZ_SMTP_MAX_MESSAGE_BYTES; unset: the receiver's default (25 MB). */
  smtpMaxBytes?: number;
  smtpDomain: string;
  dataDir: string;
  databaseUrl?: string;
  apiUrl: string;
  logLevel: string;
}

export function resolveProcessConfig(
  options: { port?: string; smtpPort?: string; smtpHost?: string; smtpAllowFrom?: string },
  source: NodeJS.ProcessEnv = process.env,
): ProcessConfig {
  const env = readEnv(source);
  const smtp = options.smtpPort ?? source.SNOOOZ_SMTP_PORT ?? String(DEFAULT_SMTP_PORT);
  const smtpMaxBytes = positiveInt(source, 'SNOOOZ_SMTP_MAX_MESSAGE_BYTES');
  return {
    port: options.port === undefined ? env.PORT : parsePort(options.port, '--port'),
    host: env.HOST,
    // "off" runs without a receiver (e.g. a second process next to one that has it).
    smtpPort: smtp === 'off' ? null : parsePort(smtp, '--smtp-port'),
    smtpHost: (options.smtpHost ?? source.SNOOOZ_SMTP_HOST)?.trim() || DEFAULT_SMTP_HOST,
    smtpAllowFrom: parseAllowFrom(
      options.smtpAllowFrom ?? source.SNOOOZ_SMTP_ALLOW_FROM,
      options.smtpAllowFrom === undefined ? 'SNOOOZ_SMTP_ALLOW_FROM' : '--smtp-allow-from',
    ),
    smtpLimits: resolveSmtpLimits(source),
    ...(smtpMaxBytes === undefined ? {} : { smtpMaxBytes }),
    smtpDomain: source.SNOOOZ_SMTP_DOMAIN?.trim() || 'snoooz.localhost',
    dataDir: env.SNOOOZ_DATA_DIR,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    apiUrl: env.BIGCOMMERCE_API_URL ?? DEFAULT_API_URL,
    logLevel: env.LOG_LEVEL,
  };
}

/** `10.0.0.0/8, 192.0.2.7 2001:db8::/32`: commas and/or spaces between networks. */
export function parseAllowFrom(value: string | undefined, what = 'SNOOOZ_SMTP_ALLOW_FROM'): string[] {
  const networks = (value ?? '').split(/[\s,]+/).filter((n) => n !== '');
  try {
    parseNetworks(networks);
  } catch (error) {
    throw new InputError('invalid_option', `${what}: ${(error as Error).message}`);
  }
  return networks;
}

/** The receiver's limits from the environment; unset ones keep the receiver's defaults. */
export function resolveSmtpLimits(source: NodeJS.ProcessEnv = process.env): SmtpReceiverLimits {
  const limits: SmtpReceiverLimits = {};
  const set = (key: keyof SmtpReceiverLimits, name: string, allowZero: boolean) => {
    const value = allowZero ? wholeNumber(source, name) : positiveInt(source, name);
    if (value !== undefined) limits[key] = value;
  };
  set('maxClients', 'SNOOOZ_SMTP_MAX_CLIENTS', false);
  set('maxConnectionsPerClient', 'SNOOOZ_SMTP_MAX_CLIENT_CONNECTIONS', true);
  set('connectionsPerMinute', 'SNOOOZ_SMTP_CONNECTIONS_PER_MINUTE', true);
  set('messagesPerMinute', 'SNOOOZ_SMTP_MESSAGES_PER_MINUTE', true);
  set('maxRecipients', 'SNOOOZ_SMTP_MAX_RECIPIENTS', false);
  set('socketTimeoutMs', 'SNOOOZ_SMTP_IDLE_TIMEOUT_MS', false);
  set('maxConcurrentMessages', 'SNOOOZ_SMTP_MAX_CONCURRENT_MESSAGES', false);
  return limits;
}

function wholeNumber(source: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = source[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InputError('invalid_option', `${name} must be a whole number ≥ 0, got "${raw}"`);
  }
  return value;
}

function positiveInt(source: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = wholeNumber(source, name);
  if (value === 0) throw new InputError('invalid_option', `${name} must be at least 1, got "0"`);
  return value;
}

function parsePort(value: string, what: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InputError('invalid_option', `${what} must be a port number (0–65535), got "${value}"`);
  }
  return port;
}
