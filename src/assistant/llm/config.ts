/**
 * Which LLM to use, from workspace settings or the environment. Kept apart from the SDK models
 * (provider.ts) so deciding that no LLM is configured never loads the SDKs, which take a good
 * part of a second to import (`snoooz draft` start-up).
 *
 * The API key lives only in the returned config; nothing here logs it or puts it into an error
 * message (use `describeLlmConfig` for logs).
 */
import { InputError } from '../../shared/errors.js';

export const LLM_PROVIDERS = ['openai', 'anthropic', 'openai-compatible'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export interface LlmConfig {
  provider: LlmProvider;
  model: string;
  baseURL?: string;
  apiKey?: string;
}

/** What a workspace may set in its settings; each field wins over the environment. */
export type LlmSettings = Partial<LlmConfig>;

/**
 * Defaults are small, fast, instruction-following models: a support reply needs accuracy and
 * tone, not deep reasoning. `llama3.1` is the common Ollama tag; llama.cpp's server ignores it.
 */
export const DEFAULT_MODELS: Record<LlmProvider, string> = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-haiku-4-5',
  'openai-compatible': 'llama3.1',
};

type Env = Record<string, string | undefined>;

/**
 * Resolution order: explicit provider (settings, then SNOOOZ_LLM_PROVIDER); else a base URL means
 * an OpenAI-compatible server; else whichever key is set (the model name breaks a tie when both
 * are). Returns null when nothing is configured, so the built-in composer is used.
 *
 * A compatible server only gets SNOOOZ_LLM_API_KEY (or the settings key), never OPENAI_API_KEY:
 * a local or third-party server must not receive the merchant's OpenAI credentials by accident.
 */
export function resolveLlmConfig(env: Env, settingsOverride: LlmSettings = {}): LlmConfig | null {
  const s = settingsOverride;
  const explicit = value(s.provider) ?? value(env.SNOOOZ_LLM_PROVIDER);
  const baseURL = value(s.baseURL) ?? value(env.SNOOOZ_LLM_BASE_URL);
  const model = value(s.model) ?? value(env.SNOOOZ_LLM_MODEL);
  // A base URL chosen in a workspace's settings never receives the operator's keys from the
  // environment: a tenant could otherwise point the operator's OpenAI key at its own server.
  const envKeysAllowed = value(s.baseURL) === undefined;
  const envKey = (name: string): string | undefined => (envKeysAllowed ? value(env[name]) : undefined);
  const openaiKey = value(s.apiKey) ?? envKey('OPENAI_API_KEY');
  const anthropicKey = value(s.apiKey) ?? envKey('ANTHROPIC_API_KEY');
  const compatibleKey = value(s.apiKey) ?? envKey('SNOOOZ_LLM_API_KEY');

  let provider: LlmProvider;
  if (explicit !== undefined) {
    if (!isProvider(explicit)) {
      throw new InputError(
        'llm_provider_invalid',
        `Unknown LLM provider "${explicit.slice(0, 40)}": use one of ${LLM_PROVIDERS.join(', ')}.`,
      );
    }
    provider = explicit;
  } else if (baseURL !== undefined) {
    provider = 'openai-compatible';
  } else {
    const settingsKey = value(s.apiKey);
    const hasOpenAi = value(env.OPENAI_API_KEY) !== undefined;
    const hasAnthropic = value(env.ANTHROPIC_API_KEY) !== undefined;
    // A Claude model name or an Anthropic-style key decides when the key alone cannot.
    const anthropicHint = /^claude/i.test(model ?? '') || /^sk-ant-/.test(settingsKey ?? '');
    if (settingsKey !== undefined || (hasOpenAi && hasAnthropic)) provider = anthropicHint ? 'anthropic' : 'openai';
    else if (hasOpenAi) provider = 'openai';
    else if (hasAnthropic) provider = 'anthropic';
    else return null;
  }

  const config: LlmConfig = { provider, model: model ?? DEFAULT_MODELS[provider] };
  const apiKey = provider === 'openai' ? openaiKey : provider === 'anthropic' ? anthropicKey : compatibleKey;
  if (apiKey !== undefined) config.apiKey = apiKey;
  if (baseURL !== undefined) config.baseURL = normaliseBaseUrl(baseURL, provider);

  if (provider === 'openai-compatible' && config.baseURL === undefined) {
    throw new InputError(
      'llm_base_url_missing',
      'The openai-compatible LLM provider needs a base URL (SNOOOZ_LLM_BASE_URL), e.g. http://localhost:11434/v1.',
    );
  }
  if (provider !== 'openai-compatible' && config.apiKey === undefined) {
    const name = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    throw new InputError('llm_api_key_missing', `The ${provider} LLM provider needs an API key (${name}).`);
  }
  return config;
}

/** A one-line description for logs and the CLI, with the key reduced to whether it is set. */
export function describeLlmConfig(config: LlmConfig): string {
  const parts = [`provider=${config.provider}`, `model=${config.model}`];
  if (config.baseURL !== undefined) parts.push(`baseURL=${config.baseURL}`);
  parts.push(`apiKey=${config.apiKey === undefined ? 'none' : 'set'}`);
  return parts.join(' ');
}

function value(raw: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function isProvider(raw: string): raw is LlmProvider {
  return (LLM_PROVIDERS as readonly string[]).includes(raw);
}

/**
 * Ollama, vLLM and llama.cpp all serve the OpenAI API under /v1; people often paste just the
 * origin ("http://localhost:11434"), so a bare origin gets /v1 for compatible servers.
 */
function normaliseBaseUrl(raw: string, provider: LlmProvider): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError('llm_base_url_invalid', 'The LLM base URL is not a valid http(s) URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError('llm_base_url_invalid', 'The LLM base URL must start with http:// or https://.');
  }
  // Credentials in the URL would end up in logs; refuse them rather than echo them.
  if (url.username !== '' || url.password !== '') {
    throw new InputError('llm_base_url_invalid', 'The LLM base URL must not contain a user name or password.');
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (path === '' && provider === 'openai-compatible') path = '/v1';
  return `${url.origin}${path}${url.search}`;
}
