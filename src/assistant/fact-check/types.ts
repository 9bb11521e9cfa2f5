/** Public types of the fact check, and the candidate facts it extracts from a draft. */

export type FactKind =
  'order_number' | 'tracking_number' | 'amount' | 'date' | 'status' | 'product' | 'email' | 'phone' | 'url';

export interface FactViolation {
  kind: FactKind;
  value: string;
}

export interface FactCheckResult {
  ok: boolean;
  violations: FactViolation[];
}

export interface FactCheckExtra {
  /** Numbers the reply may state besides the context (order numbers, amounts, phone digits). */
  allowedNumbers?: string[];
  /** The store's own addresses (business email from settings). */
  allowedEmails?: string[];
  /** The store's own domains: URLs and emails on them (or their subdomains) are fine. */
  allowedDomains?: string[];
  /** Workspace text the reply may repeat (business name, signature): any fact inside is allowed. */
  allowedText?: string[];
}

export interface DateParts {
  y?: number;
  m: number;
  d?: number;
}

export type Candidate =
  | { kind: 'order_number'; value: string; digits: string }
  | { kind: 'tracking_number'; value: string; token: string }
  | { kind: 'amount'; value: string; cents: number[]; currencies: string[] | null }
  | { kind: 'date'; value: string; options: DateParts[] }
  | { kind: 'status'; value: string; name: string; claim?: 'refund' | 'cancel' }
  | { kind: 'product'; value: string; rest: string }
  | { kind: 'email'; value: string; address: string }
  | { kind: 'phone'; value: string; digits: string }
  | { kind: 'url'; value: string; url: string; host: string };
