import type { Command } from 'commander';
import { closeOnSignals, startServer } from '../../app/server.js';
import { resolveProcessConfig, resolveScaleConfig } from '../../app/config.js';
import { createLogger } from '../../shared/logger.js';
import { createLlmFromEnv } from '../llm.js';

interface ServeOptions {
  port?: string;
  smtpPort?: string;
  role?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run Snoooz: web app, SMTP receiver, job worker and IMAP watchers (--role all), or one side of them')
    .option('--port <port>', 'web port (default: $PORT or 3000)')
    .option('--smtp-port <port>', 'SMTP receiver port, or "off" (default: $SNOOOZ_SMTP_PORT or 2525)')
    .option(
      '--role <role>',
      'all: everything in one process; web: HTTP + SMTP receiver; worker: jobs + IMAP watchers (needs DATABASE_URL) (default: $SNOOOZ_ROLE or all)',
    )
    .action(async (options: ServeOptions) => {
      const config = resolveProcessConfig(options);
      const scale = resolveScaleConfig(options);
      const logger = createLogger({ level: config.logLevel });
      const server = await startServer({
        ...config,
        ...scale,
        logger,
        llm: createLlmFromEnv(process.env),
        secureCookies: process.env.SNOOOZ_SECURE_COOKIES === '1',
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
