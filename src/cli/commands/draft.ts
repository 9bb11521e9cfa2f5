import type { Command } from 'commander';
import { parseSettings } from '../../assistant/settings.js';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../assistant/types.js';
import { createBigCommerceStore } from '../../bigcommerce/index.js';
import { traceStore } from '../../context/trace.js';
import { toDraftJson } from '../../pipeline/draft-json.js';
import { processEmail } from '../../pipeline/process-email.js';
import { readEnv } from '../../shared/config.js';
import { InputError } from '../../shared/errors.js';
import { startDemoStore, type DemoStore } from '../demo-store.js';
import { readInput, readJsonFile } from '../io.js';
import { createLlmFromEnv } from '../llm.js';
import { renderWaterfall } from '../waterfall.js';

interface DraftOptions {
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
      await runDraft(options);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runDraft(options: DraftOptions): Promise<void> {
  const env = readEnv();
  const raw = await readInput(options.eml);
  const settings = await loadSettings(options);
  const storeHash = options.storeHash ?? env.BIGCOMMERCE_STORE_HASH;
  const accessToken = options.accessToken ?? env.BIGCOMMERCE_ACCESS_TOKEN;
  if (storeHash && !accessToken)
    throw new InputError('missing_token', 'An --access-token is required with --store-hash');
  if (accessToken && !storeHash)
    throw new InputError('missing_store_hash', 'A --store-hash is required with --access-token');

  let demo: DemoStore | null = null;
  try {
    let store;
    if (storeHash && accessToken) {
      const apiUrl = options.apiUrl ?? env.BIGCOMMERCE_API_URL;
      store = createBigCommerceStore({ storeHash, accessToken, ...(apiUrl ? { apiUrl } : {}) });
    } else {
      demo = await startDemoStore();
      process.stderr.write(`No store given: answering from the built-in demo store (${demo.storeHash}).\n`);
      store = createBigCommerceStore({ storeHash: demo.storeHash, accessToken: demo.accessToken, apiUrl: demo.apiUrl });
    }
    // The LLM SDKs are imported only when an LLM is configured (see ../llm.ts).
    const llm = options.llm ? await createLlmFromEnv(process.env) : null;
    const trace = options.trace ? traceStore(store) : null;
    const result = await processEmail(raw, {
      store: trace?.store ?? store,
      settings,
      inboxAddresses: options.inbox,
      ...(llm ? { llm } : {}),
    });
    if (options.json) {
      const json = toDraftJson(result);
      const out = trace ? { ...json, trace: { roundTrips: trace.roundTrips(), requests: trace.requests() } } : json;
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return;
    }
    if (trace) process.stderr.write(renderWaterfall(trace.requests(), trace.roundTrips()));
    if (result.skipped) {
      process.stdout.write(`Skipped: ${result.skipped.reason}\n`);
    } else if (result.draft) {
      process.stdout.write(`Subject: ${result.draft.subject}\n\n${result.draft.text}\n`);
    }
  } finally {
    await demo?.simulator.close();
  }
}

async function loadSettings(options: DraftOptions): Promise<WorkspaceSettings> {
  const fromFile = options.settings ? await readJsonFile(options.settings) : {};
  const fromFlags = {
    ...(options.businessName !== undefined ? { businessName: options.businessName } : {}),
    ...(options.signature !== undefined ? { signature: options.signature.replace(/\\n/g, '\n') } : {}),
    ...(options.tone !== undefined ? { tone: options.tone } : {}),
  };
  try {
    return parseSettings({ ...(fromFile as object), ...fromFlags }, DEFAULT_SETTINGS);
  } catch (error) {
    const issue = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    throw new InputError(
      'invalid_settings',
      issue ? `Invalid setting ${issue.path.join('.') || '(root)'}: ${issue.message}` : 'Invalid settings',
    );
  }
}
