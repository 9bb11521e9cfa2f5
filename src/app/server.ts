/**
 * The composition root of `snoooz serve` (and of the demo): database, secret key, repositories,
 * services, the job worker, the SMTP receiver, IMAP watchers and the web app, in one process.
 * Shutdown runs in the reverse order: stop accepting (web, SMTP, IMAP), let the worker finish
 * the jobs in flight, then close the database.
 */
import type { Database, Repositories } from '../db/index.js';
import { createRepositories, loadSecretKey, openDatabase } from '../db/index.js';
import { createEmbeddedQueue, type JobQueue } from '../jobs/index.js';
import { PROCESS_MESSAGE_JOB } from '../db/index.js';
import type { LlmComposer } from '../pipeline/process-email.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { createInboxDirectory } from './inbox-directory.js';
import type { SmtpReceiver } from '../email/index.js';
import { createWorkspaceLlm } from '../pipeline/workspace-llm.js';
import { startHealthChecks } from './health-check.js';
import { startImapWatchers, type ImapWatchers, type ImapWatchersDeps } from './imap-watchers.js';
import { createMailTransport, type MailTransport } from './mail.js';
import { createServices, type Services } from './services.js';
import { createStoreProvider } from './stores.js';
import { buildApp, type AppDeps } from '../web/app.js';
import { createDbPrefs } from '../web/prefs.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** null: no SMTP receiver. 0: a free port. */
  smtpPort: number | null;
  smtpHost?: string;
  /** The domain of forwarding addresses (`inbox-<id>@<domain>`). */
  smtpDomain: string;
  databaseUrl?: string;
  dataDir: string;
  /** The BigCommerce API base for every store this process talks to. */
  apiUrl: string;
  logger: Logger;
  env?: Record<string, string | undefined>;
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
}

const DEFAULT_HEALTH_CHECK_MS = 15 * 60_000;

export interface ServerContext {
  db: Database;
  repos: Repositories;
  services: Services;
  queue: JobQueue;
}

export interface RunningServer extends ServerContext {
  /** null when IMAP watching is off. */
  watchers: ImapWatchers | null;
  url: string;
  port: number;
  smtpPort: number | null;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const { logger } = config;
  const key = loadSecretKey({ dataDir: config.dataDir, ...(config.env ? { env: config.env } : {}) });
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
    const repos = createRepositories(db, key);
    const queue = createEmbeddedQueue({
      jobs: repos.jobs,
      kinds: [PROCESS_MESSAGE_JOB],
      logger,
      ...(config.pollMs === undefined ? {} : { pollMs: config.pollMs }),
    });
    const mail = config.mail ?? createMailTransport();
    // In the database: the web app edits them (LLM choice, "append drafts to the Drafts folder"),
    // the worker reads them, and they survive a restart.
    const prefs = createDbPrefs(repos);
    const directory = createInboxDirectory(db, config.smtpDomain);
    let watchers: ImapWatchers | null = null;
    const services = createServices({
      repos,
      mail,
      stores: createStoreProvider({ apiUrl: config.apiUrl, logger }),
      apiUrl: config.apiUrl,
      logger,
      llm: config.llm ?? null,
      llmFor: createWorkspaceLlm({ repos, env: config.env ?? process.env, fallback: config.llm ?? null }),
      wake: () => queue.wake(),
      receiverAddressFor: config.smtpPort === null ? () => null : (inbox) => directory.addressFor(inbox),
      appendDraftsFor: async (workspaceId, inboxId) => (await prefs.inbox(workspaceId, inboxId)).appendDraftsToFolder,
      mailboxStatus: (workspaceId, inboxId) => watchers?.status(workspaceId, inboxId) ?? null,
    });
    queue.start(services.handleJob);
    closers.push(() => queue.stop());
    const context: ServerContext = { db, repos, services, queue };

    let receiver: SmtpReceiver | null = null;
    if (config.smtpPort !== null) {
      receiver = await mail.startReceiver({
        port: config.smtpPort,
        host: config.smtpHost ?? config.host,
        logger,
        acceptRecipient: async (address) => (await directory.resolve(address)) !== null,
        onMessage: async (raw, envelope) => {
          // One copy per inbox it was addressed to; each store commits before the 250.
          for (const rcpt of new Set(envelope.to)) {
            const inbox = await directory.resolve(rcpt);
            if (inbox) await services.ingestRaw({ ...inbox, raw, source: 'smtp' });
          }
        },
      });
      const open = receiver;
      closers.push(() => open.close());
    }

    await config.prepare?.(context);

    // After `prepare`, so inboxes it seeds are watched from the start.
    if (config.watchImap ?? true) {
      watchers = await startImapWatchers({ db, repos, services, logger, ...config.imap });
      const open = watchers;
      closers.push(() => open.stop());
    }

    const healthCheckMs = config.healthCheckMs ?? DEFAULT_HEALTH_CHECK_MS;
    if (healthCheckMs > 0) {
      const stop = startHealthChecks({ repos, testBigCommerce: services.testBigCommerce, logger }, healthCheckMs);
      closers.push(async () => stop());
    }

    const deps: AppDeps = {
      repos,
      services,
      logger,
      options: { secureCookies: config.secureCookies ?? false, demo: config.demo ?? null, prefs },
    };
    const app = await buildApp(deps);
    await app.listen({ port: config.port, host: config.host });
    closers.push(() => app.close());
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
    return {
      ...context,
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
