/**
 * A raw SMTP client over TCP for tests that need to see every reply line as the server wrote it
 * (codes and texts of RCPT answers, a refusal at connect, a 421 that closes the connection),
 * which a full client like nodemailer hides behind one error.
 */
import { connect, type Socket } from 'node:net';

export interface SmtpDialog {
  /** The server's first reply (220 …, or 554/421 when it refuses the connection). */
  greeting: string;
  /** Sends one command line; resolves with the full reply ('' once the server has closed). */
  command(line: string): Promise<string>;
  /**
   * DATA, then the message and the final dot; resolves with the reply to the message (or to DATA
   * when it is refused). `stuffed: false` sends the bytes as they are (no line may start with
   * "."), and parts are written one after the other without being copied into one buffer.
   */
  data(message: Buffer | string | Buffer[], options?: { stuffed?: boolean }): Promise<string>;
  /** Resolves when the server closed the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
  close(): void;
}

export async function openSmtp(port: number, host = '127.0.0.1'): Promise<SmtpDialog> {
  const socket: Socket = connect({ port, host });
  let buffer = '';
  let closed = false;
  const waiting: Array<(reply: string) => void> = [];
  let lines: string[] = [];
  const closedPromise = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      for (const resolveReply of waiting.splice(0)) resolveReply(lines.join('\r\n'));
      lines = [];
      resolve();
    }),
  );
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = lines.join('\r\n');
        lines = [];
        waiting.shift()?.(reply);
      }
    }
  });
  const next = (): Promise<string> =>
    closed ? Promise.resolve('') : new Promise<string>((resolve) => waiting.push(resolve));

  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const greeting = await next();
  const command = (line: string): Promise<string> => {
    if (closed) return Promise.resolve('');
    const reply = next();
    socket.write(`${line}\r\n`);
    return reply;
  };
  return {
    greeting,
    command,
    async data(message, options = {}) {
      const go = await command('DATA');
      if (!go.startsWith('354')) return go;
      const reply = next();
      const parts = Array.isArray(message) ? message : [typeof message === 'string' ? Buffer.from(message) : message];
      const body =
        options.stuffed === false
          ? parts
          : [
              Buffer.from(
                Buffer.concat(parts)
                  .toString('latin1')
                  .replace(/(^|\r\n)\./g, '$1..'),
                'latin1',
              ),
            ];
      for (const part of body) socket.write(part);
      const last = body[body.length - 1] ?? Buffer.alloc(0);
      socket.write(last.subarray(-2).toString('latin1') === '\r\n' ? '.\r\n' : '\r\n.\r\n');
      return reply;
    },
    closed: closedPromise,
    isClosed: () => closed,
    close: () => socket.destroy(),
  };
}

/** One whole transaction: EHLO, MAIL FROM, each RCPT TO (their replies in order), and DATA. */
export async function sendOver(
  port: number,
  mail: { from?: string; to: string[]; message: Buffer | string },
): Promise<{ greeting: string; rcpt: string[]; data: string | null }> {
  const smtp = await openSmtp(port);
  try {
    if (!smtp.greeting.startsWith('220')) return { greeting: smtp.greeting, rcpt: [], data: null };
    await smtp.command('EHLO client.test');
    await smtp.command(`MAIL FROM:<${mail.from ?? 'relay@forwarder.example'}>`);
    const rcpt: string[] = [];
    for (const to of mail.to) rcpt.push(await smtp.command(`RCPT TO:<${to}>`));
    const data = rcpt.some((r) => r.startsWith('250')) ? await smtp.data(mail.message) : null;
    await smtp.command('QUIT');
    return { greeting: smtp.greeting, rcpt, data };
  } finally {
    smtp.close();
  }
}
