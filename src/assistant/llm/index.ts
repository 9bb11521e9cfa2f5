export {
  DEFAULT_MODELS,
  LLM_PROVIDERS,
  createLanguageModel,
  describeLlmConfig,
  resolveLlmConfig,
  type LlmConfig,
  type LlmProvider,
  type LlmSettings,
} from './provider.js';
export {
  INSTRUCTIONS,
  EMAIL_END,
  EMAIL_START,
  buildPrompt,
  contextForPrompt,
  signOffFor,
  type LlmPrompt,
} from './prompt.js';
export { postProcess, stripMarkdown, ensureSignOff } from './postprocess.js';
export { redactSecrets } from './errors.js';
export {
  DEFAULT_TIMEOUT_MS,
  MODEL_SERVER_UNREACHABLE,
  composeWithLlm,
  describeViolations,
  type LlmComposeDeps,
  type LlmComposeResult,
  type LlmUsage,
} from './compose.js';
