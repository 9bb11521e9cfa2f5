import type { EvidenceRecord, WithheldField } from '../minimise.js';
import type { PlanSummary } from '../plan/summary.js';
import type { CustomerLink } from '../../context/types.js';

export type { EvidenceRecord, WithheldField } from '../minimise.js';

/** A character range of the draft text: [start, end), as String.prototype.slice takes it. */
export type Span = [start: number, end: number];

/** One store fact a draft states, and where. */
export interface EvidenceFact {
  record: EvidenceRecord;
  /** The record's id (order number, shipment id, order line id, customer id, store hash), when it has one. */
  recordId: number | string | null;
  /** Which field, e.g. "status", "trackingNumber", "total". */
  field: string;
  /** The value as the store data has it (amounts as "133.65 USD", dates as ISO 8601). */
  value: string;
  /** Where the draft states it, sorted, non-overlapping; never empty. */
  spans: Span[];
}

/** What a draft was grounded in: the facts it states, when they were read, and what it was not given. */
export interface Evidence {
  /** When the store data was read (ISO 8601). */
  fetchedAt: string;
  /**
   * A digest of the draft text the spans refer to (sha-256, hex, first 32 characters): once a
   * person edits the draft, the spans no longer fit, and a reader can tell.
   */
  textDigest: string;
  facts: EvidenceFact[];
  withheld: WithheldField[];
  /** The answer plan the draft follows: what it answered, what it handed to a person. */
  plan?: PlanSummary;
  /** Present when an agent linked the conversation to the customer by hand (who, when, which customer). */
  customerLink?: CustomerLink;
}
