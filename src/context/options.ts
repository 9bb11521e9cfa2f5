import type { ContextOptions } from './types.js';

/** ContextOptions with every default filled in and every number kept in a sensible range. */
export type ResolvedContextOptions = Required<ContextOptions>;

export const DEFAULT_CONTEXT_OPTIONS: ResolvedContextOptions = {
  recentOrders: 5,
  detailedOrders: 3,
  // Off unless the workspace allows it: a reply rarely needs them, and leaking one is costly.
  allowPhone: false,
  allowAddress: false,
  maxMentionedOrders: 3,
  // On: two round trips instead of three for most registered customers; when their newest orders
  // were paid from another address, a few details are read for nothing and a third round follows.
  speculativeDetails: true,
  needs: { items: true, shipments: true, shipTo: true },
};

/** BigCommerce pages lists at most 250 rows; more recent orders than that never help a reply. */
const MAX_RECENT_ORDERS = 250;
/** Each mentioned number costs one lookup; a message listing dozens must not fan out. */
const MAX_MENTIONED_ORDERS = 10;

export function resolveContextOptions(options: ContextOptions = {}): ResolvedContextOptions {
  const merged = { ...DEFAULT_CONTEXT_OPTIONS, ...withoutUndefined(options) };
  const recentOrders = clamp(merged.recentOrders, 1, MAX_RECENT_ORDERS);
  return {
    recentOrders,
    detailedOrders: clamp(merged.detailedOrders, 0, recentOrders),
    allowPhone: merged.allowPhone,
    allowAddress: merged.allowAddress,
    maxMentionedOrders: clamp(merged.maxMentionedOrders, 0, MAX_MENTIONED_ORDERS),
    speculativeDetails: merged.speculativeDetails,
    needs: { ...DEFAULT_CONTEXT_OPTIONS.needs, ...merged.needs },
  };
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function withoutUndefined(options: ContextOptions): ContextOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
