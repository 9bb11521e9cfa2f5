/**
 * The LLM provider, model and API key. The key is encrypted in `secrets` (kind llm_api_key);
 * only its mask ever leaves this module.
 */
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';
import type { LlmProviderChoice } from '../prefs.js';

export interface LlmView {
  provider: LlmProviderChoice;
  model: string;
  baseUrl: string | null;
  /** `••••abcd`, or null when no key is stored. */
  apiKeyMasked: string | null;
}

export async function llmView(ctx: RouteContext, workspaceId: number): Promise<LlmView> {
  const prefs = await ctx.prefs.llm(workspaceId);
  let apiKeyMasked: string | null = null;
  if (prefs.apiKeySecretId !== null) {
    apiKeyMasked = await ctx.repos.secrets
      .view(workspaceId, prefs.apiKeySecretId)
      .then((secret) => secret.masked)
      .catch(() => null);
  }
  return { provider: prefs.provider, model: prefs.model, baseUrl: prefs.baseUrl, apiKeyMasked };
}

export async function updateLlm(
  ctx: RouteContext,
  principal: Principal,
  input: {
    provider: LlmProviderChoice;
    model: string;
    baseUrl: string | null;
    /** A new key replaces the stored one; empty keeps it; `removeKey` deletes it. */
    apiKey: string;
    removeKey: boolean;
  },
): Promise<LlmView> {
  const ws = principal.workspaceId;
  const current = await ctx.prefs.llm(ws);
  let secretId = current.apiKeySecretId;
  /** Deleted only once the prefs no longer point at it (the database's foreign key insists). */
  let removeSecret: number | null = null;
  // A stored key follows the endpoint it was entered for: changing the provider or the URL
  // without entering a key again must not send the old key to the new place.
  const endpointChanged = input.provider !== current.provider || (input.baseUrl ?? null) !== (current.baseUrl ?? null);
  if ((input.removeKey || (endpointChanged && input.apiKey === '')) && secretId !== null) {
    removeSecret = secretId;
    secretId = null;
  } else if (input.apiKey !== '') {
    secretId =
      secretId === null
        ? (await ctx.repos.secrets.store(ws, 'llm_api_key', input.apiKey)).id
        : (await ctx.repos.secrets.replace(ws, secretId, input.apiKey)).id;
  }
  await ctx.prefs.setLlm(ws, {
    provider: input.provider,
    model: input.model,
    baseUrl: input.baseUrl,
    apiKeySecretId: secretId,
  });
  if (removeSecret !== null) await ctx.repos.secrets.remove(ws, removeSecret).catch(() => undefined);
  await ctx.repos.audit.append(ws, {
    actor: principal.auditActor,
    action: 'settings.changed',
    target: 'settings:llm',
    detail: {
      provider: input.provider,
      model: input.model,
      keyChange: input.removeKey ? 'removed' : input.apiKey !== '' ? 'replaced' : 'unchanged',
      ...auditVia(principal),
    },
  });
  return llmView(ctx, ws);
}
