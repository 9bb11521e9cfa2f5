/**
 * Where product mail goes when no SMTP server is configured (the demo, `npm start`): a short
 * note in the process log with the recipient, subject and the one-time link, so an invitation
 * or a reset can be tried on one machine. Nothing else of the mail is written, and this is the
 * only place a link is ever logged.
 */
import type { Logger } from 'pino';
import type { ProductMail, ProductMailer } from './types.js';

export function createConsoleCatcher(logger: Pick<Logger, 'warn'>): ProductMailer {
  return {
    via: 'console',
    async send(mail: ProductMail) {
      logger.warn(
        { event: 'product_mail_caught', kind: mail.kind, to: mail.to },
        `No SMTP configured for product mail (SNOOOZ_MAIL_SMTP_HOST): caught "${mail.subject}" to ${mail.to}. Open: ${mail.link}`,
      );
    },
  };
}

/** Keeps what it is given, for tests that follow the link. */
export function createMemoryMailer(): ProductMailer & { sent: ProductMail[] } {
  const sent: ProductMail[] = [];
  return {
    via: 'console',
    sent,
    async send(mail) {
      sent.push(mail);
    },
  };
}
