#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { describeError, isAppError } from '../shared/errors.js';
import { registerConnectTestCommand } from './commands/connect-test.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDraftCommand } from './commands/draft.js';
import { registerSimulatorCommand } from './commands/simulator.js';
import { registerSecretsCommands } from './commands/secrets.js';
import { registerServeCommand } from './commands/serve.js';
import { registerShadowCommand } from './commands/shadow.js';
import { registerUserCommands, registerWorkspaceCommands } from './commands/workspace.js';
import { registerWebhooksCommand } from './commands/webhooks.js';

/** Exit status: 0 success, 1 the operation failed (store, network), 2 bad input or usage. */
const EXIT_FAILURE = 1;
const EXIT_BAD_INPUT = 2;
/** Error codes that mean the user's input is wrong (as opposed to the store or network failing). */
const BAD_INPUT_CODES = new Set([
  'invalid_email',
  'email_too_large',
  'unreadable_file',
  'invalid_json',
  'invalid_settings',
  'invalid_option',
  'invalid_config',
  'missing_token',
  'missing_store_hash',
  'invalid_store_hash',
]);

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('snoooz')
    .description('Snoooz: AI email replies grounded in your BigCommerce store data (read-only)')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDemoCommand(program);
  registerDraftCommand(program);
  registerConnectTestCommand(program);
  registerSimulatorCommand(program);
  registerServeCommand(program);
  registerWorkspaceCommands(program);
  registerUserCommands(program);
  registerSecretsCommands(program);
  registerShadowCommand(program);
  registerWebhooksCommand(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the usage problem (or the help/version text).
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
      return;
    }
    process.stderr.write(`error: ${describeError(error)}\n`);
    process.exitCode = isAppError(error) && BAD_INPUT_CODES.has(error.code) ? EXIT_BAD_INPUT : EXIT_FAILURE;
  }
}

await main(process.argv);
