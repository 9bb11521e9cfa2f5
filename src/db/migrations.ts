/**
 * One migration set for both databases, written with Kysely's schema builder. The only
 * dialect-specific choices are the id column and the raw-bytes type; everything else is
 * portable SQL (text, integer, CHECK, composite FOREIGN KEY).
 *
 * Tenant safety is also enforced by the schema itself: child rows reference their parent by
 * (workspace_id, id), so a message can never point at another workspace's inbox, a draft at
 * another workspace's message, an integration at another workspace's secret, and so on.
 */
import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { DbError } from './errors.js';
import type { DialectName, Schema } from './schema.js';
import { initial } from './migration-001-initial.js';
import { mailboxState } from './migration-002-mailbox-state.js';
import { prefs } from './migration-003-prefs.js';
import { leases } from './migration-004-leases.js';
import { evidence } from './migration-005-evidence.js';
import { shadowAutonomy } from './migration-006-shadow-autonomy.js';
import { webhooks } from './migration-008-webhooks.js';
import { inboxForwarding } from './migration-009-inbox-forwarding.js';
import { messageAuthentication } from './migration-010-message-authentication.js';
import { tokenScopes } from './migration-011-token-scopes.js';
import { loginAttempts } from './migration-012-login-attempts.js';
import { replyScreen } from './migration-013-reply-screen.js';
import { forwardingChecks } from './migration-014-forwarding-checks.js';
import { members } from './migration-015-members.js';
import { search } from './migration-016-search.js';
import { inboxOAuth } from './migration-017-inbox-oauth.js';
import { conversations } from './migration-018-conversations.js';
import { customerLinks } from './migration-019-customer-links.js';
import { auditIndex } from './migration-020-audit-index.js';

/** Every migration, by name; names sort in the order they must run. */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '001_initial': initial(dialect),
    '002_mailbox_state': mailboxState(),
    '003_prefs': prefs(),
    '004_leases': leases(),
    '005_evidence': evidence(),
    '006_shadow_autonomy': shadowAutonomy(dialect),
    '008_webhooks': webhooks(dialect),
    '009_inbox_forwarding': inboxForwarding(dialect),
    '010_message_authentication': messageAuthentication(dialect),
    '011_token_scopes': tokenScopes(dialect),
    '012_login_attempts': loginAttempts(dialect),
    '013_reply_screen': replyScreen(dialect),
    '014_forwarding_checks': forwardingChecks(dialect),
    '015_members': members(dialect),
    '016_search': search(dialect),
    '017_inbox_oauth': inboxOAuth(dialect),
    '018_conversations': conversations(dialect),
    '019_customer_links': customerLinks(dialect),
    '020_audit_index': auditIndex(),
  };
}

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.dialect);
  }
}

/** Brings the schema up to date; returns the names of the migrations that ran (none when current). */
export async function migrateToLatest(db: Kysely<Schema>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new DbError('migration_failed', `Database migration ${failed} failed.`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
