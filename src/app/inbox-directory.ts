/**
 * Which inbox an address delivered to the SMTP receiver belongs to. Like `jobs.claimNext`, this
 * is a deliberately unscoped read: mail arrives before we know the workspace.
 *
 * Accepted: the forwarding address the Inboxes page shows, `inbox-<token>@<receiver domain>`,
 * whose token (128 random bits, see db/forwarding-token.ts) nobody can guess or enumerate; and
 * the old sequential `inbox-<id>@<receiver domain>` only for an inbox whose owner kept it on.
 * Both are one indexed lookup, and an unknown token, a wrong token, an unknown id and an id whose
 * old address is off all come back as the same `null` from the same kind of query, so neither the
 * answer nor its timing tells them apart. Matching is ASCII case-insensitive (relays may change
 * the case of a local part; the base32 token loses nothing by it); any non-ASCII character makes
 * the address unknown.
 */
import type { Database } from '../db/index.js';
import { FORWARDING_TOKEN_PATTERN } from '../db/index.js';
import { asciiLower, isAscii } from '../shared/email-identity.js';

export interface InboxRef {
  workspaceId: number;
  inboxId: number;
}

export interface InboxDirectory {
  /** The forwarding address of an inbox: `inbox-<token>@<domain>`. */
  addressFor(inbox: { forwardingToken: string }): string;
  /** The old address `inbox-<id>@<domain>` while the owner keeps it on; otherwise null. */
  legacyAddressFor(inbox: { id: number; legacyForwarding: boolean }): string | null;
  resolve(address: string): Promise<InboxRef | null>;
}

const LOCAL_PREFIX = 'inbox-';
const LEGACY_ID = /^[1-9]\d{0,9}$/;

export function createInboxDirectory(db: Database, domain: string): InboxDirectory {
  const ownDomain = asciiLower(domain.trim());
  return {
    addressFor: (inbox) => `${LOCAL_PREFIX}${inbox.forwardingToken}@${domain}`,
    legacyAddressFor: (inbox) => (inbox.legacyForwarding ? `${LOCAL_PREFIX}${inbox.id}@${domain}` : null),
    async resolve(address) {
      const trimmed = address.trim();
      if (!isAscii(trimmed)) return null;
      const at = trimmed.lastIndexOf('@');
      if (at < 0 || asciiLower(trimmed.slice(at + 1)) !== ownDomain) return null;
      const local = asciiLower(trimmed.slice(0, at));
      if (!local.startsWith(LOCAL_PREFIX)) return null;
      const key = local.slice(LOCAL_PREFIX.length);
      let query = db.kysely.selectFrom('inboxes').select(['id', 'workspace_id']);
      if (FORWARDING_TOKEN_PATTERN.test(key)) query = query.where('forward_token', '=', key);
      else if (LEGACY_ID.test(key) && Number(key) <= 2_147_483_647) {
        query = query.where('id', '=', Number(key)).where('legacy_forwarding', '=', 1);
      } else return null;
      // An inbox's own address is never accepted: any workspace can type any address, so mail
      // for support@shop-a.example would otherwise reach whoever claimed that address first.
      const row = await query.executeTakeFirst();
      return row ? { workspaceId: row.workspace_id, inboxId: row.id } : null;
    },
  };
}
