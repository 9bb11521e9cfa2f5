/**
 * The composition root of `snoooz serve` (and of the demo): database, secret key, repositories,
 * services, the job worker, the SMTP receiver, IMAP watchers and the web app.
 *
 * Roles (`serve --role`): `all` (default) runs everything in one process; `web` takes HTTP and
 * inbound SMTP (ingest only: message + job committed, then acknowledged); `worker` consumes the
 * queue, watches the IMAP mailboxes whose lease it holds and runs the health checks. The queue is
 * pg-boss on PostgreSQL (`DATABASE_URL`), the embedded one on SQLite; with `REDIS_URL` the
 * BigCommerce rate-limit budget and the store-data cache are shared by every process.
 *
 * Shutdown runs in the reverse order: stop accepting (web, SMTP, IMAP), let the worker finish
 * the jobs in flight (pg-boss: hand back what is still running after the stop timeout), then
 * close Redis and the database.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Database, Repositories } from '../db/index.js';
import { createRepositories, loadSecretKey, openDatabase } from '../db/index.js';
import {
  createEmbeddedQueue,
  createJobListener,
  notifyingEnqueueHook,
  createPgBossQueue,
  openPgBoss,
  pgBossEnqueueHook,
  type JobQueue,
  type PgBossRetryOptions,
} from '../jobs/index.js';
import { connectRedis, createRedisCachedStore, createRedisRateLimitState, describeRedisUrl } from '../scale/index.js';
import type { RedisRateLimitOptions } from '../scale/index.js';
import { PROCESS_MESSAGE_JOB, SEND_DRAFT_JOB } from '../db/index.js';
import type { LlmComposer } from '../pipeline/process-email.js';
import { describeError, InputError } from '../shared/errors.js';
import { createConsoleCatcher, createSmtpProductMailer, productMailConfigFromEnv } from '../product-mail/index.js';
import { egressPolicy, egressPolicyFromEnv } from '../shared/egress.js';
import type { Logger } from '../shared/logger.js';
import { keyLocationWarning, resolveSecureCookies } from '../app/deployment.js';
import { createInboxDirectory, type InboxRef } from '../app/inbox-directory.js';
import type { SmtpReceiver, SmtpReceiverLimits } from '../email/index.js';
import { DEFAULT_SMTP_HOST } from '../app/config.js';
import type { DnsResolver } from '../email/auth/verify.js';
import { createWorkspaceLlm } from '../pipeline/workspace-llm.js';
import { startHealthChecks } from '../app/health-check.js';
import { startSearchBackfill } from '../app/search-backfill.js';
import { startImapWatchers, type ImapWatchers, type ImapWatchersDeps } from '../app/imap-watchers.js';
import { createMailTransport, type MailTransport } from '../app/mail.js';
import { createMailOAuth, resolveMailOAuthConfig } from '../app/mail-oauth.js';
import { createServices, type Services } from '../app/services.js';
import { createStoreProvider } from '../app/stores.js';
import { PUBLIC_URL_ENV } from '../app/webhooks.js';
import { buildApp, type AppDeps, type ProductMailSetup } from '../web/app.js';
import { createDbPrefs } from '../web/prefs.js';
import { resolveTrustedProxies } from '../web/auth/trusted-proxies.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** null: no SMTP receiver. 0: a free port. */
  smtpPort: number | null;
  /** Where the SMTP receiver listens (default 127.0.0.1; never the web app's `host`). */
  smtpHost?: string;
  /** Relay networks (CIDRs) allowed to connect to the receiver; empty or absent: any client. */
  smtpAllowFrom?: readonly string[];
  /** Connection, rate, recipient, idle and concurrency limits of the receiver (defaults: receiver.ts). */
  smtpLimits?: SmtpReceiverLimits;
  /** Largest message the receiver takes (default 25 MB). */
  smtpMaxBytes?: number;
  /** The domain of forwarding addresses (`inbox-<token>@<domain>`). */
  smtpDomain: string;
  databaseUrl?: string;
  dataDir: string;
  /** The BigCommerce API base for every store this process talks to. */
  apiUrl: string;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /**
   * Private hosts (names or addresses) a tenant's mail server or LLM base URL may be, on top of
   * SNOOOZ_ALLOW_PRIVATE_HOSTS in `env`; everything else not public is refused.
   */
  allowPrivateHosts?: readonly string[];
  secureCookies?: boolean;
  demo?: { email: string; password: string } | null;
  /** The composer for workspaces that saved no LLM choice (from the environment). */
  llm?: LlmComposer | null;
  mail?: MailTransport;
  watchImap?: boolean;
  /** Rescan period and per-watcher options of the IMAP watchers (tests shorten them). */
  imap?: Pick<ImapWatchersDeps, 'rescanMs' | 'watcherOptions'>;
  pollMs?: number;
  /** How often every connected store is re-tested in the background; 0 turns it off. Default 15 min. */
  healthCheckMs?: number;
  /** Runs once the worker is up and before the web app listens (the demo seeds its data here). */
  prepare?: (context: ServerContext) => Promise<void>;
  /** What this process does (default `all`). `web`/`worker` need PostgreSQL. */
  role?: ServerRole;
  /** Default: `pgboss` with PostgreSQL, `embedded` with SQLite. */
  queue?: 'embedded' | 'pgboss';
  /** The worker side of the queue (pg-boss; `concurrency` also applies to the embedded queue). */
  worker?: PgBossRetryOptions & {
    concurrency?: number;
    maintenanceIntervalSeconds?: number;
    stopTimeoutMs?: number;
  };
  /** `REDIS_URL`: the shared rate-limit budget and store-data cache; without it, per process. */
  redisUrl?: string;
  /** Key prefix in Redis (default `snoooz`). */
  redisPrefix?: string;
  rateLimit?: Omit<RedisRateLimitOptions, 'prefix'>;
  /** TTL of the shared store-data cache (default 60 s). */
  cacheTtlMs?: number;
  /** Requests in flight at once per store in this process. */
  storeConcurrency?: number;
  /** IMAP mailbox leases between processes. */
  imapLease?: { ttlMs?: number; renewMs?: number };
  /** DNS for sender authentication (SPF, DKIM, DMARC, ARC); default the system resolver. Tests pass a stub. */
  dnsResolver?: DnsResolver;
}

export type ServerRole = 'all' | 'web' | 'worker';
export const SERVER_ROLES: readonly ServerRole[] = ['all', 'web', 'worker'];

const DEFAULT_HEALTH_CHECK_MS = 15 * 60_000;

export interface ServerContext {
  db: Database;
  repos: Repositories;
  services: Services;
  queue: JobQueue;
}

export interface RunningServer extends ServerContext {
  role: ServerRole;
  /** Unique id of this process (lease owner). */
  processId: string;
  /** null when IMAP watching is off. */
  watchers: ImapWatchers | null;
  /** The web app's URL and port ('' and 0 for a worker, which serves no HTTP). */
  url: string;
  port: number;
  smtpPort: number | null;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const { logger } = config;
  const role = config.role ?? 'all';
  const runsWeb = role !== 'worker';
  const runsWorker = role !== 'web';
  const queueKind = config.queue ?? (config.databaseUrl ? 'pgboss' : 'embedded');
  if (role !== 'all' && !config.databaseUrl) {
    throw new InputError(
      'invalid_option',
      `--role ${role} shares state between processes and needs PostgreSQL: set DATABASE_URL.`,
    );
  }
  if (queueKind === 'pgboss' && !config.databaseUrl) {
    throw new InputError('invalid_option', 'The pg-boss queue needs PostgreSQL: set DATABASE_URL.');
  }
  // Checked before anything opens, so a bad setting is one line and nothing is left running.
  const productMailConfig = productMailConfigFromEnv(config.env ?? process.env);
  const processId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const key = loadSecretKey({ dataDir: config.dataDir, ...(config.env ? { env: config.env } : {}) });
  const keyWarning = keyLocationWarning(key, config.env ?? process.env);
  if (keyWarning) logger.warn(keyWarning);
  const db = await openDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
  });
  const closers: Array<() => Promise<void>> = [() => db.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse().splice(0))
      await close().catch((e: unknown) => logger.warn({ err: describeError(e) }, 'shutdown step failed'));
  };
  try {
    let redis: Redis | null = null;
    if (config.redisUrl) {
      const open = connectRedis(config.redisUrl, logger);
      redis = open;
      closers.push(async () => void (await open.quit().catch(() => open.disconnect())));
      await open.ping();
      logger.info({ redis: describeRedisUrl(config.redisUrl) }, 'shared rate limits and cache in Redis');
    } else if (role !== 'all') {
      logger.warn('no REDIS_URL: each process keeps its own BigCommerce rate-limit budget and cache');
    }
    const prefix = config.redisPrefix ?? 'snoooz';
    const kinds = [PROCESS_MESSAGE_JOB, SEND_DRAFT_JOB];

    let queue: JobQueue;
    let repos: Repositories;
    // A job committed in this process wakes this process's worker at once; on PostgreSQL the
    // enqueue also NOTIFYs, and every worker LISTENs, so other processes wake within milliseconds.
    let wakeHere: () => void = () => undefined;
    const onJobCommitted = (): void => wakeHere();
    const onPostgres = Boolean(config.databaseUrl);
    if (queueKind === 'pgboss') {
      const boss = await openPgBoss({
        url: config.databaseUrl ?? '',
        kinds,
        supervise: runsWorker,
        logger,
        ...(config.worker?.maintenanceIntervalSeconds
          ? { maintenanceIntervalSeconds: config.worker.maintenanceIntervalSeconds }
          : {}),
      });
      repos = createRepositories(db, key, {
        onJobEnqueued: notifyingEnqueueHook(pgBossEnqueueHook(boss, kinds, config.worker ?? {})),
        onJobCommitted,
      });
      queue = createPgBossQueue({
        boss,
        jobs: repos.jobs,
        kinds,
        logger,
        ...(config.worker?.concurrency ? { concurrency: config.worker.concurrency } : {}),
        ...(config.pollMs === undefined ? {} : { pollMs: config.pollMs }),
        ...(config.worker?.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: config.worker.stopTimeoutMs }),
      });
    } else {
      repos = createRepositories(db, key, {
        ...(onPostgres ? { onJobEnqueued: notifyingEnqueueHook() } : {}),
        onJobCommitted,
      });
      queue = createEmbeddedQueue({
        jobs: repos.jobs,
        kinds,
        logger,
        ...(config.pollMs === undefined ? {} : { pollMs: config.pollMs }),
        ...(config.worker?.concurrency ? { concurrency: config.worker.concurrency } : {}),
      });
    }
    if (runsWorker) {
      const workerQueue = queue;
      wakeHere = () => workerQueue.wake();
      if (onPostgres) {
        const listener = createJobListener({ url: config.databaseUrl ?? '', logger });
        await listener.start(() => workerQueue.wake());
        closers.push(() => listener.stop());
      }
    }
    const sharedRedis = redis;
    const stores = createStoreProvider({
      apiUrl: config.apiUrl,
      logger,
      ...(config.storeConcurrency ? { concurrency: config.storeConcurrency } : {}),
      ...(sharedRedis
        ? {
            rateLimitState: createRedisRateLimitState(sharedRedis, { prefix, ...config.rateLimit }),
            cache: (store, storeHash) =>
              createRedisCachedStore(store, sharedRedis, {
                prefix,
                storeHash,
                ...(config.cacheTtlMs ? { ttlMs: config.cacheTtlMs } : {}),
                onError: (error) => logger.warn({ err: describeError(error) }, 'shared cache unavailable'),
              }),
          }
        : {}),
    });
    const mail = config.mail ?? createMailTransport({ logger });
    // Closed after the queue (closers run in reverse): drafts in flight are filed first.
    closers.push(async () => mail.close?.());
    const egress = egressPolicy([
      ...egressPolicyFromEnv(config.env ?? process.env).allowPrivate,
      ...(config.allowPrivateHosts ?? []),
    ]);
    // In the database: the web app edits them (LLM choice, "append drafts to the Drafts folder"),
    // the worker reads them, and they survive a restart.
    const prefs = createDbPrefs(repos);
    const directory = createInboxDirectory(db, config.smtpDomain);
    let watchers: ImapWatchers | null = null;
    const env = config.env ?? process.env;
    const publicUrl = env[PUBLIC_URL_ENV]?.trim() || null;
    const mailOAuth = createMailOAuth({
      config: resolveMailOAuthConfig(env, publicUrl),
      repos,
      logger,
      processId,
      // The refused inbox's watcher stops at once rather than at the next rescan.
      onNeedsReconnect: () => void watchers?.refresh(),
    });
    const services = createServices({
      repos,
      mail,
      stores,
      apiUrl: config.apiUrl,
      logger,
      llm: config.llm ?? null,
      llmFor: createWorkspaceLlm({
        repos,
        env: config.env ?? process.env,
        fallback: config.llm ?? null,
        egress,
        logger,
      }),
      egress,
      receiverAddressFor: config.smtpPort === null || !runsWeb ? () => null : (inbox) => directory.addressFor(inbox),
      receiverLegacyAddressFor:
        config.smtpPort === null || !runsWeb ? () => null : (inbox) => directory.legacyAddressFor(inbox),
      appendDraftsFor: async (workspaceId, inboxId) => (await prefs.inbox(workspaceId, inboxId)).appendDraftsToFolder,
      mailboxStatus: (workspaceId, inboxId) => watchers?.status(workspaceId, inboxId) ?? null,
      db,
      publicUrl,
      mailOAuth,
      refreshWatchers: async () => watchers?.refresh(),
      senderAuth: { mta: config.smtpDomain, ...(config.dnsResolver ? { resolver: config.dnsResolver } : {}) },
    });
    if (runsWorker) queue.start(services.handleJob);
    // Also in a web process: it stops pg-boss's connections.
    closers.push(() => queue.stop());
    const context: ServerContext = { db, repos, services, queue };

    let receiver: SmtpReceiver | null = null;
    if (runsWeb && config.smtpPort !== null) {
      receiver = await mail.startReceiver<InboxRef>({
        port: config.smtpPort,
        // Its own setting, never the web app's HOST: exposing the web app must not expose SMTP.
        host: config.smtpHost ?? DEFAULT_SMTP_HOST,
        logger,
        ...(config.smtpAllowFrom ? { allowFrom: config.smtpAllowFrom } : {}),
        ...(config.smtpLimits ? { limits: config.smtpLimits } : {}),
        ...(config.smtpMaxBytes ? { maxBytes: config.smtpMaxBytes } : {}),
        // Large messages wait on disk in the data folder, not in os.tmpdir() (often a RAM disk).
        spoolDir: path.join(config.dataDir, 'smtp-spool'),
        // The receiver lets one transaction deliver to one workspace only (a recipient of
        // another workspace is answered 452 and comes again in a transaction of its own).
        acceptRecipient: async (address) => {
          const inbox = await directory.resolve(address);
          return inbox ? { tenant: String(inbox.workspaceId), target: inbox } : null;
        },
        onMessage: async (raw, envelope, inboxes) => {
          // One copy per inbox it was addressed to; each store commits before the 250.
          const seen = new Set<number>();
          for (const inbox of inboxes) {
            if (seen.has(inbox.inboxId)) continue;
            seen.add(inbox.inboxId);
            await services.ingestRaw({ ...inbox, raw, source: 'smtp', envelope });
          }
        },
      });
      const open = receiver;
      closers.push(() => open.close());
    }

    await config.prepare?.(context);

    // After `prepare`, so inboxes it seeds are watched from the start. Each mailbox is watched by
    // one process at a time: the holder of its lease.
    if (runsWorker && (config.watchImap ?? true)) {
      watchers = await startImapWatchers({
        db,
        repos,
        services,
        logger,
        egress,
        tokens: mailOAuth,
        ...config.imap,
        lease: { leases: repos.leases, owner: processId, ...config.imapLease },
      });
      const open = watchers;
      closers.push(() => open.stop());
    }

    const healthCheckMs = config.healthCheckMs ?? DEFAULT_HEALTH_CHECK_MS;
    if (runsWorker && healthCheckMs > 0) {
      // One process checks per interval: the one that takes the lease for it.
      const stop = startHealthChecks(
        {
          repos,
          testBigCommerce: services.testBigCommerce,
          logger,
          shouldRun: () => repos.leases.acquire('health-checks', processId, Math.max(healthCheckMs - 1_000, 1_000)),
        },
        healthCheckMs,
      );
      closers.push(async () => stop());
    }

    if (runsWorker) {
      // Bodies of messages stored before search existed (migration 016); a no-op once done.
      // Two workers doing it at once only parse some messages twice.
      const stop = startSearchBackfill(repos, logger);
      closers.push(stop);
    }

    if (!runsWeb) {
      logger.info({ role, processId, queue: queueKind }, 'worker started');
      return { ...context, role, processId, watchers, url: '', port: 0, smtpPort: null, close: closeAll };
    }

    // Links in mail start with SNOOOZ_APP_URL (or SNOOOZ_PUBLIC_URL), else where this app listens.
    let listenUrl = '';
    const productMail: ProductMailSetup = {
      mailer: productMailConfig.smtp ? createSmtpProductMailer(productMailConfig.smtp) : createConsoleCatcher(logger),
      appUrl: () => productMailConfig.appUrl ?? listenUrl,
    };
    if (!productMailConfig.smtp) {
      logger.info('product mail: no SNOOOZ_MAIL_SMTP_HOST, so invitation and reset links are shown in this log');
    }
    const deps: AppDeps = {
      repos,
      services,
      logger,
      options: {
        productMail,
        // Default: Secure when the public URL is https (SNOOOZ_SECURE_COOKIES overrides).
        secureCookies: config.secureCookies ?? resolveSecureCookies(config.env ?? process.env),
        demo: config.demo ?? null,
        prefs,
        trustedProxies: resolveTrustedProxies(config.env ?? process.env),
      },
    };
    const app = await buildApp(deps);
    await app.listen({ port: config.port, host: config.host });
    closers.push(() => app.close());
    // Closed before the web app (closers run in reverse): webhook work in flight finishes first.
    closers.push(async () => services.webhooks?.idle());
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
    listenUrl = `http://${shownHost}:${port}`;
    return {
      ...context,
      role,
      processId,
      watchers,
      url: `http://${shownHost}:${port}`,
      port,
      smtpPort: receiver?.port ?? null,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Ctrl+C / SIGTERM: close in order once; a second signal exits at once. */
export function closeOnSignals(server: { close(): Promise<void> }, logger: Logger): void {
  let closing = false;
  const onSignal = (signal: string): void => {
    if (closing) process.exit(1);
    closing = true;
    logger.info({ signal }, 'shutting down: finishing jobs in flight');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
