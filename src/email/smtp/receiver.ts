/**
 * SMTP receiver for merchants who forward their support mail to Snoooz. It accepts mail only
 * for recipients `acceptRecipient` knows, and answers 250 only once `onMessage` has stored the
 * message; when storing fails it answers 451, so the forwarding server keeps the message and
 * retries (nothing is lost, and a redelivery is a no-op thanks to the Message-ID dedupe
 * downstream).
 *
 * Anyone who can reach the port can talk to it, so it defends itself:
 * - every unknown recipient gets the same answer (`550 5.1.1 No such mailbox here`), and a
 *   connection that keeps guessing is closed;
 * - one transaction delivers to one tenant (workspace): a recipient of another tenant is
 *   answered 452, which makes the relay send that copy in a transaction of its own;
 * - optionally only relay networks the operator lists may connect (others get 554 at connect);
 * - limits on clients, connections and messages per client, recipients, idle time and size;
 * - a message is kept in memory only up to a small threshold and spooled to a temp file beyond
 *   it, and only a few messages are read back and stored at a time, so concurrent large DATA
 *   phases do not pile up in memory;
 * - DATA that is not an email (no header section naming From, Message-ID or Date) is refused
 *   with 554 5.6.0 rather than stored as a junk row.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { describeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { silentLogger } from '../../shared/logger.js';
import { assertLooksLikeEmail } from '../raw-input.js';
import { createClientGate, parseNetworks } from './client-gate.js';
import { MessageSpool, removeStaleSpoolFiles } from './spool.js';

export interface SmtpEnvelope {
  from: string | null;
  to: string[];
  /** The connecting client's IP address, HELO/EHLO name and reverse-DNS name (for SPF and logs). */
  remoteAddress: string | null;
  helo: string | null;
  clientHostname: string | null;
}

/** What an accepted recipient delivers to: a tenant (one per transaction) and the caller's target. */
export interface SmtpRecipient<T> {
  tenant: string;
  target: T;
}

export interface SmtpReceiverLimits {
  /** Connections open at once, from everyone (beyond: 421). */
  maxClients?: number;
  /** Connections open at once from one client, an IPv4 address or an IPv6 /64 (beyond: 421). */
  maxConnectionsPerClient?: number;
  /** New connections per client per minute (beyond: 421 at connect); 0: no limit. */
  connectionsPerMinute?: number;
  /** Messages (MAIL FROM) per client per minute (beyond: 450); 0: no limit. */
  messagesPerMinute?: number;
  /** Accepted recipients per transaction (beyond: 452). */
  maxRecipients?: number;
  /** Unknown recipients per connection; the next one is answered 421 and the connection closed. */
  maxUnknownRecipients?: number;
  /** A connection idle this long is closed (421). */
  socketTimeoutMs?: number;
  /** On shutdown, how long open connections get before they are cut. */
  closeTimeoutMs?: number;
  /** Messages read back and stored at the same time; the others wait (on disk) for their turn. */
  maxConcurrentMessages?: number;
  /** Bytes of one message kept in memory while it arrives; the rest goes to a temp file. */
  memoryBytes?: number;
}

export const DEFAULT_SMTP_LIMITS: Readonly<Required<SmtpReceiverLimits>> = Object.freeze({
  maxClients: 100,
  maxConnectionsPerClient: 20,
  connectionsPerMinute: 120,
  messagesPerMinute: 300,
  maxRecipients: 50,
  maxUnknownRecipients: 10,
  socketTimeoutMs: 60_000,
  closeTimeoutMs: 10_000,
  maxConcurrentMessages: 2,
  memoryBytes: 256 * 1024,
});

export interface SmtpReceiverOptions<T = unknown> {
  /** Default 127.0.0.1: expose it deliberately (behind a relay) rather than by accident. */
  host?: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Decides RCPT TO: the recipient's tenant and target, or null for an unknown address. */
  acceptRecipient: (address: string) => Promise<SmtpRecipient<T> | null>;
  /**
   * Stores the message for the accepted recipients' targets (all of one tenant, in RCPT order);
   * resolve only once it is stored. An error with a 4xx/5xx `responseCode` is answered as is;
   * any other error is answered 451.
   */
  onMessage: (raw: Buffer, envelope: SmtpEnvelope, recipients: T[]) => Promise<void>;
  /** Default 25 MB, advertised as SIZE and enforced while reading. */
  maxBytes?: number;
  /**
   * Networks allowed to connect (CIDRs such as `10.0.0.0/8`, or single addresses); empty or
   * absent: any client. Others are refused at connect with 554.
   */
  allowFrom?: readonly string[];
  limits?: SmtpReceiverLimits;
  /** Where messages over `limits.memoryBytes` wait as temp files (default: the OS temp directory). */
  spoolDir?: string;
  logger?: Logger;
  /** A certificate enables STARTTLS; without one the receiver speaks plain SMTP only. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Banner shown to clients. */
  name?: string;
  /** The clock of the per-minute limits (tests). */
  now?: () => number;
}

export interface SmtpReceiverStats {
  /** Connections admitted and still open. */
  connections: number;
  /** Messages being read back and stored now, and the most at once since the start. */
  processing: number;
  peakProcessing: number;
  /** Message bytes held in memory now (arriving messages and those being stored), and the peak. */
  bufferedBytes: number;
  peakBufferedBytes: number;
}

export interface SmtpReceiver {
  port: number;
  stats(): SmtpReceiverStats;
  close(): Promise<void>;
}

export const DEFAULT_SMTP_MAX_BYTES = 25 * 1024 * 1024;
/** How much of a message's start is kept for the "is this an email" check. */
const HEAD_BYTES = 64 * 1024;

export const SMTP_REPLIES = Object.freeze({
  unknownRecipient: '5.1.1 No such mailbox here',
  otherTenant: '4.5.3 One recipient workspace per message: send to this recipient in a separate message',
  notAnEmail: '5.6.0 Not an email message: expected a header section with From, Message-ID or Date',
  refusedNetwork: '5.7.1 Not accepting mail from your address',
});

export function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

function responseCodeOf(error: unknown): number | null {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 400 && code <= 599 ? code : null;
}

interface Transaction<T> {
  tenant: string | null;
  /** By the address as the client wrote it in RCPT TO. */
  recipients: Map<string, T>;
}

export async function startSmtpReceiver<T>(options: SmtpReceiverOptions<T>): Promise<SmtpReceiver> {
  const maxBytes = options.maxBytes ?? DEFAULT_SMTP_MAX_BYTES;
  const limits: Required<SmtpReceiverLimits> = { ...DEFAULT_SMTP_LIMITS, ...definedOnly(options.limits ?? {}) };
  const log = (options.logger ?? silentLogger).child({ component: 'smtp-receiver' });
  const spoolDir = options.spoolDir ?? path.join(tmpdir(), 'snoooz-smtp-spool');
  const networks = options.allowFrom?.some((n) => n.trim() !== '') ? parseNetworks(options.allowFrom) : null;
  const gate = createClientGate(
    {
      maxConnectionsPerClient: limits.maxConnectionsPerClient,
      connectionsPerMinute: limits.connectionsPerMinute,
      messagesPerMinute: limits.messagesPerMinute,
    },
    networks,
    options.now,
  );
  const removed = await removeStaleSpoolFiles(spoolDir);
  if (removed > 0) log.info({ removed, spoolDir }, 'removed spool files left by a stopped process');

  const admitted = new WeakMap<SMTPServerSession, string>();
  const unknownRecipients = new WeakMap<SMTPServerSession, number>();
  // Keyed by the envelope object, which smtp-server replaces for every transaction (and on RSET).
  const transactions = new WeakMap<object, Transaction<T>>();
  const storing = pLimit(Math.max(1, limits.maxConcurrentMessages));
  const stats: SmtpReceiverStats = {
    connections: 0,
    processing: 0,
    peakProcessing: 0,
    bufferedBytes: 0,
    peakBufferedBytes: 0,
  };
  const gauge = {
    add(bytes: number) {
      stats.bufferedBytes += bytes;
      if (stats.bufferedBytes > stats.peakBufferedBytes) stats.peakBufferedBytes = stats.bufferedBytes;
    },
  };

  function transactionOf(session: SMTPServerSession): Transaction<T> {
    let transaction = transactions.get(session.envelope);
    if (!transaction) {
      transaction = { tenant: null, recipients: new Map() };
      transactions.set(session.envelope, transaction);
    }
    return transaction;
  }

  const server = new SMTPServer({
    name: options.name,
    banner: 'Snoooz mail receiver',
    size: maxBytes,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    // Our replies carry their own enhanced status codes (5.1.1, 4.5.3, 5.6.0, …).
    hideENHANCEDSTATUSCODES: true,
    maxClients: limits.maxClients,
    maxRecipients: limits.maxRecipients,
    socketTimeout: limits.socketTimeoutMs,
    closeTimeout: limits.closeTimeoutMs,
    logger: false,

    onConnect(session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const address = session.remoteAddress;
      if (!gate.allowed(address)) {
        log.info({ remoteAddress: address }, 'connection from a network not allowed');
        callback(smtpError(554, SMTP_REPLIES.refusedNetwork));
        return;
      }
      const verdict = gate.connect(address);
      if (verdict !== 'ok') {
        log.info({ remoteAddress: address, verdict }, 'connection refused: client over its limit');
        callback(smtpError(421, '4.7.0 Too many connections from your address, try again later'));
        return;
      }
      admitted.set(session, address);
      stats.connections += 1;
      callback();
    },

    onClose(session: SMTPServerSession) {
      const address = admitted.get(session);
      if (address === undefined) return;
      admitted.delete(session);
      stats.connections -= 1;
      gate.disconnect(address);
    },

    onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      if (!gate.message(session.remoteAddress)) {
        log.info({ remoteAddress: session.remoteAddress }, 'message refused: client over its limit');
        callback(smtpError(450, '4.7.1 Too many messages from your address, try again later'));
        return;
      }
      callback();
    },

    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const transaction = transactionOf(session);
      options.acceptRecipient(address.address).then(
        (found) => {
          if (!found) {
            const unknown = (unknownRecipients.get(session) ?? 0) + 1;
            unknownRecipients.set(session, unknown);
            // smtp-server closes the connection after a 421.
            if (unknown > limits.maxUnknownRecipients) {
              callback(smtpError(421, '4.7.0 Too many unknown recipients, closing the connection'));
            } else callback(smtpError(550, SMTP_REPLIES.unknownRecipient));
            return;
          }
          if (transaction.tenant !== null && transaction.tenant !== found.tenant) {
            callback(smtpError(452, SMTP_REPLIES.otherTenant));
            return;
          }
          transaction.tenant = found.tenant;
          transaction.recipients.set(address.address, found.target);
          callback();
        },
        (error: unknown) => {
          log.warn({ err: describeError(error) }, 'recipient check failed');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },

    onData(
      stream: SMTPServerDataStream,
      session: SMTPServerSession,
      callback: (err?: Error | null, message?: string) => void,
    ) {
      const transaction = transactions.get(session.envelope);
      const targets = session.envelope.rcptTo.flatMap((r) => {
        const target = transaction?.recipients.get(r.address);
        return target === undefined ? [] : [target];
      });
      const mailFrom = session.envelope.mailFrom;
      const envelope: SmtpEnvelope = {
        from: mailFrom ? mailFrom.address || null : null,
        to: session.envelope.rcptTo.map((r) => r.address),
        remoteAddress: session.remoteAddress || null,
        helo: session.hostNameAppearsAs || null,
        clientHostname: session.clientHostname || null,
      };
      const spool = new MessageSpool({
        dir: spoolDir,
        memoryBytes: limits.memoryBytes,
        maxBytes,
        headBytes: HEAD_BYTES,
        gauge,
      });
      let answered = false;
      const answer = (error: Error | null, message?: string): void => {
        if (answered) return;
        answered = true;
        // The temp file is gone before the client hears the answer, so nothing outlives a reply.
        void spool.dispose().finally(() => callback(error, message));
      };
      spool.once('error', (error: Error) => {
        log.warn({ err: describeError(error) }, 'spooling a received message failed');
        stream.unpipe(spool);
        // The client must still finish DATA; what it sends now is read and dropped.
        stream.resume();
        answer(smtpError(451, '4.3.0 Could not receive the message, try again later'));
      });
      stream.once('error', (error: Error) => answer(smtpError(451, `4.3.0 ${describeError(error)}`)));
      spool.once('finish', () => {
        if (answered) return;
        if (stream.sizeExceeded || spool.size > maxBytes) {
          log.info({ size: spool.size, maxBytes }, 'message too big');
          answer(smtpError(552, `5.3.4 Message too big (limit ${maxBytes} bytes)`));
          return;
        }
        if (!looksLikeMessage(spool.head)) {
          log.info({ size: spool.size, remoteAddress: envelope.remoteAddress }, 'DATA is not an email');
          answer(smtpError(554, SMTP_REPLIES.notAnEmail));
          return;
        }
        if (targets.length === 0) {
          answer(smtpError(451, '4.3.0 Temporary failure, try again later'));
          return;
        }
        storing(async () => {
          stats.processing += 1;
          stats.peakProcessing = Math.max(stats.peakProcessing, stats.processing);
          let held = 0;
          try {
            const raw = await spool.read();
            held = raw.length;
            gauge.add(held);
            await options.onMessage(raw, envelope, targets);
          } finally {
            gauge.add(-held);
            stats.processing -= 1;
          }
        }).then(
          () => answer(null, '2.0.0 Stored'),
          (error: unknown) => {
            const code = responseCodeOf(error);
            if (code !== null) {
              answer(smtpError(code, (error as Error).message));
              return;
            }
            // The sender keeps the message and retries; we store nothing half-way.
            log.warn({ err: describeError(error) }, 'storing a received message failed');
            answer(smtpError(451, '4.3.0 Could not store the message, try again later'));
          },
        );
      });
      stream.pipe(spool);
    },
  });
  server.on('error', (error: Error) => log.warn({ err: describeError(error) }, 'SMTP receiver error'));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    stats: () => ({ ...stats }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Whether DATA is an email worth storing: a header section (see raw-input.ts: header lines, no
 * binary) that names the sender or identifies the message: From, Message-ID or Date. Random
 * bytes, a line of text or a stray "Subject:" are not.
 */
export function looksLikeMessage(head: Buffer): boolean {
  try {
    assertLooksLikeEmail(head);
  } catch {
    return false;
  }
  const text = head.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const section = end >= 0 ? text.slice(0, end) : text;
  return section.split(/\r?\n/).some((line) => /^(?:from|message-id|date)[ \t]*:/i.test(line));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
