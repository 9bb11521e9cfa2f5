/**
 * The `ai` SDK model for an LLM config (config.ts decides which LLM to use).
 *
 * The API key lives only in the config and the provider instance; nothing here logs it or puts
 * it into an error message.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { InputError } from '../../shared/errors.js';
import type { LlmConfig } from './config.js';
import { registerModelSecret } from './errors.js';

export {
  DEFAULT_MODELS,
  LLM_PROVIDERS,
  describeLlmConfig,
  resolveLlmConfig,
  type LlmConfig,
  type LlmProvider,
  type LlmSettings,
} from './config.js';

export interface LanguageModelOptions {
  /** The HTTP client for the provider (a tenant-chosen base URL gets the egress-guarded one). */
  fetch?: typeof fetch;
}

/** Builds the SDK model. Throws InputError (never containing the key) for an unusable config. */
export function createLanguageModel(config: LlmConfig, options: LanguageModelOptions = {}): LanguageModel {
  const model = buildModel(config, options.fetch === undefined ? {} : { fetch: options.fetch });
  // Remembered so `composeWithLlm` can scrub this key from provider error messages.
  registerModelSecret(model, config.apiKey);
  return model;
}

/** A model object (not a gateway id string), so it can key the secret registry. */
function buildModel(config: LlmConfig, http: { fetch?: typeof fetch }): Exclude<LanguageModel, string> {
  switch (config.provider) {
    case 'openai':
      // Chat Completions rather than the Responses API: it is what OpenAI-style proxies and
      // gateways behind a custom base URL reliably implement.
      return createOpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, ...http }).chat(config.model);
    case 'anthropic':
      return createAnthropic({ apiKey: config.apiKey, baseURL: config.baseURL, ...http })(config.model);
    case 'openai-compatible':
      if (config.baseURL === undefined) {
        throw new InputError('llm_base_url_missing', 'The openai-compatible LLM provider needs a base URL.');
      }
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: config.baseURL,
        apiKey: config.apiKey,
        ...http,
      }).chatModel(config.model);
  }
}
