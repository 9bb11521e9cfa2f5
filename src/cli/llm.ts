import { resolveLlmConfig } from '../assistant/llm/config.js';
import type { LlmComposer } from '../pipeline/process-email.js';

/**
 * The LLM composer configured by environment, or null when none is (the built-in one is used).
 * The SDKs and the LLM composer are imported only when an LLM is configured: they take a good
 * part of a second to load, which `snoooz draft` on the built-in composer never pays.
 */
export async function createLlmFromEnv(env: NodeJS.ProcessEnv): Promise<LlmComposer | null> {
  const config = resolveLlmConfig(env);
  if (!config) return null;
  const [{ createLanguageModel }, { llmComposer }] = await Promise.all([
    import('../assistant/llm/provider.js'),
    import('../pipeline/workspace-llm.js'),
  ]);
  return llmComposer(createLanguageModel(config));
}
