import type { Command } from 'commander';
import { closeOnSignals, startServer } from '../../app/server.js';
import { resolveProcessConfig } from '../../app/config.js';
import { createLogger } from '../../shared/logger.js';
import { createLlmFromEnv } from '../llm.js';

interface ServeOptions {
  port?: string;
  smtpPort?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run Snoooz: web app, job worker, SMTP receiver and IMAP watchers in one process')
    .option('--port <port>', 'web port (default: $PORT or 3000)')
    .option('--smtp-port <port>', 'SMTP receiver port, or "off" (default: $SNOOOZ_SMTP_PORT or 2525)')
    .action(async (options: ServeOptions) => {
      const config = resolveProcessConfig(options);
      const logger = createLogger({ level: config.logLevel });
      const server = await startServer({
        ...config,
        logger,
        llm: createLlmFromEnv(process.env),
        secureCookies: process.env.SNOOOZ_SECURE_COOKIES === '1',
      });
      closeOnSignals(server, logger);
      process.stdout.write(
        `Snoooz running at ${server.url}` +
          (server.smtpPort === null ? '' : `; SMTP receiver on port ${server.smtpPort}`) +
          ' (Ctrl+C stops after the jobs in flight).\n',
      );
    });
}
