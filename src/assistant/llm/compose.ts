/**
 * The LLM composer: prompt → model → plain text with one sign-off → fact check. The built-in
 * draft is always the safety net: any provider failure, timeout, empty or cut-off answer, or a
 * single fact not in the store data returns it instead, with the reason recorded.
 */
import { generateText, type LanguageModel } from 'ai';
import { composeBuiltinReply } from '../builtin/compose.js';
import { checkFacts, type FactCheckExtra, type FactCheckResult, type FactViolation } from '../fact-check/index.js';
import type { ComposeInput, Draft } from '../types.js';
import { egressDetailOf } from '../../shared/egress.js';
import { describeProviderError, redactSecrets, secretsOf } from './errors.js';
import { postProcess } from './postprocess.js';
import { buildPrompt } from './prompt.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface LlmComposeDeps {
  model: LanguageModel;
  /** Total time for the call, retries included (default 30 s). */
  timeoutMs?: number;
  /** Retries on retryable provider errors (429, 5xx); default 1, since a fallback exists. */
  maxRetries?: number;
  maxOutputTokens?: number;
  /** The draft used when the LLM's is unusable; default: the built-in composer. */
  fallback?: (input: ComposeInput) => Draft;
  /** The store's own domains and business email, which a reply may mention. */
  factCheckExtra?: FactCheckExtra;
  signal?: AbortSignal;
  /**
   * A tenant-chosen model server: a failed call is recorded on the draft as
   * `MODEL_SERVER_UNREACHABLE` whatever went wrong (closed port, not HTTP, an HTTP status, a
   * refused address, a timeout), so the draft cannot be used to probe the network; the detail
   * goes to `onProviderError` (the operator's log).
   */
  genericProviderErrors?: boolean;
  onProviderError?: (detail: string) => void;
}

/** The one reason a tenant sees when its own model server's call failed. */
export const MODEL_SERVER_UNREACHABLE = 'LLM provider error: the model server could not be reached';

export interface LlmUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export interface LlmComposeResult {
  draft: Draft;
  /**
   * The check of the LLM's text when the model answered (ok=false means it was rejected);
   * when the provider failed, the check of the returned built-in draft.
   */
  factCheck: FactCheckResult;
  usage?: LlmUsage;
  /** What the model wrote, after post-processing (null when it wrote nothing usable). */
  llmText: string | null;
}

export async function composeWithLlm(input: ComposeInput, deps: LlmComposeDeps): Promise<LlmComposeResult> {
  const fallbackDraft = (deps.fallback ?? composeBuiltinReply)(input);
  const prompt = buildPrompt(input);
  const extra = factCheckExtraFor(input, prompt.signOff, deps.factCheckExtra);
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = secretsOf(deps.model);

  const fallBack = (reason: string, rest: Partial<LlmComposeResult> = {}): LlmComposeResult => ({
    draft: { ...fallbackDraft, composer: 'builtin', fallbackReason: redactSecrets(reason, secrets) },
    factCheck: rest.factCheck ?? checkFacts(fallbackDraft.text, input.context, extra),
    llmText: rest.llmText ?? null,
    ...(rest.usage ? { usage: rest.usage } : {}),
  });

  const timeout = AbortSignal.timeout(timeoutMs);
  const abortSignal = deps.signal ? AbortSignal.any([timeout, deps.signal]) : timeout;
  let result: Awaited<ReturnType<typeof generateText>>;
  try {
    result = await generateText({
      model: deps.model,
      system: prompt.system,
      messages: [{ role: 'user', content: prompt.user }],
      temperature: 0.2,
      maxOutputTokens: deps.maxOutputTokens ?? 1000,
      maxRetries: deps.maxRetries ?? 1,
      abortSignal,
    });
  } catch (error) {
    const detail = describeProviderError(error, { timedOut: timeout.aborted, timeoutMs, secrets });
    const refused = egressDetailOf(error);
    deps.onProviderError?.(refused === null ? detail : `${detail} (${refused})`);
    return fallBack(deps.genericProviderErrors ? MODEL_SERVER_UNREACHABLE : detail);
  }

  const usage = usageOf(result.usage);
  if (result.finishReason === 'length') return fallBack('LLM reply was cut off at the token limit', { usage });
  if (result.text.trim() === '') return fallBack('LLM returned an empty reply', { usage });

  const text = postProcess(result.text, prompt.signOff);
  const factCheck = checkFacts(text, input.context, extra);
  if (!factCheck.ok) return fallBack(describeViolations(factCheck.violations), { factCheck, llmText: text, usage });
  const missed = missedOrders(text, input);
  if (missed.length > 0) {
    return fallBack(
      `LLM reply left out ${missed.map((id) => `#${id}`).join(', ')}, which the answer plan answers for`,
      {
        factCheck,
        llmText: text,
        usage,
      },
    );
  }

  return {
    draft: { subject: fallbackDraft.subject, text, composer: 'llm', fallbackReason: null },
    factCheck,
    llmText: text,
    ...(usage ? { usage } : {}),
  };
}

/**
 * The plan's orders a reply must name: every order a status, items, payment, refund or
 * cancellation question is about. An LLM reply that leaves one out answered a different question
 * than the customer asked; the built-in draft answers them all.
 */
export function missedOrders(text: string, input: ComposeInput): number[] {
  const plan = input.understanding.plan;
  if (!plan) return [];
  const expected = new Set(plan.items.filter((i) => i.type === 'status_question').flatMap((i) => i.orderIds));
  return [...expected].filter((id) => !new RegExp(String.raw`(?<![\p{L}\p{N}])${id}(?!\p{N})`, 'u').test(text));
}

/** The workspace's own words (signature, business name) may appear in the reply with any fact in them. */
function factCheckExtraFor(input: ComposeInput, signOff: string, extra: FactCheckExtra = {}): FactCheckExtra {
  return {
    ...extra,
    allowedText: [...(extra.allowedText ?? []), input.settings.signature, input.settings.businessName, signOff],
  };
}

const KIND_WORDS: Record<FactViolation['kind'], string> = {
  order_number: 'order number',
  tracking_number: 'tracking number',
  amount: 'amount',
  date: 'date',
  status: 'status',
  product: 'product',
  email: 'email address',
  phone: 'phone number',
  url: 'link',
};

/** "LLM draft mentioned tracking number 1Z999 not in store data (and 2 more: amount $12.00, date 3 May)". */
export function describeViolations(violations: FactViolation[]): string {
  const [first, ...rest] = violations.map((v) => `${KIND_WORDS[v.kind]} ${clip(v.value)}`);
  if (first === undefined) return 'LLM draft failed the fact check';
  const more =
    rest.length === 0
      ? ''
      : ` (and ${rest.length} more: ${rest.slice(0, 3).join(', ')}${rest.length > 3 ? ', …' : ''})`;
  return `LLM draft mentioned ${first} not in store data${more}`;
}

function clip(value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  return v.length <= 60 ? v : `${v.slice(0, 59)}…`;
}

function usageOf(usage: {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  totalTokens: number | undefined;
}): LlmUsage | undefined {
  const out: LlmUsage = {};
  if (usage.inputTokens !== undefined) out.inputTokens = usage.inputTokens;
  if (usage.outputTokens !== undefined) out.outputTokens = usage.outputTokens;
  if (usage.totalTokens !== undefined) out.totalTokens = usage.totalTokens;
  return Object.keys(out).length > 0 ? out : undefined;
}
