import { composeBuiltinReply } from '../assistant/index.js';
import { composeWithLlm, createLanguageModel, resolveLlmConfig } from '../assistant/llm/index.js';
import type { LlmComposer } from '../pipeline/process-email.js';

/** The LLM composer configured by environment, or null when none is (the built-in one is used). */
export function createLlmFromEnv(env: NodeJS.ProcessEnv): LlmComposer | null {
  const config = resolveLlmConfig(env);
  if (!config) return null;
  const model = createLanguageModel(config);
  return async (input) => {
    const { draft, factCheck } = await composeWithLlm(input, { model, fallback: composeBuiltinReply });
    return { draft, factCheck };
  };
}
