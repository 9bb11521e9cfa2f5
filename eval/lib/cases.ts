/** The evaluation set on disk: the store fragments merged into one store, and the labelled cases. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseStoreData, type StoreData } from '../../simulator/index.js';
import { ITEM_TOPICS, ITEM_TYPES } from '../../src/assistant/plan/types.js';

/** The folder `eval/` (this file lives in eval/lib/, or dist/eval/lib/ once built). */
export const EVAL_DIR = findEvalDir(dirname(fileURLToPath(import.meta.url)));
export const EVAL_NOW = new Date('2026-12-02T15:00:00Z');
export const SUPPORT_ADDRESS = 'support@fernhillsupply.com';

function findEvalDir(from: string): string {
  // Built: dist/eval/lib → ../../../eval; source: eval/lib → ..
  const source = resolve(from, '..');
  const built = resolve(from, '../../../eval');
  return from.includes(`${join('dist', 'eval')}`) ? built : source;
}

export const KINDS = [
  'wismo',
  'items',
  'payment',
  'refund_status',
  'cancel_status',
  'request_decided',
  'action_request',
  'multi_question',
  'order_resolution',
  'details_on_file',
  'complaint',
  'product_question',
  'unsupported_language',
  'no_match',
  'skip',
  'other',
] as const;

const STATUS_WORDS = [
  'shipped',
  'partially_shipped',
  'refunded',
  'partially_refunded',
  'cancelled',
  'declined',
  'awaiting_payment',
  'awaiting_fulfillment',
  'awaiting_shipment',
  'pending',
  'completed',
  'in_stock',
  'out_of_stock',
] as const;
export type StatusWord = (typeof STATUS_WORDS)[number];

const factSchema = z.union([
  z.strictObject({ order: z.number().int().positive() }),
  z.strictObject({ tracking: z.string().min(1) }),
  z.strictObject({ carrier: z.string().min(1) }),
  z.strictObject({ amount: z.string().regex(/^\d+(?:\.\d{1,2})?$/) }),
  z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.strictObject({ status: z.enum(STATUS_WORDS) }),
  z.strictObject({ text: z.string().min(1) }),
]);
export type Fact = z.infer<typeof factSchema>;

const caseSchema = z.strictObject({
  id: z.string().min(1),
  email: z.string().min(1),
  kind: z.enum(KINDS),
  language: z.enum(['en', 'es', 'de', 'fr']),
  customerLanguage: z.string().optional(),
  skip: z.boolean().default(false),
  items: z.array(
    z.strictObject({ type: z.enum(ITEM_TYPES), topic: z.enum(ITEM_TOPICS), orders: z.array(z.number().int()) }),
  ),
  mustState: z.array(factSchema).default([]),
  mustNotState: z.array(factSchema).default([]),
  empathy: z.boolean().default(false),
  settings: z.strictObject({ allowPhone: z.boolean().optional(), allowAddress: z.boolean().optional() }).optional(),
  note: z.string().optional(),
});
export type EvalCase = z.infer<typeof caseSchema>;

export function loadEvalStore(): StoreData {
  const base = JSON.parse(readFileSync(join(EVAL_DIR, 'store/base.json'), 'utf8')) as Record<string, unknown>;
  const merged = { ...base, customers: [] as unknown[], products: [] as unknown[], orders: [] as unknown[] };
  for (const file of readdirSync(join(EVAL_DIR, 'store')).sort()) {
    if (file === 'base.json' || !file.endsWith('.json')) continue;
    const fragment = JSON.parse(readFileSync(join(EVAL_DIR, 'store', file), 'utf8')) as Record<string, unknown[]>;
    merged.customers.push(...(fragment.customers ?? []));
    merged.products.push(...(fragment.products ?? []));
    merged.orders.push(...(fragment.orders ?? []));
  }
  // Fragments are written apart: one product name or id twice makes a stock answer ambiguous by accident.
  const seen = new Map<string, string>();
  for (const product of merged.products as { id: number; name: string }[]) {
    for (const key of [`id ${product.id}`, `name ${product.name.toLowerCase()}`]) {
      if (seen.has(key)) throw new Error(`eval store: product ${key} is defined twice`);
      seen.set(key, product.name);
    }
  }
  return parseStoreData(merged, 'eval store');
}

export function loadEvalCases(): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const file of readdirSync(join(EVAL_DIR, 'cases')).sort()) {
    if (!file.endsWith('.json')) continue;
    const raw = JSON.parse(readFileSync(join(EVAL_DIR, 'cases', file), 'utf8')) as unknown[];
    raw.forEach((entry, index) => {
      const parsed = caseSchema.safeParse(entry);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`eval/cases/${file}[${index}]: ${issue?.path.join('.')}: ${issue?.message}`);
      }
      cases.push(parsed.data);
    });
  }
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate eval case id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}

export function readCaseEmail(c: EvalCase): Buffer {
  return readFileSync(join(EVAL_DIR, 'emails', c.email));
}
