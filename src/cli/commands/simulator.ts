import type { Command } from 'commander';
import { DEFAULT_TOKEN, simulatorFromCliOptions } from '../../../simulator/index.js';
import { InputError } from '../../shared/errors.js';

interface SimulatorCliOptions {
  port: string;
  data?: string[];
  customers?: string;
  seed?: string;
  latencyMs?: string;
  caseSensitive?: boolean;
  quota?: string;
  rateLimit: boolean;
  log?: boolean;
}

export function registerSimulatorCommand(program: Command): void {
  program
    .command('simulator')
    .description('Run the BigCommerce API simulator (a faithful local stand-in for api.bigcommerce.com)')
    .option('--port <port>', 'port to listen on', '4100')
    .option(
      '--data <file...>',
      'serve the store described by this JSON file (see simulator/README.md); several files: several stores',
    )
    .option('--customers <n>', 'generate a store with this many customers (default 200)')
    .option('--seed <n>', 'seed of the generated store (same seed, same store)', '1')
    .option('--latency-ms <ms>', 'delay added to every response', '0')
    .option('--case-sensitive', 'match customer and order emails case-sensitively (BigCommerce does not document it)')
    .option('--quota <n>', 'requests per 30 s window per store before 429 (default 150)')
    .option('--no-rate-limit', 'never answer 429')
    .option('--log', 'print one line per request: method, path, status, milliseconds (never the token)')
    .addHelpText(
      'after',
      '\nPoint any command at it with --api-url http://127.0.0.1:PORT (or BIGCOMMERCE_API_URL).\n' +
        `Without configured tokens the store accepts the access token ${DEFAULT_TOKEN} with every read scope.`,
    )
    .action(async (options: SimulatorCliOptions) => {
      if (options.data?.length && options.customers)
        throw new InputError('invalid_option', 'Use either --data or --customers');
      const quota = options.rateLimit ? (options.quota === undefined ? 150 : toInt(options.quota, '--quota')) : null;
      const simulator = await simulatorFromCliOptions({
        port: toInt(options.port, '--port'),
        ...(options.data ? { data: options.data } : {}),
        ...(options.customers ? { customers: toInt(options.customers, '--customers') } : {}),
        ...(options.seed ? { seed: toInt(options.seed, '--seed') } : {}),
        latencyMs: toInt(options.latencyMs ?? '0', '--latency-ms'),
        caseSensitive: options.caseSensitive ?? false,
        quota,
        ...(options.log ? { logger: (line: string) => void process.stdout.write(`${line}\n`) } : {}),
      });
      process.stdout.write(`BigCommerce simulator listening on ${simulator.url}\n`);
      process.stdout.write(`Store hash: ${simulator.storeHashes.join(', ')}\n`);
      process.stdout.write(`Access token: ${DEFAULT_TOKEN}\n`);
      const stop = (): void => {
        void simulator.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

function toInt(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InputError('invalid_option', `${flag} must be a whole number`);
  return number;
}
