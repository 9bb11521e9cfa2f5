/** Evidence: the store facts a draft states, where it states them, and what it was not given. */
export { collectEvidence, textDigest } from './collect.js';
export { segmentText, type TextSegment } from './segments.js';
export type { Evidence, EvidenceFact, EvidenceRecord, Span, WithheldField } from './types.js';
