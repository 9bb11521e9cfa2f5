/**
 * SMTP receiver for merchants who forward their support mail to Snoooz. It accepts mail only
 * for configured inbox addresses and answers 250 only once `onMessage` has stored the message;
 * when storing fails it answers 451, so the forwarding server keeps the message and retries
 * (nothing is lost, and a redelivery is a no-op thanks to the Message-ID dedupe downstream).
 */
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { describeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { silentLogger } from '../../shared/logger.js';

export interface SmtpEnvelope {
  from: string | null;
  to: string[];
  /** The connecting client's IP address, HELO/EHLO name and reverse-DNS name (for SPF and logs). */
  remoteAddress: string | null;
  helo: string | null;
  clientHostname: string | null;
}

export interface SmtpReceiverOptions {
  /** Default 127.0.0.1: expose it deliberately (behind a relay) rather than by accident. */
  host?: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Decides RCPT TO: true for a configured inbox address. */
  acceptRecipient: (address: string) => Promise<boolean>;
  /** Stores the message; resolve only once it is stored. */
  onMessage: (raw: Buffer, envelope: SmtpEnvelope) => Promise<void>;
  /** Default 25 MB, advertised as SIZE and enforced while reading. */
  maxBytes?: number;
  logger?: Logger;
  /** A certificate enables STARTTLS; without one the receiver speaks plain SMTP only. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Banner shown to clients. */
  name?: string;
}

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_SMTP_MAX_BYTES = 25 * 1024 * 1024;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const maxBytes = options.maxBytes ?? DEFAULT_SMTP_MAX_BYTES;
  const log = (options.logger ?? silentLogger).child({ component: 'smtp-receiver' });

  const server = new SMTPServer({
    name: options.name,
    banner: 'Snoooz mail receiver',
    size: maxBytes,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,

    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      options.acceptRecipient(address.address).then(
        (ok) => callback(ok ? null : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`)),
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
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit, keep reading (the client must finish DATA) but stop buffering.
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.once('error', (error: Error) => callback(smtpError(451, `4.3.0 ${describeError(error)}`)));
      stream.once('end', () => {
        if (stream.sizeExceeded || size > maxBytes) {
          log.info({ size, maxBytes }, 'message too big');
          callback(smtpError(552, `5.3.4 Message too big (limit ${maxBytes} bytes)`));
          return;
        }
        const mailFrom = session.envelope.mailFrom;
        const envelope: SmtpEnvelope = {
          from: mailFrom ? mailFrom.address || null : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          remoteAddress: session.remoteAddress || null,
          helo: session.hostNameAppearsAs || null,
          clientHostname: session.clientHostname || null,
        };
        options.onMessage(Buffer.concat(chunks, size), envelope).then(
          () => callback(null, '2.0.0 Stored'),
          (error: unknown) => {
            // The sender keeps the message and retries; we store nothing half-way.
            log.warn({ err: describeError(error) }, 'storing a received message failed');
            callback(smtpError(451, '4.3.0 Could not store the message, try again later'));
          },
        );
      });
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
