/**
 * Process configuration for `serve` and `demo`, from options then environment. One BigCommerce
 * API base per process (BIGCOMMERCE_API_URL): real stores all live behind the same API, and the
 * demo simply points its own process at its simulator, whose port changes per run.
 */
import { DEFAULT_API_URL } from '../bigcommerce/index.js';
import { readEnv } from '../shared/config.js';
import { InputError } from '../shared/errors.js';

export const DEFAULT_SMTP_PORT = 2525;

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
