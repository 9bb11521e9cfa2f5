/** Access tokens and OAuth scopes: which token may read what on which store. */

/** Scope families; each has a read-only scope `store_v2_{family}_read_only` and a modify scope `store_v2_{family}`. */
export type ScopeFamily = 'customers' | 'orders' | 'products' | 'information';

export interface SimToken {
  token: string;
  scopes: string[];
}

/** Every read scope: what `DEFAULT_TOKEN` gets on stores without configured tokens. */
export const ALL_READ_SCOPES = [
  'store_v2_customers_read_only',
  'store_v2_orders_read_only',
  'store_v2_products_read_only',
  'store_v2_information_read_only',
];

/** Same shape as real tokens (31 lowercase alphanumerics) so client-side validation treats it as real. */
export const DEFAULT_TOKEN = 'snooozsim0demo0token0readonly01';

export type TokenCheck = { kind: 'unknown' } | { kind: 'other-store' } | { kind: 'ok'; scopes: Set<string> };

export class TokenRegistry {
  /** token → store hash → scopes */
  private readonly byToken = new Map<string, Map<string, Set<string>>>();

  add(storeHash: string, token: SimToken): void {
    const stores = this.byToken.get(token.token) ?? new Map<string, Set<string>>();
    stores.set(storeHash, new Set(token.scopes));
    this.byToken.set(token.token, stores);
  }

  /** `unknown` → 401; `other-store` → 403 (a real token on a hash it does not belong to). */
  resolve(token: string | undefined, storeHash: string): TokenCheck {
    if (!token) return { kind: 'unknown' };
    const stores = this.byToken.get(token);
    if (!stores) return { kind: 'unknown' };
    const scopes = stores.get(storeHash);
    return scopes ? { kind: 'ok', scopes } : { kind: 'other-store' };
  }
}

export function canRead(scopes: Set<string>, family: ScopeFamily | null): boolean {
  if (family === null) return true;
  return scopes.has(`store_v2_${family}_read_only`) || scopes.has(`store_v2_${family}`);
}

export function canModify(scopes: Set<string>, family: ScopeFamily | null): boolean {
  return family === null || scopes.has(`store_v2_${family}`);
}
