/**
 * A real SMTP server on loopback (smtp-server) that records every message it accepts, so tests
 * can check what a sender put on the wire. It can refuse the first N messages with a temporary
 * (451) or permanent (550) answer, and require a login.
 */
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  raw: Buffer;
  from: string | null;
  to: string[];
}

export interface SmtpPeerOptions {
  /** Answer this many DATA commands with `failWith` before accepting. */
  failFirst?: number;
  failWith?: 451 | 550;
  /** When set, AUTH is required and only these credentials pass. */
  auth?: { user: string; password: string };
  /**
   * When set, AUTH is required and XOAUTH2 is accepted: the access token is checked by this
   * function (an RFC 7662 introspection at the test authorization server), as a provider would.
   */
  oauth2?: { introspect(token: string): Promise<{ active: boolean; username?: string }> };
}

export interface SmtpPeer {
  host: string;
  port: number;
  received: ReceivedMail[];
  /** DATA commands seen, accepted or not. */
  attempts: number;
  /** XOAUTH2 logins checked (accepted or not). */
  oauthLogins: number;
  close(): Promise<void>;
}

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  let failuresLeft = options.failFirst ?? 0;
  const peer: SmtpPeer = {
    host: '127.0.0.1',
    port: 0,
    received: [],
    attempts: 0,
    oauthLogins: 0,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    disabledCommands: options.auth || options.oauth2 ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth && !options.oauth2,
    authMethods: options.oauth2 ? ['PLAIN', 'LOGIN', 'XOAUTH2'] : ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.oauth2 && auth.method === 'XOAUTH2') {
        const refuse = () => callback(Object.assign(new Error('Invalid access token'), { responseCode: 535 }) as Error);
        options.oauth2.introspect(auth.accessToken ?? '').then((answer) => {
          peer.oauthLogins += 1;
          if (answer.active && answer.username === auth.username) callback(null, { user: auth.username });
          else refuse();
        }, refuse);
        return;
      }
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        peer.attempts += 1;
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          const code = options.failWith ?? 451;
          const text = code === 451 ? 'Try again later' : 'Mailbox unavailable';
          callback(Object.assign(new Error(text), { responseCode: code }));
          return;
        }
        const from = session.envelope.mailFrom;
        peer.received.push({
          raw: Buffer.concat(chunks),
          from: from ? from.address : null,
          to: session.envelope.rcptTo.map((r: SMTPServerAddress) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  peer.port = typeof address === 'object' && address ? address.port : 0;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer;
}
