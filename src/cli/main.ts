#!/usr/bin/env node
import { CommanderError } from 'commander';
import { describeError, isAppError } from '../shared/errors.js';
import { buildProgram } from './program.js';

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

async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
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
