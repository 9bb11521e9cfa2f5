/**
 * One-line, key-free descriptions of provider failures, for `fallbackReason` (which is stored
 * and shown to the merchant). Providers echo keys back ("Incorrect API key provided: sk-…"),
 * so every message is scrubbed of the known key and of anything shaped like a credential.
 */
import { APICallError, RetryError } from 'ai';

const MAX_REASON_CHARS = 240;

/** Keys registered by `createLanguageModel`, looked up by the model object, never exported. */
const modelSecrets = new WeakMap<object, string[]>();

export function registerModelSecret(model: object, secret: string | undefined): void {
  if (secret) modelSecrets.set(model, [...(modelSecrets.get(model) ?? []), secret]);
}

export function secretsOf(model: unknown): string[] {
  return typeof model === 'object' && model !== null ? (modelSecrets.get(model) ?? []) : [];
}

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return (
    out
      // OpenAI/Anthropic style keys, even partially masked ("sk-proj-abc***xyz").
      .replace(/\b(?:sk|rk|pk)-[A-Za-z0-9_*.-]{6,}/g, '[redacted]')
      .replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]')
      .replace(/\b(api[_-]?key|x-api-key|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, '$1$2[redacted]')
      // Long opaque tokens (hex or base64-ish) are credentials far more often than anything else.
      .replace(/\b[A-Za-z0-9_-]{32,}\b/g, '[redacted]')
  );
}

/** "LLM provider error: 401 Incorrect API key provided: [redacted]" and the like. */
export function describeProviderError(
  error: unknown,
  options: { timedOut: boolean; timeoutMs: number; secrets: readonly string[] },
): string {
  if (options.timedOut) return `LLM provider timed out after ${options.timeoutMs} ms`;
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  let detail: string;
  if (APICallError.isInstance(cause)) {
    detail = `${cause.statusCode ?? 'no response'} ${cause.message}`;
  } else if (cause instanceof Error) {
    detail = cause.message;
  } else {
    detail = String(cause);
  }
  const line = redactSecrets(detail.replace(/\s+/g, ' ').trim(), options.secrets);
  const reason = `LLM provider error: ${line}`;
  return reason.length <= MAX_REASON_CHARS ? reason : `${reason.slice(0, MAX_REASON_CHARS - 1)}…`;
}
