/** What `snoooz draft` does once its options are parsed (imported by draft.ts when it runs). */
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
import type { DraftOptions } from './draft.js';

export async function runDraft(options: DraftOptions): Promise<void> {
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
