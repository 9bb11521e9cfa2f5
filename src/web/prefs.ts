/**
 * Preferences the database does not have columns for yet: the LLM provider/model (with the id of
 * the encrypted API key in `secrets`) and the per-inbox "append drafts to the Drafts folder"
 * switch. The default keeps them in memory; the composition root can pass a persistent
 * implementation through `options.prefs` once the storage layer grows the columns.
 */
export const LLM_PROVIDERS = ['builtin', 'openai', 'anthropic', 'openai-compatible'] as const;
export type LlmProviderChoice = (typeof LLM_PROVIDERS)[number];

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
