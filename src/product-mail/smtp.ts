/**
 * Product mail through the operator's SMTP server (SNOOOZ_MAIL_SMTP_*), with the same sender
 * and retry rules as replies to customers. The server is the operator's, not a tenant's, so it
 * is not put through the egress guard.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { createSmtpSender, sendWithRetry, type SmtpAccount } from '../email/smtp/index.js';
import type { ProductMail, ProductMailer } from './types.js';

export interface SmtpProductMailerOptions {
  account: SmtpAccount;
  /** `Snoooz <no-reply@example.com>` or a bare address. */
  from: string;
  retry?: { attempts?: number; baseDelayMs?: number };
}

export function createSmtpProductMailer(options: SmtpProductMailerOptions): ProductMailer {
  const sender = createSmtpSender(options.account);
  const envelopeFrom = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(options.from)?.[1] ?? options.from.trim();
  return {
    via: 'smtp',
    async send(mail: ProductMail) {
      const raw = await new MailComposer({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Snoooz-Mail': mail.kind },
      })
        .compile()
        .build();
      await sendWithRetry(sender, { from: envelopeFrom, to: [mail.to], raw }, { attempts: 2, ...options.retry });
    },
  };
}
