/**
 * A complete web app for tests: SQLite with migrations, real repositories, the BigCommerce
 * simulator over HTTP, fake services, and two workspaces (A and B) with owners, plus a user who
 * belongs to both. Logs are captured so tests can assert secrets never reach them.
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { ALL_READ_SCOPES, generateStore, startSimulator, type Simulator } from '../../../simulator/index.js';
import { SEND_DRAFT_JOB, createRepositories, generateSecretKey, type Repositories } from '../../db/index.js';
import { createSendJobHandler } from '../../app/scheduled-send.js';
import { createEmbeddedQueue } from '../../jobs/index.js';
import { createMailTransport } from '../../app/mail.js';
import { createMailboxTester } from '../../app/services.js';
import { createDraftSender } from '../../app/send-draft.js';
import { egressPolicy } from '../../shared/egress.js';
import { createTestDatabase } from '../../db/test-databases.js';
import { REDACTED_PATHS } from '../../shared/logger.js';
import { createMemoryMailer, type ProductMail } from '../../product-mail/index.js';
import { buildApp } from '../app.js';
import type { ProductMailSetup } from '../context.js';
import { hashPassword } from '../auth/password.js';
import { createFakeServices, type FakeServices } from './fake-services.js';

export const PASSWORD = 'correct horse battery staple';
export const TOKENS = {
  full: 'fulltokenabcdefghijklmnopqrstu1',
  noOrders: 'noorderstokenabcdefghijklmnop2',
  unknown: 'deletedtokenabcdefghijklmnopq3',
};

export interface Workspace {
  id: number;
  inboxId: number;
  owner: string;
}

export interface Harness {
  app: FastifyInstance;
  repos: Repositories;
  services: FakeServices;
  sim: Simulator;
  storeHash: string;
  /** A second store served by the same simulator (same tokens). */
  secondStoreHash: string;
  logs: string[];
  a: Workspace;
  b: Workspace;
  /** Member of both A and B. */
  both: string;
  /** Product mail (invitations, resets) the app sent, unless the test passed its own mailer. */
  mail: ProductMail[];
  close(): Promise<void>;
}

export async function createHarness(
  options: {
    enableBigCommerce?: boolean;
    secureCookies?: boolean;
    draftDelayMs?: number;
    maxLoginFailures?: number;
    /**
     * Test mailboxes for real (the product's transport and egress guard) instead of the fake's
     * scripted answers; the private hosts named here are allowed, e.g. a closed port on loopback.
     */
    realMailboxTests?: { allowPrivateHosts: string[] };
    /**
     * Send approved replies for real (the product's draft sender over SMTP) to the inbox's SMTP
     * server; the private hosts named here are allowed, e.g. an SMTP peer on loopback.
     */
    realSends?: { allowPrivateHosts: string[] };
    /** Where product mail goes; default: kept in `mail`, links on http://snoooz.test. */
    productMail?: ProductMailSetup;
  } = {},
): Promise<Harness> {
  const data = generateStore({ customers: 20, seed: 1 });
  // A second store on the same API, for "connect another store" (several stores per workspace).
  const second = generateStore({ customers: 5, seed: 2, hash: 'secondstore2', name: 'Second Store' });
  const tokens = [
    { token: TOKENS.full, scopes: ALL_READ_SCOPES },
    { token: TOKENS.noOrders, scopes: ALL_READ_SCOPES.filter((s) => !s.includes('orders')) },
  ];
  const sim = await startSimulator({
    stores: [
      { data, tokens },
      { data: second, tokens },
    ],
    rateLimit: null,
  });
  const target = await createTestDatabase('sqlite');
  const db = await target.open();
  const repos = createRepositories(db, generateSecretKey());
  const logs: string[] = [];
  const logger = pino(
    { level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    { write: (line: string) => void logs.push(line) },
  );
  const services = createFakeServices({
    repos,
    apiUrl: sim.url,
    draftDelayMs: options.draftDelayMs ?? 0,
    ...(options.realMailboxTests
      ? {
          mailboxTester: createMailboxTester(
            createMailTransport(),
            egressPolicy(options.realMailboxTests.allowPrivateHosts),
          ),
        }
      : {}),
    ...(options.realSends
      ? {
          draftSender: createDraftSender({
            repos,
            mail: createMailTransport(),
            logger,
            egress: egressPolicy(options.realSends.allowPrivateHosts),
            sendAttempts: 1,
          }),
        }
      : {}),
  });

  const hash = await hashPassword(PASSWORD);
  async function workspace(slug: string): Promise<Workspace> {
    const ws = await repos.workspaces.create({ slug, name: `Shop ${slug.toUpperCase()}` });
    const inbox = await repos.inboxes.create(ws.id, { name: 'Support', address: `support@${slug}.test` });
    const owner = await repos.users.create({ email: `owner@${slug}.test`, name: `Owner ${slug}`, passwordHash: hash });
    await repos.users.setMembership(ws.id, owner.id, 'owner');
    if (options.enableBigCommerce) await repos.workspaces.enableIntegration(ws.id, 'bigcommerce', 'cli');
    return { id: ws.id, inboxId: inbox.id, owner: owner.email };
  }
  const a = await workspace('a');
  const b = await workspace('b');
  const both = await repos.users.create({ email: 'both@x.test', name: 'Both', passwordHash: hash });
  await repos.users.setMembership(a.id, both.id, 'agent');
  await repos.users.setMembership(b.id, both.id, 'agent');

  // Replies approved with an undo window leave through the real `send_draft` job, run by the
  // embedded queue on this database (the send itself is the fake's).
  const queue = createEmbeddedQueue({ jobs: repos.jobs, kinds: [SEND_DRAFT_JOB], pollMs: 100, logger });
  queue.start(createSendJobHandler({ repos, sendDraft: services.sendDraft, logger }));

  const memoryMail = createMemoryMailer();
  const app = await buildApp({
    repos,
    services,
    logger,
    options: {
      secureCookies: options.secureCookies ?? false,
      maxLoginFailures: options.maxLoginFailures ?? 5,
      productMail: options.productMail ?? { mailer: memoryMail, appUrl: () => 'http://snoooz.test' },
    },
  });
  return {
    app,
    repos,
    services,
    sim,
    storeHash: data.hash,
    secondStoreHash: second.hash,
    logs,
    a,
    b,
    both: both.email,
    mail: memoryMail.sent,
    async close() {
      await app.close();
      await queue.stop();
      await services.settle();
      await sim.close();
      await db.close();
      await target.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in through the real login form (double-submit token included) and reads the CSRF meta tag. */
export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const form = await app.inject({ method: 'GET', url: '/login' });
  const loginCookie = form.cookies.find((c) => c.name === 'snoooz_login_csrf');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!loginCookie || !token) throw new Error('The login form has no CSRF token.');
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    cookies: { snoooz_login_csrf: loginCookie.value },
    payload: { email, password, _csrf: token, next: '/' },
  });
  const session = res.cookies.find((c) => c.name.endsWith('snoooz_session'));
  if (res.statusCode !== 303 || !session) throw new Error(`Login failed with ${res.statusCode}`);
  const cookie = `${session.name}=${session.value}`;
  const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(home.body)?.[1];
  if (!csrf) throw new Error('No CSRF token on the home page.');
  return { cookie, csrf };
}

export function rawEmail(
  options: { from?: string; subject?: string; id?: string; body?: string; inReplyTo?: string } = {},
): string {
  return [
    ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`] : []),
    `From: Maya Lopez <${options.from ?? 'maya@example.com'}>`,
    'To: support@a.test',
    `Subject: ${options.subject ?? 'Where is my order?'}`,
    `Message-ID: <${options.id ?? `${Math.random().toString(36).slice(2)}@example.com`}>`,
    'Date: Tue, 18 Nov 2025 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Hi, where is my order #101? Thanks, Maya',
    '',
  ].join('\r\n');
}
