/**
 * The assistant: understanding (intent, language, order numbers), the built-in reply composer, and
 * the delivery rules. Pure functions; the only I/O allowed in this module is the LLM provider call.
 */
export * from './types.js';

// Understanding
export { detectLanguage } from './understanding/language.js';
export { detectIntent } from './understanding/intent.js';
export { understand } from './understanding/understand.js';

// Built-in composer
export { composeBuiltinReply } from './builtin/compose.js';
export { replySubject } from './builtin/subject.js';

// Delivery rules
export { decideDelivery } from './rules.js';

// LLM composer and fact check: exported below by their owner.
export { checkFacts, parseAmount } from './fact-check/index.js';
export type { FactCheckExtra, FactCheckResult, FactKind, FactViolation } from './fact-check/index.js';
export * from './llm/index.js';
