/**
 * The mail transport as the services see it: build a reply, send it, file a copy in Drafts,
 * test a mailbox, receive forwarded mail. A port, so the services and their tests do not depend
 * on which module implements it; `createBuiltinMailTransport` (nodemailer, smtp-server, imapflow)
 * is the default until the dedicated transport in `src/email/smtp` and `src/email/imap` is wired in.
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { SMTPServer } from 'smtp-server';
import type { MailServerSettings } from '../db/index.js';
import { describeError } from '../shared/errors.js';

export interface MailAccount extends MailServerSettings {
  password: string | null;
}

export interface ReplyInput {
  from: { address: string; name?: string | null };
  to: { address: string; name?: string | null };
  subject: string;
  text: string;
  /** Deterministic per draft, so a resend after a crash is recognisable as the same reply. */
  messageId: string;
  inReplyTo: string;
  references: string[];
}

export interface ReceivedEnvelope {
  mailFrom: string | null;
  rcptTo: string[];
}

export interface MailReceiver {
  port: number;
  close(): Promise<void>;
}

export interface MailTransport {
  buildReply(input: ReplyInput): Promise<Buffer>;
  /** Resolves once the server accepted the message; throws with `retryable` set for 4xx and network errors. */
  send(account: MailAccount, envelope: { from: string; to: string[] }, mime: Buffer): Promise<void>;
  appendDraft(account: MailAccount, mime: Buffer): Promise<void>;
  /** null = the login works; otherwise one line saying what failed. */
  testImap(account: MailAccount): Promise<string | null>;
  testSmtp(account: MailAccount): Promise<string | null>;
  startReceiver(options: {
    port: number;
    host?: string;
    acceptRecipient(address: string): Promise<boolean>;
    /** The sender gets 250 only after this resolves (the message is stored by then). */
    onMessage(raw: Buffer, envelope: ReceivedEnvelope): Promise<void>;
  }): Promise<MailReceiver>;
}

const MAX_RECEIVED_BYTES = 50 * 1024 * 1024;

export function createBuiltinMailTransport(): MailTransport {
  return {
    async buildReply(input) {
      const composer = new MailComposer({
        from: { address: input.from.address, name: input.from.name ?? '' },
        to: { address: input.to.address, name: input.to.name ?? '' },
        subject: input.subject,
        text: input.text,
        messageId: input.messageId,
        inReplyTo: input.inReplyTo,
        references: input.references,
        date: new Date(),
      });
      return composer.compile().build();
    },

    async send(account, envelope, mime) {
      const transport = nodemailer.createTransport(smtpOptions(account));
      try {
        await transport.sendMail({ envelope, raw: mime });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx is the server's final word; anything else (4xx, network) may pass on a later try.
        const retryable = code === undefined || code < 500;
        throw Object.assign(new Error(`SMTP send failed: ${describeError(error)}`), { retryable });
      } finally {
        transport.close();
      }
    },

    async appendDraft(account, mime) {
      await withImap(account, async (client) => {
        const boxes = await client.list();
        const drafts = boxes.find((box) => box.specialUse === '\\Drafts')?.path ?? 'Drafts';
        await client.append(drafts, mime, ['\\Draft', '\\Seen']);
      });
    },

    async testImap(account) {
      try {
        await withImap(account, async () => undefined);
        return null;
      } catch (error) {
        return `IMAP: ${describeError(error)}`;
      }
    },

    async testSmtp(account) {
      const transport = nodemailer.createTransport(smtpOptions(account));
      try {
        await transport.verify();
        return null;
      } catch (error) {
        return `SMTP: ${describeError(error)}`;
      } finally {
        transport.close();
      }
    },

    startReceiver: startBuiltinReceiver,
  };
}

function smtpOptions(account: MailAccount) {
  return {
    host: account.host,
    port: account.port,
    secure: account.secure,
    ...(account.password === null ? {} : { auth: { user: account.user, pass: account.password } }),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

async function withImap(account: MailAccount, fn: (client: ImapFlow) => Promise<void>): Promise<void> {
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.secure,
    auth: { user: account.user, pass: account.password ?? '' },
    logger: false,
  });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

async function startBuiltinReceiver(options: Parameters<MailTransport['startReceiver']>[0]): Promise<MailReceiver> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_RECEIVED_BYTES,
    logger: false,
    onRcptTo(address, _session, callback) {
      options.acceptRecipient(address.address).then(
        (ok) => callback(ok ? undefined : Object.assign(new Error('No such mailbox here'), { responseCode: 550 })),
        (error: unknown) => callback(Object.assign(new Error(describeError(error)), { responseCode: 451 })),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope: ReceivedEnvelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        // 451 (try again later) when storing failed: the sending server keeps the message.
        options.onMessage(Buffer.concat(chunks), envelope).then(
          () => callback(),
          (error: unknown) => callback(Object.assign(new Error(describeError(error)), { responseCode: 451 })),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
