/**
 * Product mail: through the operator's SMTP server (a real peer on loopback) or, with none
 * configured, the console catcher, which writes the recipient, subject and link and nothing else.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpPeer, type SmtpPeer } from '../../test/servers/smtp-peer.js';
import { parseEmail } from '../email/index.js';
import { REDACTED_PATHS } from '../shared/logger.js';
import { createConsoleCatcher, createSmtpProductMailer, invitationMail, passwordResetMail } from './index.js';
import { productMailConfigFromEnv } from './config.js';

const LINK = 'http://snoooz.test/invite/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

describe('SMTP product mail', () => {
  let peer: SmtpPeer;
  let refusing: SmtpPeer;
  beforeAll(async () => {
    [peer, refusing] = await Promise.all([
      startSmtpPeer({ auth: { user: 'mailer', password: 'smtp-secret-pw' } }),
      startSmtpPeer({ failFirst: 5, failWith: 550 }),
    ]);
  });
  afterAll(async () => Promise.all([peer.close(), refusing.close()]));

  it('sends the invitation as plain text with the link, from the configured address, marked automatic', async () => {
    const mailer = createSmtpProductMailer({
      account: { host: peer.host, port: peer.port, secure: false, user: 'mailer', password: 'smtp-secret-pw' },
      from: 'Snoooz <no-reply@snoooz.test>',
    });
    const mail = invitationMail({
      to: 'nia@invitee.test',
      workspaceName: 'Shop A',
      inviterName: 'Olga Owner',
      role: 'agent',
      link: LINK,
      validHours: 72,
    });
    await mailer.send(mail);
    const received = peer.received.at(-1);
    expect(received?.from).toBe('no-reply@snoooz.test');
    expect(received?.to).toEqual(['nia@invitee.test']);
    const parsed = await parseEmail(received?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe('You are invited to Shop A on Snoooz');
    expect(parsed.text).toContain(LINK);
    expect(parsed.text).toContain('Olga Owner invited you to join Shop A on Snoooz as an agent.');
    expect(received?.raw.toString('latin1')).toMatch(/^Auto-Submitted: auto-generated/im);
  });

  it('a refused mail is a one-line error without the password or the link', async () => {
    const mailer = createSmtpProductMailer({
      account: { host: refusing.host, port: refusing.port, secure: false },
      from: 'no-reply@snoooz.test',
      retry: { attempts: 1 },
    });
    const error = await mailer.send(passwordResetMail({ to: 'x@y.test', link: LINK, validMinutes: 30 })).then(
      () => null,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('smtp_rejected');
    expect(error?.message).not.toContain(LINK);
    expect(error?.message.split('\n')).toHaveLength(1);
  });
});

describe('the console catcher', () => {
  it('logs recipient, subject and link only (not the body), as one line', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
      { write: (line: string) => void lines.push(line) },
    );
    const mail = passwordResetMail({ to: 'owner@a.test', link: LINK, validMinutes: 30 });
    await createConsoleCatcher(logger).send(mail);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}') as { msg: string; to: string; kind: string };
    expect(entry).toMatchObject({ to: 'owner@a.test', kind: 'password_reset' });
    expect(entry.msg).toContain(LINK);
    expect(entry.msg).toContain('Reset your Snoooz password');
    expect(entry.msg).not.toContain('Someone asked to reset');
  });
});

describe('configuration from the environment', () => {
  it('no host: the catcher; links from SNOOOZ_APP_URL, else SNOOOZ_PUBLIC_URL', () => {
    expect(productMailConfigFromEnv({})).toEqual({ smtp: null, appUrl: null });
    expect(productMailConfigFromEnv({ SNOOOZ_PUBLIC_URL: 'https://snoooz.example.com/' }).appUrl).toBe(
      'https://snoooz.example.com',
    );
    expect(
      productMailConfigFromEnv({ SNOOOZ_APP_URL: 'https://app.example.com', SNOOOZ_PUBLIC_URL: 'https://x.example' })
        .appUrl,
    ).toBe('https://app.example.com');
  });

  it('a host: port 587 with STARTTLS required by default, 465 implicit TLS, optional login', () => {
    const base = { SNOOOZ_MAIL_SMTP_HOST: 'smtp.example.com', SNOOOZ_MAIL_FROM: 'Snoooz <no-reply@example.com>' };
    expect(productMailConfigFromEnv(base).smtp).toEqual({
      from: 'Snoooz <no-reply@example.com>',
      account: { host: 'smtp.example.com', port: 587, secure: false, requireTLS: true },
    });
    expect(
      productMailConfigFromEnv({
        ...base,
        SNOOOZ_MAIL_SMTP_PORT: '465',
        SNOOOZ_MAIL_SMTP_USER: 'u',
        SNOOOZ_MAIL_SMTP_PASSWORD: 'p',
      }).smtp?.account,
    ).toEqual({ host: 'smtp.example.com', port: 465, secure: true, requireTLS: false, user: 'u', password: 'p' });
    expect(productMailConfigFromEnv({ ...base, SNOOOZ_MAIL_SMTP_REQUIRE_TLS: 'false' }).smtp?.account.requireTLS).toBe(
      false,
    );
  });

  it('bad settings are one clear line, never echoing the password', () => {
    const base = { SNOOOZ_MAIL_SMTP_HOST: 'smtp.example.com', SNOOOZ_MAIL_SMTP_PASSWORD: 'pw-secret-123' };
    expect(() => productMailConfigFromEnv(base)).toThrow(/SNOOOZ_MAIL_FROM must be set/);
    const withFrom = { ...base, SNOOOZ_MAIL_FROM: 'a@b.example' };
    expect(() => productMailConfigFromEnv({ ...withFrom, SNOOOZ_MAIL_SMTP_PORT: 'x' })).toThrow(
      /SNOOOZ_MAIL_SMTP_PORT/,
    );
    expect(() => productMailConfigFromEnv({ ...withFrom, SNOOOZ_MAIL_SMTP_SECURE: 'maybe' })).toThrow(
      /SNOOOZ_MAIL_SMTP_SECURE must be true or false/,
    );
    expect(() => productMailConfigFromEnv({ SNOOOZ_APP_URL: 'javascript:alert(1)' })).toThrow(/SNOOOZ_APP_URL/);
    for (const env of [base, { ...withFrom, SNOOOZ_MAIL_SMTP_PORT: 'x' }]) {
      try {
        productMailConfigFromEnv(env);
      } catch (error) {
        expect((error as Error).message).not.toContain('pw-secret-123');
      }
    }
  });
});
