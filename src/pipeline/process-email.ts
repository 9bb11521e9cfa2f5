import type { Draft, Understanding, WorkspaceSettings, ComposeInput } from '../assistant/types.js';
// Each from its own module, not the assistant's index: that also loads the LLM SDKs, which a
// draft without an LLM never needs (`snoooz draft` starts faster).
import { composeBuiltinReply } from '../assistant/builtin/compose.js';
import { decideDelivery } from '../assistant/rules.js';
import { understand } from '../assistant/understanding/understand.js';
import { settingsForReply } from '../assistant/settings.js';
import { checkFacts } from '../assistant/fact-check/index.js';
import { contextNeedsFor, minimiseForIntent, type WithheldField } from '../assistant/minimise.js';
import { collectEvidence, type Evidence } from '../assistant/evidence/index.js';
import type { ContextOptions, CustomerContext, CustomerLink } from '../context/types.js';
import { buildCustomerContext, type BuildCustomerContextInput } from '../context/index.js';
// Not the email index: that also loads the IMAP, SMTP and OAuth transports.
import { checkLoopGuard } from '../email/loop-guard.js';
import { parseEmail } from '../email/parse.js';
import { toIncomingMessage } from '../email/incoming.js';
import type { ParsedEmail } from '../email/types.js';
import { emailKey } from '../shared/email-identity.js';
import type { StoreDataSource } from '../shared/store-data.js';
import { resolvePlan } from '../assistant/plan/resolve.js';
import { summarisePlan } from '../assistant/plan/summary.js';

export interface LlmComposer {
  (input: ComposeInput): Promise<{ draft: Draft; factCheck: FactCheckOutcome }>;
}

export interface FactCheckOutcome {
  ok: boolean;
  violations: { kind: string; value: string }[];
}

export interface PipelineDeps {
  /** The merchant's store, or null when none is connected (the reply then asks for details). */
  store: StoreDataSource | null;
  settings: WorkspaceSettings;
  /** The inbox's own addresses: mail from them is never answered. */
  inboxAddresses: string[];
  /** When set, drafts come from the LLM (fact-checked, with the built-in composer as fallback). */
  llm?: LlmComposer;
  contextOptions?: ContextOptions;
  /** An agent linked this conversation to a store customer: the context is that account's. */
  customerLink?: CustomerLink;
  /**
   * Builds the context instead of `store` (an inbox that looks the sender up in several stores,
   * see context/multi-store.ts); it is given what `buildCustomerContext` would be, minus the store.
   */
  buildContext?: (input: Omit<BuildCustomerContextInput, 'store'>) => Promise<CustomerContext>;
  now?: () => Date;
  maxEmailBytes?: number;
}

export interface PipelineResult {
  email: ParsedEmail;
  understanding: Understanding;
  skipped: { code: string; reason: string } | null;
  context: CustomerContext | null;
  /**
   * What the draft was allowed to use: the context minimised for the intent, without the
   * withheld fields. The one to store with the draft (null without a draft).
   */
  draftContext: CustomerContext | null;
  draft: Draft | null;
  factCheck: FactCheckOutcome | null;
  delivery: { action: 'draft' | 'send' | 'none'; reason: string } | null;
  /** The store facts the draft states and where, when they were read, and what was withheld; null without a draft. */
  evidence: Evidence | null;
  /** The fields the composer was not given for this intent (see assistant/minimise.ts). */
  withheld: WithheldField[];
}

/**
 * The one path every email takes: parse → guard → understand → context → compose → decide.
 * Pure with respect to storage: the caller persists what it needs, so the CLI runs it without a
 * database and the worker with one.
 */
export async function processEmail(raw: Buffer | string, deps: PipelineDeps): Promise<PipelineResult> {
  const email = await parseEmail(raw, deps.maxEmailBytes === undefined ? {} : { maxBytes: deps.maxEmailBytes });
  const message = toIncomingMessage(email);
  const now = deps.now ?? (() => new Date());
  const understood = understand(message, now());

  const guard = checkLoopGuard(email, { inboxAddresses: deps.inboxAddresses });
  if (guard.skip) {
    return {
      email,
      understanding: understood,
      skipped: { code: guard.code, reason: guard.reason },
      context: null,
      draftContext: null,
      draft: null,
      factCheck: null,
      delivery: { action: 'none', reason: guard.reason },
      evidence: null,
      withheld: [],
    };
  }

  // The two most telling words of each product asked about (SKU-like codes first, then the longest).
  const productKeywords = (understood.plan?.items ?? []).flatMap((item) =>
    (item.productGroups?.length ? item.productGroups : [item.productWords ?? []]).flatMap((words) =>
      [...words].sort((a, b) => Number(/\d/.test(b)) - Number(/\d/.test(a)) || b.length - a.length).slice(0, 2),
    ),
  );
  const lookup: Omit<BuildCustomerContextInput, 'store'> = {
    senderEmail: message.fromEmail,
    ...(deps.customerLink ? { customerLink: deps.customerLink } : {}),
    mentionedOrderNumbers: understood.orderNumbers,
    ...(productKeywords.length > 0 ? { productKeywords } : {}),
    // What the workspace allows decides what may enter the context at all.
    options: {
      allowPhone: deps.settings.allowPhone,
      allowAddress: deps.settings.allowAddress,
      recentOrders: Math.max(5, deps.settings.recentOrdersToMention),
      // Only the order details a reply to this email can use are requested from the store.
      needs: contextNeedsFor(understood, deps.settings),
      ...deps.contextOptions,
    },
    now,
  };
  const context = deps.buildContext
    ? await deps.buildContext(lookup)
    : deps.store
      ? await buildCustomerContext({ store: deps.store, ...lookup })
      : contextWithoutStore(message.fromEmail, understood.orderNumbers, now());

  // Which orders each item of the plan is about, now that the sender's orders are known.
  const understanding: Understanding = understood.plan
    ? { ...understood, plan: resolvePlan(understood.plan, context, message.text, now()) }
    : understood;

  const settings = settingsForReply(deps.settings, context.store?.name);
  // Only the fields this intent needs reach the composer, the LLM and the fact check.
  const minimised = minimiseForIntent(context, understanding, settings);
  const input: ComposeInput = { message, understanding, context: minimised.context, settings };
  let draft: Draft;
  let factCheck: FactCheckOutcome;
  if (deps.llm) {
    ({ draft, factCheck } = await deps.llm(input));
  } else {
    draft = composeBuiltinReply(input);
    // The workspace's own words (signature, business name) may carry facts of their own.
    factCheck = checkFacts(draft.text, minimised.context, {
      allowedText: [settings.signature, settings.businessName],
    });
  }
  const delivery = decideDelivery({ settings: deps.settings, understanding, context, factCheckPassed: factCheck.ok });
  const evidence = collectEvidence(draft.text, minimised.context, minimised.withheld);
  if (understanding.plan) evidence.plan = summarisePlan(understanding.plan, context);
  // The reviewer sees, in the stored evidence too, that a person chose whose data this is: who and when.
  if (context.customerLink) evidence.customerLink = context.customerLink;
  return {
    email,
    understanding,
    skipped: null,
    context,
    draftContext: minimised.context,
    draft,
    factCheck,
    delivery,
    evidence,
    withheld: minimised.withheld,
  };
}

/** With no store connected the reply can only ask for details; the notice says why. */
function contextWithoutStore(senderEmail: string, mentioned: number[], now: Date): CustomerContext {
  return {
    senderEmail: emailKey(senderEmail),
    store: null,
    customer: null,
    senderName: null,
    orders: [],
    focusOrder: null,
    focusReason: null,
    unmatchedOrderNumbers: [...mentioned],
    notices: [{ code: 'no_store', resource: 'store', message: 'No BigCommerce store is connected.' }],
    fetchedAt: now.toISOString(),
  };
}
