/** Shared setup for the service tests: the simulator over HTTP, services on a test database, a local SMTP peer. */
import { SMTPServer } from 'smtp-server';
import { createMailTransport } from '../../src/app/mail.js';
import { createServices, type Services } from '../../src/app/services.js';
import { createStoreProvider } from '../../src/app/stores.js';
import { egressPolicy } from '../../src/shared/egress.js';
import type { Repositories } from '../../src/db/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { DEFAULT_TOKEN, generateStore, startSimulator, type Simulator, type StoreData } from '../../simulator/index.js';

export const STORE_HASH = 'svc7store';

/** The operator's allowance for the test mail servers on loopback (SNOOOZ_ALLOW_PRIVATE_HOSTS). */
export const LOOPBACK_ALLOWED = egressPolicy(['127.0.0.1', 'localhost']);

export async function startTestSimulator(): Promise<{ simulator: Simulator; data: StoreData }> {
  const data = generateStore({ customers: 40, seed: 11, hash: STORE_HASH, name: 'Service Test Store' });
  const simulator = await startSimulator({ stores: [{ data }], rateLimit: null });
  return { simulator, data };
}

export function makeServices(repos: Repositories, apiUrl: string, wake?: () => void): Services {
  return createServices({
    repos,
    mail: createMailTransport(),
    stores: createStoreProvider({ apiUrl }),
    // The SMTP peers listen on loopback, which a tenant's mail host may not be unless allowed.
    egress: LOOPBACK_ALLOWED,
    apiUrl,
    logger: silentLogger,
    sendRetryDelayMs: 10,
    ...(wake ? { wake } : {}),
  });
}

/** A workspace with BigCommerce enabled and connected (token unchecked), and one inbox. */
export async function seedConnected(
  repos: Repositories,
  slug: string,
  options: { token?: string; smtp?: { port: number } } = {},
): Promise<{ workspaceId: number; inboxId: number; integrationId: number; address: string }> {
  const workspace = await repos.workspaces.create({ slug, name: `Shop ${slug}` });
  await repos.workspaces.enableIntegration(workspace.id, 'bigcommerce', 'cli');
  const integration = await repos.integrations.saveConnected(workspace.id, {
    storeHash: STORE_HASH,
    storeName: 'Service Test Store',
    accessToken: options.token ?? DEFAULT_TOKEN,
    scopes: ['customers', 'orders'],
  });
  const address = `support@${slug}.example`;
  const inbox = await repos.inboxes.create(workspace.id, {
    name: 'Support',
    address,
    storeIntegrationId: integration.id,
    ...(options.smtp
      ? {
          smtp: { host: '127.0.0.1', port: options.smtp.port, secure: false, user: 'snoooz' },
          password: 'smtp-pass-1234',
        }
      : {}),
  });
  return { workspaceId: workspace.id, inboxId: inbox.id, integrationId: integration.id, address };
}

/** A customer of the generated store whose newest order has shipped, for a "where is it" email. */
export function shippedCustomer(data: StoreData): { email: string; name: string; orderId: number } {
  const newest = [...data.orders].sort((a, b) => b.id - a.id);
  for (const customer of data.customers) {
    const latest = newest.find((order) => order.customer_id === customer.id);
    if (latest && latest.status_id === 2 && (latest.shipments?.length ?? 0) > 0) {
      return { email: customer.email, name: `${customer.first_name} ${customer.last_name}`, orderId: latest.id };
    }
  }
  throw new Error('The generated store has no shipped order');
}

let sequence = 0;
export function customerEmail(
  from: { email: string; name: string },
  to: string,
  body: string,
  messageId?: string,
): Buffer {
  sequence += 1;
  return Buffer.from(
    [
      `From: ${from.name} <${from.email}>`,
      `To: ${to}`,
      'Subject: Where is my order?',
      `Message-ID: <${messageId ?? `svc-${sequence}-${Date.now()}@customer.example`}>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

export interface SmtpPeer {
  port: number;
  received: Array<{ from: string | null; to: string[]; raw: string }>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that accepts any login and keeps what it receives. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const received: SmtpPeer['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'snoooz' }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The message as Gmail would hold it for a sender that passed DMARC: its Authentication-Results
 * on top. Trusted only by an inbox configured for `google` (see src/email/auth/verify.ts).
 */
export function withGooglePass(raw: Buffer, fromAddress: string): Buffer {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
  const header =
    `Authentication-Results: mx.google.com;\r\n dkim=pass header.i=@${domain} header.s=s1;\r\n` +
    ` spf=pass (google.com: domain of ${fromAddress} designates 192.0.2.1 as permitted sender) smtp.mailfrom=${fromAddress};\r\n` +
    ` dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=${domain}\r\n`;
  return Buffer.concat([Buffer.from(header), raw]);
}
