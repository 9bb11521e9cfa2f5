/**
 * Migration 010 (message-authentication): the sender-authentication verdict of each message
 * (`auth_verified` 0/1 for queries, `auth_result` the whole verdict as JSON; both null for mail
 * stored before this change, which counts as not verified), each inbox's trusted authserv-id for
 * the mailbox provider's Authentication-Results, and an index for counting the automatic replies
 * of the last hour (the per-sender and per-inbox caps).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function messageAuthentication(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('messages')
        .addColumn('auth_verified', 'integer', (c) => c.check(sql`auth_verified in (0, 1)`))
        .execute();
      await db.schema.alterTable('messages').addColumn('auth_result', 'text').execute();
      await db.schema.alterTable('inboxes').addColumn('trusted_authserv_id', 'text').execute();
      await db.schema.createIndex('drafts_sent_at').on('drafts').columns(['workspace_id', 'sent_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('drafts_sent_at').execute();
      await db.schema.alterTable('inboxes').dropColumn('trusted_authserv_id').execute();
      await db.schema.alterTable('messages').dropColumn('auth_result').execute();
      await db.schema.alterTable('messages').dropColumn('auth_verified').execute();
    },
  };
}
