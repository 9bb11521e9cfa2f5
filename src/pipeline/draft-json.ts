import type { Evidence } from '../assistant/evidence/index.js';
import type { PipelineResult } from './process-email.js';

/** The `snoooz draft --json` contract: one object, stable keys (documented in the README). */
export interface DraftJson {
  intent: string;
  skipped: boolean;
  skipReason: string | null;
  language: string;
  customer: { id: number; email: string; name: string } | null;
  orders: {
    id: number;
    status: string;
    statusLabel: string;
    dateCreated: string | null;
    total: string;
    currency: string;
  }[];
  focusOrderId: number | null;
  draft: { subject: string; text: string; composer: string; fallbackReason: string | null } | null;
  notices: string[];
  delivery: { action: string; reason: string } | null;
  /** The store facts the draft states (with where), when they were read, and what was withheld; null without a draft. */
  evidence: Evidence | null;
}

export function toDraftJson(result: PipelineResult): DraftJson {
  const context = result.context;
  const customer = context?.customer ?? null;
  return {
    intent: result.understanding.intent,
    skipped: result.skipped !== null,
    skipReason: result.skipped?.reason ?? null,
    language: result.understanding.language,
    customer: customer
      ? { id: customer.id, email: customer.email, name: `${customer.firstName} ${customer.lastName}`.trim() }
      : null,
    orders: (context?.orders ?? []).map((order) => ({
      id: order.id,
      status: order.status.name,
      statusLabel: order.status.label,
      dateCreated: order.dateCreated,
      total: order.total.amount,
      currency: order.total.currency,
    })),
    focusOrderId: context?.focusOrder?.id ?? null,
    draft: result.draft
      ? {
          subject: result.draft.subject,
          text: result.draft.text,
          composer: result.draft.composer,
          fallbackReason: result.draft.fallbackReason,
        }
      : null,
    notices: (context?.notices ?? []).map((notice) => notice.message),
    delivery: result.delivery,
    evidence: result.evidence,
  };
}
