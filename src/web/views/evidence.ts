/**
 * The evidence panel beside a draft: how old the store data is, the draft with every store fact
 * marked (read-only; the textarea stays the place to edit), each fact with its record, field and
 * value, and what the composer was deliberately not given. Everything from the store or the draft
 * is escaped by `html`.
 */
import {
  collectEvidence,
  segmentText,
  textDigest,
  type Evidence,
  type EvidenceFact,
  type WithheldField,
} from '../../assistant/evidence/index.js';
import type { CustomerContext } from '../../context/types.js';
import type { DraftView } from '../../db/index.js';
import { escapeHtml, html, SafeHtml } from '../html.js';
import type { PlanSummary } from '../../assistant/plan/summary.js';
import { DEFAULT_TIME_ZONE } from '../../shared/time-zone.js';
import { ago, formatDate, isoInstant } from './layout.js';
import { noteOf } from '../../pipeline/freshness.js';

/** Stored evidence is JSON; an older or foreign shape counts as none. */
export function asEvidence(value: unknown): Evidence | null {
  if (!value || typeof value !== 'object') return null;
  const e = value as Partial<Evidence>;
  if (typeof e.fetchedAt !== 'string' || !Array.isArray(e.facts) || !Array.isArray(e.withheld)) return null;
  const facts = e.facts.filter(
    (f): f is EvidenceFact =>
      !!f &&
      typeof f === 'object' &&
      typeof f.field === 'string' &&
      typeof f.value === 'string' &&
      Array.isArray(f.spans) &&
      f.spans.every((s) => Array.isArray(s) && s.length === 2 && s.every((n) => Number.isInteger(n))),
  );
  const withheld = e.withheld.filter(
    (w): w is WithheldField =>
      !!w && typeof w === 'object' && typeof w.field === 'string' && typeof w.reason === 'string',
  );
  const plan = asPlanSummary(e.plan);
  return {
    fetchedAt: e.fetchedAt,
    textDigest: typeof e.textDigest === 'string' ? e.textDigest : '',
    facts,
    withheld,
    ...(plan ? { plan } : {}),
  };
}

/** The stored answer-plan summary, when it has the expected shape. */
function asPlanSummary(value: unknown): PlanSummary | null {
  if (!value || typeof value !== 'object') return null;
  const p = value as Partial<PlanSummary>;
  if (!Array.isArray(p.lines) || !Array.isArray(p.notes)) return null;
  const lines = p.lines.filter(
    (l): l is PlanSummary['lines'][number] =>
      !!l && typeof l === 'object' && typeof l.text === 'string' && typeof l.outcome === 'string',
  );
  return {
    language: String(p.language ?? ''),
    detectedLanguage: String(p.detectedLanguage ?? ''),
    unsupportedLanguage: p.unsupportedLanguage === true,
    feeling: p.feeling === 'upset' || p.feeling === 'worried' ? p.feeling : null,
    lines,
    notes: p.notes.filter((n): n is string => typeof n === 'string'),
  };
}

const OUTCOME_WORDS: Record<string, string> = {
  answered: 'answered',
  handed_off: 'handed off',
  asked_for_details: 'asked for details',
};

/** "answered: status of #5021", "handed off: invoice copy for #5021", and notes for the agent. */
export function planPanel(plan: PlanSummary | undefined): SafeHtml {
  if (!plan || plan.lines.length === 0) return html``;
  return html`<h3 id="plan-title">Answer plan</h3>
    <ul class="plan" aria-labelledby="plan-title">
      ${plan.lines.map((l) => html`<li><strong>${OUTCOME_WORDS[l.outcome] ?? l.outcome}:</strong> ${l.text}</li>`)}
    </ul>
    ${plan.feeling ? html`<p class="muted">The customer sounds ${plan.feeling}: the reply opens with an acknowledgement.</p>` : ''}
    ${plan.notes.map((n) => html`<p class="notice">${n}</p>`)}`;
}

/**
 * The evidence for the text as it is now: the stored one while the draft is unchanged; once a
 * person edited it, the facts are looked for again in the edited text (same store data).
 */
export function currentEvidence(
  draft: Pick<DraftView, 'text' | 'evidence'>,
  context: CustomerContext | null,
): { evidence: Evidence; edited: boolean } | null {
  const stored = asEvidence(draft.evidence);
  if (!stored) return null;
  if (stored.textDigest === textDigest(draft.text)) return { evidence: stored, edited: false };
  if (!context) return { evidence: { ...stored, facts: [] }, edited: true };
  const fresh = collectEvidence(draft.text, context, stored.withheld);
  return {
    evidence: { ...fresh, fetchedAt: stored.fetchedAt, ...(stored.plan ? { plan: stored.plan } : {}) },
    edited: true,
  };
}

const RECORD_NAMES: Record<string, string> = {
  customer: 'Customer',
  order: 'Order',
  shipment: 'Shipment',
  item: 'Order line',
  store: 'Store',
};

/** "Order #5114", "Shipment 2", "Order line 1", "Customer 12", "Store". */
export function recordLabel(record: string, recordId: number | string | null | undefined, ids?: number[]): string {
  const name = RECORD_NAMES[record] ?? record;
  if (ids && ids.length > 0) return `${name}s`;
  if (recordId === null || recordId === undefined || record === 'store') return name;
  return record === 'order' ? `${name} #${recordId}` : `${name} ${recordId}`;
}

/** Whose data this is when an agent chose the customer by hand, rather than the sender's address. */
function linkNote(context: CustomerContext | null, timeZone: string): SafeHtml | '' {
  const link = context?.customerLink;
  if (!link) return '';
  return html`<p class="link-note" data-customer-link="${String(link.customerId)}">
    Customer linked by ${link.linkedBy ?? 'a former member'} on ${formatDate(link.linkedAt, timeZone)}: the store data is
    customer #${String(link.customerId)}'s, not looked up by the sender's address.
  </p>`;
}

export function evidencePanel(
  draft: Pick<DraftView, 'text' | 'evidence'> | null,
  context: CustomerContext | null,
  now = Date.now(),
  timeZone = DEFAULT_TIME_ZONE,
): SafeHtml {
  if (!draft) return html``;
  const current = currentEvidence(draft, context);
  if (!current) {
    return html`<section class="card evidence" id="evidence" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence</h2>
      <p class="muted">No evidence was recorded for this draft (it was written before Snoooz recorded evidence).</p>
    </section>`;
  }
  const { evidence, edited } = current;
  return html`<section class="card evidence" id="evidence" aria-labelledby="evidence-title">
    <h2 id="evidence-title">Evidence</h2>
    <p class="data-age">
      Store data read
      <time datetime="${isoInstant(evidence.fetchedAt)}" title="${formatDate(evidence.fetchedAt, timeZone)}">${ago(evidence.fetchedAt, now)}</time>
      <span class="muted">(${formatDate(evidence.fetchedAt, timeZone)})</span>.
    </p>
    ${refreshNote(draft.evidence, now, timeZone)} ${linkNote(context, timeZone)}
    ${planPanel(evidence.plan)}
    ${edited ? html`<p class="muted">The draft was edited: the marks show the store facts found in the edited text.</p>` : ''}
    <h3 id="evidence-text-title">Draft with store facts marked</h3>
    ${highlighted(draft.text, evidence.facts)}
    <h3 id="evidence-facts-title">Facts used (${evidence.facts.length})</h3>
    ${
      evidence.facts.length
        ? html`<div class="table-wrap">
            <table aria-labelledby="evidence-facts-title">
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Field</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                ${evidence.facts.map(
                  (f) =>
                    html`<tr>
                      <td>${recordLabel(f.record, f.recordId)}</td>
                      <td>${f.field}</td>
                      <td class="mono">${f.value}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">The draft states no store facts.</p>`
    }
    <h3 id="evidence-withheld-title">Withheld</h3>
    ${
      evidence.withheld.length
        ? html`<ul class="withheld" aria-labelledby="evidence-withheld-title">
            ${evidence.withheld.map(
              (w) =>
                html`<li>
                  <strong>${recordLabel(w.record, w.recordId, w.recordIds)}: ${w.field}</strong> — ${w.reason}
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">Nothing was withheld.</p>`
    }
  </section>`;
}

/**
 * The draft text with each fact in a `<mark>` whose title names its record and field, in a
 * pre-wrapped block. Built by concatenation (not a formatted template) so no whitespace is added
 * to the text; every piece is escaped.
 */
function highlighted(text: string, facts: readonly EvidenceFact[]): SafeHtml {
  const body = segmentText(text, facts)
    .map((segment) => {
      if (!segment.fact) return escapeHtml(segment.text);
      const label = escapeHtml(`${recordLabel(segment.fact.record, segment.fact.recordId)} · ${segment.fact.field}`);
      return (
        `<mark title="${label}" data-record="${escapeHtml(segment.fact.record)}">${escapeHtml(segment.text)}` +
        `<span class="visually-hidden"> (${label})</span></mark>`
      );
    })
    .join('');
  return new SafeHtml(
    '<div class="mail-body evidence-text" role="region" tabindex="0" aria-labelledby="evidence-text-title" ' +
      `data-evidence-text>${body}</div>`,
  );
}

/** "Updated 2 minutes ago: order #101 changed (store/order/statusUpdated)", with what changed. */
function refreshNote(evidence: unknown, now: number, timeZone: string): SafeHtml | '' {
  const note = noteOf(evidence);
  if (!note) return '';
  return html`<div class="notice refresh-note" role="status" data-refreshed>
    <p>
      Updated with fresh store data
      <time datetime="${isoInstant(note.refreshedAt)}" title="${formatDate(note.refreshedAt, timeZone)}">${ago(note.refreshedAt, now)}</time>:
      ${note.refreshReason}.
    </p>
    ${
      note.changes.length
        ? html`<ul>
          ${note.changes.map(
            (c) =>
              html`<li>
                ${c.what}: ${c.before === null ? 'newly stated' : html`<s>${c.before}</s>`} →
                ${c.after === null ? 'no longer stated' : html`<strong>${c.after}</strong>`}
              </li>`,
          )}
        </ul>`
        : ''
    }
  </div>`;
}
