import { createLanguageModel, resolveLlmConfig } from '../assistant/llm/index.js';
import type { LlmComposer } from '../pipeline/process-email.js';
import { llmComposer } from '../pipeline/workspace-llm.js';

/** The LLM composer configured by environment, or null when none is (the built-in one is used). */
export function createLlmFromEnv(env: NodeJS.ProcessEnv): LlmComposer | null {
  const config = resolveLlmConfig(env);
  if (!config) return null;
  return llmComposer(createLanguageModel(config));
}
