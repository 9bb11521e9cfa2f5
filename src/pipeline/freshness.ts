/**
 * Freshness: what changed between the store facts a draft states and the facts a draft composed
 * again from fresh store data states. Facts are compared by record, id and field (the evidence
 * the composer recorded), so two wordings of the same facts (an LLM) count as unchanged, and a
 * status that moved on, a new shipment or tracking number counts as changed.
 */
import type { Evidence, EvidenceFact } from '../assistant/evidence/index.js';

export interface FactChange {
  /** e.g. "Order #101 status". */
  what: string;
  before: string | null;
  after: string | null;
}

/** The note stored in a draft's evidence when fresh store data changed it. */
export interface FreshnessNote {
  refreshedAt: string;
  /** One line, e.g. "order #101 changed (store/order/statusUpdated)" or "store data changed before sending". */
  refreshReason: string;
  changes: FactChange[];
}

function factsOf(evidence: unknown): EvidenceFact[] | null {
  const facts = (evidence as Partial<Evidence> | null)?.facts;
  return Array.isArray(facts) ? facts.filter((f) => f && typeof f.field === 'string') : null;
}

function label(fact: EvidenceFact): string {
  const record = fact.record === 'order' ? `Order #${fact.recordId}` : `${fact.record} ${fact.recordId ?? ''}`.trim();
  return `${record} ${fact.field}`;
}

/**
 * The facts that differ; when either side has no evidence, the texts are compared instead
 * (one change "draft text" when they differ).
 */
export function compareDrafts(
  before: { text: string; evidence: unknown },
  after: { text: string; evidence: unknown },
): FactChange[] {
  const a = factsOf(before.evidence);
  const b = factsOf(after.evidence);
  if (!a || !b) return before.text === after.text ? [] : [{ what: 'draft text', before: null, after: null }];
  const index = (facts: EvidenceFact[]) => {
    const map = new Map<string, { what: string; values: Set<string> }>();
    for (const fact of facts) {
      const key = `${fact.record}|${fact.recordId ?? ''}|${fact.field}`;
      const entry = map.get(key) ?? { what: label(fact), values: new Set<string>() };
      entry.values.add(fact.value);
      map.set(key, entry);
    }
    return map;
  };
  const was = index(a);
  const now = index(b);
  const changes: FactChange[] = [];
  for (const key of new Set([...was.keys(), ...now.keys()])) {
    const x = was.get(key);
    const y = now.get(key);
    const xs = x ? [...x.values].sort().join(', ') : null;
    const ys = y ? [...y.values].sort().join(', ') : null;
    if (xs !== ys) changes.push({ what: (x ?? y)?.what ?? key, before: xs, after: ys });
  }
  return changes;
}

/** The evidence object with the note merged in (evidence is stored as JSON; unknown keys are kept). */
export function withNote(evidence: unknown, note: FreshnessNote): unknown {
  const base = evidence && typeof evidence === 'object' ? evidence : {};
  return { ...base, ...note };
}

/** A stored note, when the evidence has one. */
export function noteOf(evidence: unknown): FreshnessNote | null {
  const e = evidence as Partial<FreshnessNote> | null;
  if (!e || typeof e.refreshedAt !== 'string' || typeof e.refreshReason !== 'string') return null;
  const changes = Array.isArray(e.changes)
    ? e.changes.filter((c): c is FactChange => !!c && typeof (c as FactChange).what === 'string')
    : [];
  return { refreshedAt: e.refreshedAt, refreshReason: e.refreshReason, changes };
}

export function describeChanges(changes: readonly FactChange[]): string {
  return changes
    .slice(0, 5)
    .map((c) =>
      c.before === null
        ? `${c.what}: now ${c.after}`
        : c.after === null
          ? `${c.what}: no longer stated`
          : `${c.what}: ${c.before} → ${c.after}`,
    )
    .join('; ');
}
