/**
 * `snoooz draft`: the command's definition only. Its run (the pipeline, mailparser, zod,
 * chrono-node, the demo store) is imported when the action runs, so `snoooz draft --help` and a
 * usage error cost no more than `snoooz --help`.
 */
import type { Command } from 'commander';
import { loadDraftRun } from '../draft-run-loader.js';
import { tuneForOneEmail } from '../one-email.js';

export interface DraftOptions {
  eml: string;
  storeHash?: string;
  accessToken?: string;
  apiUrl?: string;
  json?: boolean;
  settings?: string;
  businessName?: string;
  signature?: string;
  tone?: string;
  inbox: string[];
  llm: boolean;
  trace?: boolean;
}

export function registerDraftCommand(program: Command): void {
  program
    .command('draft')
    .description('Run the whole pipeline (guard, intent, store context, compose) on one email and print the draft')
    .requiredOption('--eml <file>', 'the RFC 5322 message to answer: a path, or - for standard input')
    .option(
      '--store-hash <hash>',
      'BigCommerce store hash or API path (default: $BIGCOMMERCE_STORE_HASH, else the demo store)',
    )
    .option('--access-token <token>', 'BigCommerce access token (default: $BIGCOMMERCE_ACCESS_TOKEN)')
    .option(
      '--api-url <url>',
      'BigCommerce API base URL (default: $BIGCOMMERCE_API_URL or https://api.bigcommerce.com)',
    )
    .option('--json', 'print one JSON object instead of the reply text')
    .option('--settings <file>', 'workspace settings JSON (businessName, signature, tone, ...)')
    .option('--business-name <name>', 'business name used in the sign-off')
    .option('--signature <text>', 'signature block for the sign-off')
    .option('--tone <tone>', 'friendly, formal or concise')
    .option('--inbox <address>', "the support inbox's own address (mail from it is skipped); repeatable", collect, [])
    .option('--no-llm', 'use the built-in composer even when an LLM is configured')
    .option(
      '--trace',
      'show the BigCommerce request waterfall (each request, when it started and ended, its round trip): ' +
        'on standard error, or as "trace" with --json',
    )
    .addHelpText(
      'after',
      '\nWith --json the output is one object: {intent, skipped, skipReason, language, customer, orders,\n' +
        'focusOrderId, draft: {subject, text, composer, fallbackReason} | null, notices, delivery, evidence};\n' +
        'with --trace also trace: {roundTrips, requests: [{call, target, startMs, endMs, ok, wave}]}.\n' +
        'An LLM is used when OPENAI_API_KEY, ANTHROPIC_API_KEY or SNOOOZ_LLM_BASE_URL is set.',
    )
    .action(async (options: DraftOptions) => {
      tuneForOneEmail();
      const { runDraft } = await loadDraftRun();
      await runDraft(options);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
