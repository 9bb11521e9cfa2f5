/**
 * Migration 009 (inbox-forwarding): unguessable forwarding addresses for the SMTP receiver.
 *
 * `inboxes.forward_token`: the random part of the forwarding address `inbox-<token>@<domain>`
 * (see forwarding-token.ts), unique across all workspaces because the receiver finds the inbox
 * by it before it knows the workspace. The token itself is stored, not a hash of it: the
 * Inboxes page and the API show the address on every visit (a hash could be shown only once),
 * and the address is no password either: it travels in clear in every forwarded message's
 * envelope, in the relay's configuration and in the logs of every hop. Anyone who can read this
 * table can read the mail itself.
 *
 * `inboxes.legacy_forwarding` (0/1): whether the old sequential address `inbox-<id>@<domain>`
 * is still accepted. New inboxes start with 0. Existing inboxes get a token and keep the old
 * address working only when mail can reach them no other way than forwarding (no IMAP
 * settings): turning it off for them would bounce their customers' mail the moment the upgrade
 * lands, until the merchant changes the forwarding rule. The Inboxes page shows those inboxes
 * the new address and a switch to turn the old one off. Inboxes read over IMAP get 0: their mail
 * arrives over IMAP, so the guessable address only served someone else.
 */
import { sql } from 'kysely';
import type { Migration } from 'kysely';
import { newForwardingToken } from './forwarding-token.js';
import { atomically } from './migration-helpers.js';
import type { DialectName } from './schema.js';

export function inboxForwarding(dialect: DialectName): Migration {
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('inboxes').addColumn('forward_token', 'text').execute();
        await db.schema
          .alterTable('inboxes')
          .addColumn('legacy_forwarding', 'integer', (c) =>
            c
              .notNull()
              .defaultTo(0)
              .check(sql`legacy_forwarding in (0, 1)`),
          )
          .execute();
        const rows = await sql<{ id: number; imap: string | null }>`select id, imap from inboxes`.execute(db);
        for (const row of rows.rows) {
          const legacy = row.imap === null ? 1 : 0;
          await sql`update inboxes set forward_token = ${newForwardingToken()}, legacy_forwarding = ${legacy} where id = ${row.id}`.execute(
            db,
          );
        }
        await db.schema.createIndex('inboxes_forward_token').on('inboxes').column('forward_token').unique().execute();
        // SQLite cannot add NOT NULL to an existing column; there the repository always sets it.
        if (dialect === 'postgres') {
          await db.schema
            .alterTable('inboxes')
            .alterColumn('forward_token', (c) => c.setNotNull())
            .execute();
        }
      }),
    down: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.dropIndex('inboxes_forward_token').execute();
        await db.schema.alterTable('inboxes').dropColumn('legacy_forwarding').execute();
        await db.schema.alterTable('inboxes').dropColumn('forward_token').execute();
      }),
  };
}
