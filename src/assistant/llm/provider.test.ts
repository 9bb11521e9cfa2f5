import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/errors.js';
import { DEFAULT_MODELS, createLanguageModel, describeLlmConfig, resolveLlmConfig } from './provider.js';

const OPENAI_KEY = 'sk-proj-openaiSECRETkey0123456789';
const ANTHROPIC_KEY = 'sk-ant-api03-anthropicSECRETkey0123456789';

describe('resolveLlmConfig', () => {
  it('returns null when nothing is configured', () => {
    expect(resolveLlmConfig({})).toBeNull();
    expect(resolveLlmConfig({ OPENAI_API_KEY: '  ', SNOOOZ_LLM_MODEL: 'gpt-4.1' })).toBeNull();
  });

  it('picks OpenAI from OPENAI_API_KEY', () => {
    expect(resolveLlmConfig({ OPENAI_API_KEY: OPENAI_KEY })).toEqual({
      provider: 'openai',
      model: DEFAULT_MODELS.openai,
      apiKey: OPENAI_KEY,
    });
  });

  it('picks Anthropic from ANTHROPIC_API_KEY, with SNOOOZ_LLM_MODEL', () => {
    expect(resolveLlmConfig({ ANTHROPIC_API_KEY: ANTHROPIC_KEY, SNOOOZ_LLM_MODEL: 'claude-sonnet-4-5' })).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      apiKey: ANTHROPIC_KEY,
    });
  });

  it('picks an OpenAI-compatible server from SNOOOZ_LLM_BASE_URL, adding /v1 to a bare origin', () => {
    expect(resolveLlmConfig({ SNOOOZ_LLM_BASE_URL: 'http://localhost:11434', SNOOOZ_LLM_MODEL: 'qwen2.5' })).toEqual({
      provider: 'openai-compatible',
      model: 'qwen2.5',
      baseURL: 'http://localhost:11434/v1',
    });
    expect(resolveLlmConfig({ SNOOOZ_LLM_BASE_URL: 'http://gpu:8000/v1/' })?.baseURL).toBe('http://gpu:8000/v1');
  });

  it('never sends OPENAI_API_KEY to a compatible server; SNOOOZ_LLM_API_KEY is its key', () => {
    const config = resolveLlmConfig({ SNOOOZ_LLM_BASE_URL: 'http://gpu:8000/v1', OPENAI_API_KEY: OPENAI_KEY });
    expect(config?.provider).toBe('openai-compatible');
    expect(config?.apiKey).toBeUndefined();
    expect(
      resolveLlmConfig({ SNOOOZ_LLM_BASE_URL: 'http://gpu:8000/v1', SNOOOZ_LLM_API_KEY: 'vllm-key' })?.apiKey,
    ).toBe('vllm-key');
  });

  it('uses the model name to choose when both keys are set', () => {
    const env = { OPENAI_API_KEY: OPENAI_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY };
    expect(resolveLlmConfig(env)?.provider).toBe('openai');
    expect(resolveLlmConfig({ ...env, SNOOOZ_LLM_MODEL: 'claude-haiku-4-5' })?.provider).toBe('anthropic');
  });

  it('honours SNOOOZ_LLM_PROVIDER, and settings over the environment', () => {
    const env = { OPENAI_API_KEY: OPENAI_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY, SNOOOZ_LLM_PROVIDER: 'anthropic' };
    expect(resolveLlmConfig(env)?.provider).toBe('anthropic');
    expect(resolveLlmConfig(env, { provider: 'openai', model: 'gpt-4.1' })).toEqual({
      provider: 'openai',
      model: 'gpt-4.1',
      apiKey: OPENAI_KEY,
    });
    expect(resolveLlmConfig({}, { apiKey: ANTHROPIC_KEY })?.provider).toBe('anthropic');
  });

  it('rejects unusable configurations with key-free InputErrors', () => {
    const cases: [Record<string, string>, string][] = [
      [{ SNOOOZ_LLM_PROVIDER: 'gemini', OPENAI_API_KEY: OPENAI_KEY }, 'llm_provider_invalid'],
      [{ SNOOOZ_LLM_PROVIDER: 'openai-compatible', OPENAI_API_KEY: OPENAI_KEY }, 'llm_base_url_missing'],
      [{ SNOOOZ_LLM_PROVIDER: 'anthropic', OPENAI_API_KEY: OPENAI_KEY }, 'llm_api_key_missing'],
      [{ SNOOOZ_LLM_BASE_URL: 'ftp://example.com', OPENAI_API_KEY: OPENAI_KEY }, 'llm_base_url_invalid'],
      [{ SNOOOZ_LLM_BASE_URL: `https://user:${OPENAI_KEY}@example.com/v1` }, 'llm_base_url_invalid'],
    ];
    for (const [env, code] of cases) {
      let error: unknown;
      try {
        resolveLlmConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe(code);
      expect((error as InputError).message).not.toContain(OPENAI_KEY);
      expect((error as InputError).message).not.toContain('SECRET');
    }
  });
});

describe('createLanguageModel', () => {
  it('builds a model for each provider', () => {
    const openai = createLanguageModel({ provider: 'openai', model: 'gpt-4.1-mini', apiKey: OPENAI_KEY });
    const anthropic = createLanguageModel({ provider: 'anthropic', model: 'claude-haiku-4-5', apiKey: ANTHROPIC_KEY });
    const local = createLanguageModel({
      provider: 'openai-compatible',
      model: 'llama3.1',
      baseURL: 'http://127.0.0.1:1/v1',
    });
    expect(typeof openai === 'object' && openai.provider).toBe('openai.chat');
    expect(typeof anthropic === 'object' && anthropic.provider).toBe('anthropic.messages');
    expect(typeof local === 'object' && local.provider).toBe('openai-compatible.chat');
    expect(typeof local === 'object' && local.modelId).toBe('llama3.1');
  });

  it('describes a config for logs without the key', () => {
    const text = describeLlmConfig({ provider: 'openai', model: 'gpt-4.1-mini', apiKey: OPENAI_KEY });
    expect(text).toBe('provider=openai model=gpt-4.1-mini apiKey=set');
    expect(text).not.toContain(OPENAI_KEY);
  });
});

describe('operator keys and workspace base URLs', () => {
  it('never pairs an environment key with a base URL a workspace chose', () => {
    const env = { OPENAI_API_KEY: 'sk-operator-secret', ANTHROPIC_API_KEY: 'sk-ant-operator' };
    expect(() => resolveLlmConfig(env, { provider: 'openai', baseURL: 'https://attacker.example/v1' })).toThrow(
      /API key/,
    );
    const compatible = resolveLlmConfig(
      { ...env, SNOOOZ_LLM_API_KEY: 'operator-compatible' },
      { provider: 'openai-compatible', baseURL: 'https://attacker.example/v1' },
    );
    expect(compatible?.apiKey).toBeUndefined();
    // The workspace's own key still works with its own URL, and the operator's key with no URL.
    expect(
      resolveLlmConfig(env, { provider: 'openai', baseURL: 'https://gw.example/v1', apiKey: 'sk-own' })?.apiKey,
    ).toBe('sk-own');
    expect(resolveLlmConfig(env, { provider: 'openai' })?.apiKey).toBe('sk-operator-secret');
  });
});
