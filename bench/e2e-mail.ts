/**
 * The mail side of `bench:e2e`: customer emails, delivered as a mail server would (IMAP APPEND
 * into INBOX, or SMTP to the forwarding address), and a watcher of the Drafts folder that notes
 * when each reply draft appears there (IDLE, so it adds no polling of its own).
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { SimCustomer, StoreData } from '../simulator/index.js';

export interface ImapUser {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface CustomerEmail {
  /** Without angle brackets, as stored. */
  messageId: string;
  raw: string;
}

/** Registered customers with at least one listed order, and their newest order id. */
export function customersWithOrders(data: StoreData): Array<{ customer: SimCustomer; orderId: number }> {
  const newest = new Map<number, number>();
  for (const order of data.orders) {
    if (order.status_id === 0 || order.is_deleted || !order.customer_id) continue;
    newest.set(order.customer_id, Math.max(newest.get(order.customer_id) ?? 0, order.id));
  }
  return data.customers.flatMap((customer) => {
    const orderId = newest.get(customer.id);
    return orderId === undefined ? [] : [{ customer, orderId }];
  });
}

/** A realistic question, one of four kinds in turn (order status, tracking, items, status without number). */
export function customerEmail(
  key: string,
  n: number,
  sender: { customer: SimCustomer; orderId: number },
  short = false,
): CustomerEmail {
  const { customer, orderId } = sender;
  const messageId = `e2e-${key}-${n}@customer.example`;
  const kinds = [
    [
      `Where is my order #${orderId}?`,
      `Hi, I ordered a while ago (order #${orderId}). Where is it? Has it shipped yet?`,
    ],
    ['Tracking number please', 'Hello, could you send me the tracking number for my package?'],
    ['What was in my order?', 'Hi, can you tell me which items were in my last order? I forgot what I bought.'],
    ['Order status', 'Hi, what is the status of my order? I have not heard anything yet.'],
  ] as const;
  const [subject, text] = kinds[n % kinds.length] ?? kinds[0];
  const body = short
    ? text
    : `${text}\r\n\r\nI am asking because I need it before the weekend, and I could not find anything about it\r\n` +
      `in my account. Thank you for your help!\r\n\r\nBest regards,\r\n${customer.first_name} ${customer.last_name}`;
  const raw = [
    `Message-ID: <${messageId}>`,
    `From: ${customer.first_name} ${customer.last_name} <${customer.email}>`,
    'To: support@shop.example',
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
  return { messageId, raw };
}

export async function openImap(account: ImapUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: false,
    logger: false,
    auth: { user: account.user, pass: account.password },
  });
  await client.connect();
  return client;
}

/**
 * Appends `emails` into INBOX over `connections` connections opened beforehand (so logging in is
 * not part of any email's time), as fast as they go. Returns each email's arrival time: when its
 * APPEND completed, i.e. when the mail server has it and the watcher can be told.
 */
export async function appendAll(
  account: ImapUser,
  emails: readonly CustomerEmail[],
  connections: number,
): Promise<Map<string, number>> {
  const clients = await Promise.all(Array.from({ length: connections }, () => openImap(account)));
  const arrived = new Map<string, number>();
  let next = 0;
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let i = next++; i < emails.length; i = next++) {
          const email = emails[i];
          if (!email) continue;
          await client.append('INBOX', email.raw);
          arrived.set(email.messageId, Date.now());
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((client) => client.logout().catch(() => client.close())));
  }
  return arrived;
}

/** One delivery to the SMTP receiver; resolves with the arrival time: its 250 after DATA. */
export function smtpSender(port: number): {
  send(to: string, from: string, email: CustomerEmail): Promise<number>;
  close(): void;
} {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return {
    async send(to, from, email) {
      await transport.sendMail({ envelope: { from, to: [to] }, raw: email.raw });
      return Date.now();
    },
    close: () => transport.close(),
  };
}

export interface DraftsWatcher {
  /** When the draft replying to this Message-ID appeared in Drafts (ms since the epoch). */
  seen: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Watches the Drafts folder with IDLE. Each EXISTS is timed when it arrives; the drafts it
 * announces are then fetched (their In-Reply-To names the customer's message) and get that time.
 */
export async function watchDrafts(account: ImapUser, folder = 'Drafts'): Promise<DraftsWatcher> {
  const client = await openImap(account);
  const box = await client.mailboxOpen(folder);
  const seen = new Map<string, number>();
  let fetched = box.exists;
  const announced: Array<{ count: number; at: number }> = [];
  let draining: Promise<void> | null = null;
  let stopped = false;

  const drain = async (): Promise<void> => {
    while (announced.length > 0) {
      const { count, at } = announced.shift() ?? { count: 0, at: 0 };
      if (count <= fetched) continue;
      for await (const message of client.fetch(`${fetched + 1}:${count}`, { envelope: true })) {
        const inReplyTo = message.envelope?.inReplyTo?.replace(/^<|>$/g, '');
        if (inReplyTo && !seen.has(inReplyTo)) seen.set(inReplyTo, at);
      }
      fetched = count;
    }
  };
  const idle = () => {
    if (!stopped && !draining) void client.idle().catch(() => undefined);
  };
  // An EXISTS that lands after the drain's last look but before it ends starts the next drain.
  const kick = (): void => {
    if (draining) return;
    draining = drain().finally(() => {
      draining = null;
      if (announced.length > 0 && !stopped) kick();
      else idle();
    });
  };
  client.on('exists', (event: { count: number }) => {
    announced.push({ count: event.count, at: Date.now() });
    kick();
  });
  idle();
  return {
    seen,
    async stop() {
      stopped = true;
      await draining;
      await client.logout().catch(() => client.close());
    },
  };
}

/**
 * The mail server's own floor: how long after an APPEND completes a bare client IDLEing on that
 * mailbox is told of it (untagged EXISTS), with nothing of Snoooz involved. Dovecot delays every
 * IDLE notification by a fixed 500 ms after the change (to batch changes), so no IDLE client on
 * it can learn of new mail sooner. One sample per email, `samples` emails one at a time.
 */
export async function measureIdleFloorMs(account: ImapUser, raw: (i: number) => string, samples: number) {
  const watcher = await openImap(account);
  const sender = await openImap(account);
  const times: number[] = [];
  try {
    await watcher.mailboxOpen('INBOX');
    for (let i = 0; i < samples; i += 1) {
      const told = new Promise<number>((resolve) => watcher.once('exists', () => resolve(Date.now())));
      // IMAPFlow sends IDLE when idle() is called; the APPEND goes on the other connection.
      const idling = watcher.idle().catch(() => undefined);
      await waitForIdle();
      await sender.append('INBOX', raw(i));
      const appended = Date.now();
      times.push((await told) - appended);
      // Ends IDLE (any command does); the next sample starts a fresh one.
      await watcher.noop();
      await idling;
    }
  } finally {
    await Promise.all([watcher, sender].map((c) => c.logout().catch(() => c.close())));
  }
  return times;
}

/** IDLE is in place once the server has answered "+ idling"; 50 ms is ample on this machine. */
function waitForIdle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}
