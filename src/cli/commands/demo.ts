/**
 * `snoooz demo` (what `npm start` runs). The demo is the real product on the embedded defaults: SQLite in the data directory, the
 * simulator serving the generated demo store, a workspace connected to it through the same
 * test-then-save path as the Connect button, a forwarding inbox, a login, and the sample emails
 * ingested and processed by the worker. Re-running on the same data directory reuses all of it;
 * the sample emails are stored once by Message-ID.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { resolveProcessConfig } from '../../app/config.js';
import { readEnv } from '../../shared/config.js';
import { createLogger } from '../../shared/logger.js';
import { buildDemoEmails } from '../demo-emails.js';
import { DEMO_STORE, startDemoStore, type DemoStore } from '../demo-store.js';
import type { Repositories } from '../../db/index.js';
import type { SmtpReceiverLimits } from '../../email/index.js';
import type { Logger } from '../../shared/logger.js';
import { hashPassword } from '../../web/auth/password.js';
import { connectBigCommerce } from '../../app/connect.js';
import { closeOnSignals, startServer, type RunningServer, type ServerContext } from '../../server/start-server.js';

export const DEMO_WORKSPACE = 'demo';
export const DEMO_INBOX = 'support@northwind-outfitters.example';
export const DEFAULT_DEMO_EMAIL = 'demo@snoooz.local';

export interface DemoOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** null: no SMTP receiver; 0: a free port. */
  smtpPort: number | null;
  smtpDomain: string;
  /** The receiver's own listen address, relay networks and limits (see ServerConfig). */
  smtpHost?: string;
  smtpAllowFrom?: readonly string[];
  smtpLimits?: SmtpReceiverLimits;
  smtpMaxBytes?: number;
  logger: Logger;
  email?: string;
  /** When unset a new one is generated (and set) on every start, since only its hash is stored. */
  password?: string;
  /** How long to wait for the sample emails to be processed (default 60 s). */
  processTimeoutMs?: number;
}

export interface RunningDemo {
  server: RunningServer;
  store: DemoStore;
  login: { email: string; password: string };
  workspaceId: number;
  inbox: { id: number; address: string; forwardingAddress: string | null };
  samples: { total: number; new: number };
  close(): Promise<void>;
}

export async function runDemo(options: DemoOptions): Promise<RunningDemo> {
  const store = await startDemoStore();
  const login = { email: options.email ?? DEFAULT_DEMO_EMAIL, password: options.password ?? generatePassword() };
  let seeded: Omit<RunningDemo, 'server' | 'store' | 'login' | 'close'> | null = null;
  try {
    const server = await startServer({
      port: options.port,
      host: options.host,
      smtpPort: options.smtpPort,
      smtpDomain: options.smtpDomain,
      ...(options.smtpHost ? { smtpHost: options.smtpHost } : {}),
      ...(options.smtpAllowFrom ? { smtpAllowFrom: options.smtpAllowFrom } : {}),
      ...(options.smtpLimits ? { smtpLimits: options.smtpLimits } : {}),
      ...(options.smtpMaxBytes ? { smtpMaxBytes: options.smtpMaxBytes } : {}),
      dataDir: options.dataDir,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      // This process talks to the simulator only; its port is new on every run.
      apiUrl: store.apiUrl,
      logger: options.logger,
      demo: login,
      pollMs: 250,
      prepare: async (context) => {
        seeded = await seed(context, store, login, options);
      },
    });
    if (!seeded) throw new Error('The demo data was not prepared.');
    const ready: Omit<RunningDemo, 'server' | 'store' | 'login' | 'close'> = seeded;
    return {
      ...ready,
      server,
      store,
      login,
      close: async () => {
        await server.close();
        await store.simulator.close();
      },
    };
  } catch (error) {
    await store.simulator.close();
    throw error;
  }
}

async function seed(
  context: ServerContext,
  store: DemoStore,
  login: { email: string; password: string },
  options: DemoOptions,
) {
  const { repos, services } = context;
  const workspace =
    (await repos.workspaces.bySlug(DEMO_WORKSPACE)) ??
    (await repos.workspaces.create({ slug: DEMO_WORKSPACE, name: DEMO_STORE.name }));
  await repos.workspaces.enableIntegration(workspace.id, 'bigcommerce', 'cli');
  const integration = await connectBigCommerce(
    repos,
    services,
    workspace.id,
    { storeHash: store.storeHash, accessToken: store.accessToken },
    'cli',
  );
  await repos.settings.update(workspace.id, {
    businessName: DEMO_STORE.name,
    signature: `Sam\n${DEMO_STORE.name} support`,
  });
  const inbox =
    (await repos.inboxes.byAddress(workspace.id, DEMO_INBOX)) ??
    (await repos.inboxes.create(workspace.id, {
      name: 'Support',
      address: DEMO_INBOX,
      storeIntegrationId: integration.id,
    }));
  await ensureUser(repos, workspace.id, login);

  const emails = buildDemoEmails(store.simulator.store(store.storeHash), DEMO_INBOX);
  let fresh = 0;
  for (const raw of emails) {
    const result = await services.ingestRaw({
      workspaceId: workspace.id,
      inboxId: inbox.id,
      raw: Buffer.from(raw, 'utf8'),
      source: 'http',
    });
    if (result.created) fresh += 1;
  }
  await waitUntilProcessed(repos, workspace.id, options.processTimeoutMs ?? 60_000);
  return {
    workspaceId: workspace.id,
    inbox: { id: inbox.id, address: inbox.address, forwardingAddress: services.config.smtpReceiverAddressFor(inbox) },
    samples: { total: emails.length, new: fresh },
  };
}

async function ensureUser(repos: Repositories, workspaceId: number, login: { email: string; password: string }) {
  const hash = await hashPassword(login.password);
  const existing = await repos.users.byEmail(login.email);
  const user = existing ?? (await repos.users.create({ email: login.email, name: 'Demo', passwordHash: hash }));
  if (existing) await repos.users.setPasswordHash(existing.id, hash);
  await repos.users.setMembership(workspaceId, user.id, 'owner');
}

/** The page shows drafts, so it waits for the worker (a message left in `failed` counts as done). */
async function waitUntilProcessed(repos: Repositories, workspaceId: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pending = await repos.messages.list(workspaceId, { state: ['received', 'processing'], limit: 1 });
    if (pending.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the whole product on a simulated BigCommerce store with sample emails (npm start)')
    .option('--port <port>', 'web port (default: $PORT or 3000)')
    .option('--smtp-port <port>', 'SMTP receiver port, or "off" (default: $SNOOOZ_SMTP_PORT or a free port)')
    .option('--smtp-host <address>', 'address the SMTP receiver listens on (default: $SNOOOZ_SMTP_HOST or 127.0.0.1)')
    .addHelpText(
      'after',
      '\nInvitations and password-reset mail are printed in this log with their link (no SMTP needed),\n' +
        'unless SNOOOZ_MAIL_SMTP_HOST is set.',
    )
    .action(async (options: { port?: string; smtpPort?: string; smtpHost?: string }) => {
      const env = readEnv();
      const smtpPort = options.smtpPort ?? process.env.SNOOOZ_SMTP_PORT ?? '0';
      const config = resolveProcessConfig({ ...options, smtpPort });
      const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
      const demo = await runDemo({
        ...config,
        logger,
        email: env.SNOOOZ_DEMO_EMAIL,
        ...(env.SNOOOZ_DEMO_PASSWORD ? { password: env.SNOOOZ_DEMO_PASSWORD } : {}),
      });
      closeOnSignals(demo, logger);
      const forwarding = demo.inbox.forwardingAddress
        ? `  Forward mail to ${demo.inbox.forwardingAddress} (SMTP on ${config.smtpHost}:${demo.server.smtpPort}).`
        : '  SMTP receiver off.';
      process.stdout.write(
        [
          `Snoooz demo running at ${demo.server.url}`,
          `  Log in as ${demo.login.email} with password ${demo.login.password}`,
          `  ${demo.samples.total} sample emails (${demo.samples.new} new this run) from the demo store "${DEMO_STORE.name}".`,
          `  Inbox ${demo.inbox.address}.`,
          forwarding,
          `  BigCommerce simulator: ${demo.store.apiUrl} (store hash ${demo.store.storeHash}); data in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}.`,
          '  Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
    });
}
