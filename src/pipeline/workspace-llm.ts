/**
 * Which composer drafts a workspace's replies, decided per message from the workspace's LLM
 * settings (Settings page, table `llm_settings`):
 * - no choice saved: the process-wide composer from the environment (OPENAI_API_KEY,
 *   ANTHROPIC_API_KEY, SNOOOZ_LLM_*), or the built-in one when none is configured;
 * - 'builtin': the built-in composer;
 * - 'openai' / 'anthropic' / 'openai-compatible': that provider, each saved field (model, base
 *   URL, API key) winning over the environment's. The key is decrypted here, at the moment of
 *   use, and lives only in the model object for this message.
 * An LLM draft is always fact-checked with the built-in draft as fallback (`composeWithLlm`);
 * settings that cannot work (no key, a missing secret) fall back the same way, with the reason
 * on the draft, rather than failing the message.
 */
import {
  checkFacts,
  composeBuiltinReply,
  composeWithLlm,
  createLanguageModel,
  resolveLlmConfig,
  type LlmComposeDeps,
} from '../assistant/index.js';
import type { LanguageModel } from 'ai';
import type { Repositories } from '../db/index.js';
import { STRICT_EGRESS, type EgressPolicy } from '../shared/egress.js';
import { guardedFetch } from '../shared/egress-fetch.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { LlmComposer } from './process-email.js';

type Env = Record<string, string | undefined>;

export interface WorkspaceLlmDeps {
  repos: Pick<Repositories, 'prefs' | 'secrets'>;
  env: Env;
  /** The composer for workspaces that saved no choice (from the environment), or null. */
  fallback: LlmComposer | null;
  /**
   * Where a base URL saved by a workspace may point (default: public addresses only). The
   * environment's LLM settings are the operator's and are not guarded.
   */
  egress?: EgressPolicy;
  /** Gets the detail of a failed call to a workspace's own model server (the tenant sees a generic reason). */
  logger?: Logger;
}

export type WorkspaceLlm = (workspaceId: number) => Promise<LlmComposer | null>;

export function createWorkspaceLlm(deps: WorkspaceLlmDeps): WorkspaceLlm {
  // One guarded HTTP client (and connection pool) for every workspace's own model server.
  const fetch = guardedFetch(deps.egress ?? STRICT_EGRESS);
  return async (workspaceId) => {
    const prefs = await deps.repos.prefs.getLlm(workspaceId);
    if (!prefs) return deps.fallback;
    if (prefs.provider === 'builtin') return null;
    try {
      const apiKey =
        prefs.apiKeySecretId === null ? undefined : await deps.repos.secrets.reveal(workspaceId, prefs.apiKeySecretId);
      const config = resolveLlmConfig(deps.env, {
        provider: prefs.provider,
        ...(prefs.model ? { model: prefs.model } : {}),
        ...(prefs.baseUrl ? { baseURL: prefs.baseUrl } : {}),
        ...(apiKey === undefined ? {} : { apiKey }),
      });
      if (!config) return null;
      if (!prefs.baseUrl) return llmComposer(createLanguageModel(config));
      // A base URL the workspace chose: every request through the egress guard, failures generic.
      const model = createLanguageModel(config, { fetch });
      return llmComposer(model, {
        genericProviderErrors: true,
        onProviderError: (detail) => deps.logger?.warn({ workspaceId, detail }, "the workspace's model server failed"),
      });
    } catch (error) {
      return builtinWithReason(`The workspace's LLM settings cannot be used: ${describeError(error)}`);
    }
  };
}

/** Drafts with the model, fact-checked, the built-in draft replacing anything unusable. */
export function llmComposer(
  model: LanguageModel,
  errors: Pick<LlmComposeDeps, 'genericProviderErrors' | 'onProviderError'> = {},
): LlmComposer {
  return async (input) => {
    const { draft, factCheck } = await composeWithLlm(input, { model, fallback: composeBuiltinReply, ...errors });
    return { draft, factCheck };
  };
}

function builtinWithReason(reason: string): LlmComposer {
  return async (input) => {
    const draft = composeBuiltinReply(input);
    const factCheck = checkFacts(draft.text, input.context, {
      allowedText: [input.settings.signature, input.settings.businessName],
    });
    return { draft: { ...draft, composer: 'builtin', fallbackReason: reason }, factCheck };
  };
}
