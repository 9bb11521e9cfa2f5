/**
 * The preferences the Settings and Inboxes pages edit: the LLM provider/model (with the id of
 * the encrypted API key in `secrets`) and the per-inbox "append drafts to the Drafts folder"
 * switch. `createDbPrefs` keeps them in the database (what `snoooz serve` uses, so they survive
 * a restart and the worker sees them); `createMemoryPrefs` is for tests of the web app alone.
 */
import type { Repositories } from '../db/index.js';
import { LLM_PROVIDER_CHOICES, type LlmProviderChoice } from '../db/index.js';

export const LLM_PROVIDERS = LLM_PROVIDER_CHOICES;
export type { LlmProviderChoice };

export interface LlmPrefs {
  provider: LlmProviderChoice;
  model: string;
  baseUrl: string | null;
  /** Row in `secrets` (kind llm_api_key), or null. */
  apiKeySecretId: number | null;
}

export interface InboxPrefs {
  appendDraftsToFolder: boolean;
}

export interface WebPrefs {
  llm(workspaceId: number): Promise<LlmPrefs>;
  setLlm(workspaceId: number, prefs: LlmPrefs): Promise<void>;
  inbox(workspaceId: number, inboxId: number): Promise<InboxPrefs>;
  setInbox(workspaceId: number, inboxId: number, prefs: InboxPrefs): Promise<void>;
}

export const DEFAULT_LLM_PREFS: LlmPrefs = { provider: 'builtin', model: '', baseUrl: null, apiKeySecretId: null };

export function createMemoryPrefs(): WebPrefs {
  const llm = new Map<number, LlmPrefs>();
  const inboxes = new Map<string, InboxPrefs>();
  return {
    llm: async (ws) => ({ ...(llm.get(ws) ?? DEFAULT_LLM_PREFS) }),
    setLlm: async (ws, prefs) => void llm.set(ws, { ...prefs }),
    inbox: async (ws, id) => ({ ...(inboxes.get(`${ws}:${id}`) ?? { appendDraftsToFolder: false }) }),
    setInbox: async (ws, id, prefs) => void inboxes.set(`${ws}:${id}`, { ...prefs }),
  };
}

/** Prefs in the database (tables `llm_settings` and `inboxes.append_drafts`), scoped by workspace. */
export function createDbPrefs(repos: Pick<Repositories, 'prefs'>): WebPrefs {
  return {
    async llm(ws) {
      const stored = await repos.prefs.getLlm(ws);
      if (!stored) return { ...DEFAULT_LLM_PREFS };
      return {
        provider: stored.provider,
        model: stored.model,
        baseUrl: stored.baseUrl,
        apiKeySecretId: stored.apiKeySecretId,
      };
    },
    setLlm: (ws, prefs) => repos.prefs.setLlm(ws, prefs),
    inbox: async (ws, id) => ({ appendDraftsToFolder: await repos.prefs.appendDrafts(ws, id) }),
    setInbox: (ws, id, prefs) => repos.prefs.setAppendDrafts(ws, id, prefs.appendDraftsToFolder),
  };
}
