import type { Command } from 'commander';
import { closeOnSignals, startServer } from '../../server/start-server.js';
import { resolveProcessConfig, resolveScaleConfig } from '../../app/config.js';
import { resolveSecureCookies } from '../../app/deployment.js';
import { createLogger } from '../../shared/logger.js';
import { createLlmFromEnv } from '../llm.js';

interface ServeOptions {
  port?: string;
  smtpPort?: string;
  smtpHost?: string;
  smtpAllowFrom?: string;
  role?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run Snoooz: web app, SMTP receiver, job worker and IMAP watchers (--role all), or one side of them')
    .option('--port <port>', 'web port (default: $PORT or 3000)')
    .option('--smtp-port <port>', 'SMTP receiver port, or "off" (default: $SNOOOZ_SMTP_PORT or 2525)')
    .option(
      '--smtp-host <address>',
      'address the SMTP receiver listens on, independent of HOST (default: $SNOOOZ_SMTP_HOST or 127.0.0.1)',
    )
    .option(
      '--smtp-allow-from <networks>',
      'relay networks allowed to connect to the SMTP receiver, e.g. "10.0.0.0/8,2001:db8::/32" (default: $SNOOOZ_SMTP_ALLOW_FROM, or anyone)',
    )
    .option(
      '--role <role>',
      'all: everything in one process; web: HTTP + SMTP receiver; worker: jobs + IMAP watchers (needs DATABASE_URL) (default: $SNOOOZ_ROLE or all)',
    )
    .addHelpText(
      'after',
      '\nBehind a reverse proxy, set SNOOOZ_TRUSTED_PROXIES to its addresses (comma-separated IPs or CIDRs, or\n' +
        'loopback/linklocal/uniquelocal): X-Forwarded-For is then believed from those peers only, so sign-in\n' +
        'throttling sees each client, not the proxy. Unset: the socket address is the client.\n' +
        '\nProduct mail (invitations, password resets) goes through SNOOOZ_MAIL_SMTP_HOST (with SNOOOZ_MAIL_FROM;\n' +
        'see README, Configuration) with links on SNOOOZ_APP_URL. Unset: each mail and its one-time link are\n' +
        'printed in this process log instead.',
    )
    .action(async (options: ServeOptions) => {
      const config = resolveProcessConfig(options);
      const scale = resolveScaleConfig(options);
      const logger = createLogger({ level: config.logLevel });
      const server = await startServer({
        ...config,
        ...scale,
        logger,
        llm: await createLlmFromEnv(process.env),
        secureCookies: resolveSecureCookies(process.env),
      });
      closeOnSignals(server, logger);
      if (server.role === 'worker') {
        process.stdout.write(`Snoooz worker ${server.processId} running (Ctrl+C stops after the jobs in flight).\n`);
        return;
      }
      process.stdout.write(
        `Snoooz ${server.role === 'web' ? 'web ' : ''}running at ${server.url}` +
          (server.smtpPort === null ? '' : `; SMTP receiver on port ${server.smtpPort}`) +
          (server.role === 'web' ? '.\n' : ' (Ctrl+C stops after the jobs in flight).\n'),
      );
    });
}
