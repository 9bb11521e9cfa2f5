/**
 * Mailboxes Snoooz reads from and replies through. The IMAP/SMTP password is a secret (never shown,
 * not even in part: the view says only whether one is set); the server settings are plain JSON
 * validated on the way in. Each inbox has a forwarding token, the random part of the address the
 * SMTP receiver accepts its mail on (see forwarding-token.ts and migration 009).
 */
import { z } from 'zod';
import { DbError, isUniqueViolation, notFound } from '../errors.js';
import type { Selectable, Updateable } from 'kysely';
import type { InboxesTable, OAuthProviderId } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { createSecretsRepository } from './secrets.js';
import { asciiLower } from '../../shared/email-identity.js';
import { newForwardingToken } from '../forwarding-token.js';
import { invalid, isId, parseJson, requireText } from './util.js';

export const mailServerSettingsSchema = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65_535),
  /** Implicit TLS (993/465); false means STARTTLS or plain on loopback. */
  secure: z.boolean(),
  user: z.string().min(1).max(320),
});
export type MailServerSettings = z.infer<typeof mailServerSettingsSchema>;

export interface InboxInput {
  name: string;
  address: string;
  imap?: MailServerSettings | null;
  smtp?: MailServerSettings | null;
  /** The IMAP/SMTP password: a string sets it, null removes it, undefined leaves it. */
  password?: string | null;
  storeIntegrationId?: number | null;
  /** Whether the old address `inbox-<id>@<domain>` is still accepted (default off). */
  legacyForwarding?: boolean;
}

export interface InboxView {
  id: number;
  workspaceId: number;
  name: string;
  address: string;
  imap: MailServerSettings | null;
  smtp: MailServerSettings | null;
  /** Whether a password is stored; no part of it is ever shown. */
  passwordSet: boolean;
  storeIntegrationId: number | null;
  /** The random part of the forwarding address `inbox-<token>@<domain>`. */
  forwardingToken: string;
  /** Whether the old, guessable address `inbox-<id>@<domain>` is still accepted. */
  legacyForwarding: boolean;
  /** Signs in with Google or Microsoft (XOAUTH2); null: a password, or none (forwarding only). */
  oauthProvider: OAuthProviderId | null;
  /** The provider refused the grant: nothing is read or sent until an owner reconnects. */
  needsReconnect: { reason: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface InboxesRepository {
  create(workspaceId: number, input: InboxInput): Promise<InboxView>;
  get(workspaceId: number, id: number): Promise<InboxView>;
  list(workspaceId: number): Promise<InboxView[]>;
  byAddress(workspaceId: number, address: string): Promise<InboxView | null>;
  update(workspaceId: number, id: number, patch: Partial<InboxInput>): Promise<InboxView>;
  /**
   * Decrypts the mailbox credential: call right before logging in to the mail server. An OAuth
   * inbox has a refresh token and no password; any other inbox the reverse (or neither).
   */
  getWithSecret(
    workspaceId: number,
    id: number,
  ): Promise<InboxView & { password: string | null; refreshToken: string | null }>;
  /**
   * Saves a mailbox connected by "Sign in with …": a new inbox, or the existing one with that
   * address switched to OAuth (its id, forwarding address and IMAP checkpoint stay). Clears
   * "needs reconnect".
   */
  connectOAuth(workspaceId: number, input: OAuthInboxInput): Promise<{ inbox: InboxView; created: boolean }>;
  /** Stores a rotated refresh token in place of the old one. */
  replaceRefreshToken(workspaceId: number, id: number, refreshToken: string): Promise<void>;
  /** Marks an OAuth inbox as refused by its provider; false when it already was (first reason kept). */
  markNeedsReconnect(workspaceId: number, id: number, reason: string): Promise<boolean>;
  /** Deletes the inbox, its messages (with their drafts and jobs) and its password. */
  remove(workspaceId: number, id: number): Promise<void>;
  /** A new forwarding token: the old forwarding address stops working at once. */
  rotateForwardingToken(workspaceId: number, id: number): Promise<InboxView>;
}

export interface OAuthInboxInput {
  provider: OAuthProviderId;
  /** From the provider's verified ID token, never typed by a person. */
  address: string;
  name: string;
  imap: MailServerSettings;
  smtp: MailServerSettings;
  refreshToken: string;
  storeIntegrationId?: number | null;
}

type Row = Selectable<InboxesTable>;

/**
 * Inbox addresses compare up to ASCII case only (see shared/email-identity.ts): lower-casing the
 * Kelvin sign in "\u212Aate@shop.example" would turn the address the owner typed into a
 * different mailbox's.
 */
export function normalizeInboxAddress(email: string): string {
  const value = asciiLower(email.trim());
  if (!/^[^\s@]+@[^\s@]+$/.test(value) || value.length > 320) throw invalid('That is not an email address.');
  return value;
}

function settings(value: unknown, what: string): string | null {
  if (value === null || value === undefined) return null;
  const parsed = mailServerSettingsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${what} settings: ${issue?.path.join('.') || 'value'} ${issue?.message ?? 'is invalid'}.`);
  }
  return JSON.stringify(parsed.data);
}

export function createInboxesRepository(ctx: RepoContext): InboxesRepository {
  function select(c: RepoContext, workspaceId: number) {
    return c.db.selectFrom('inboxes').selectAll('inboxes').where('inboxes.workspace_id', '=', workspaceId);
  }

  async function row(c: RepoContext, workspaceId: number, id: number): Promise<Row> {
    const found = isId(id) ? await select(c, workspaceId).where('inboxes.id', '=', id).executeTakeFirst() : undefined;
    if (!found) throw notFound('Inbox');
    return found;
  }

  /** A link to a store must stay inside the workspace (the composite foreign key also says so). */
  async function checkIntegration(c: RepoContext, workspaceId: number, integrationId: number | null): Promise<void> {
    if (integrationId === null) return;
    const found = isId(integrationId)
      ? await c.db
          .selectFrom('integrations')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', integrationId)
          .executeTakeFirst()
      : undefined;
    if (!found) throw notFound('Integration');
  }

  async function uniqueAddress<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DbError('conflict', 'An inbox with that address exists.');
      throw error;
    }
  }

  return {
    async create(workspaceId, input) {
      const name = requireText(input.name, 'Inbox name', 200).trim();
      const address = normalizeInboxAddress(input.address);
      const imap = settings(input.imap, 'IMAP');
      const smtp = settings(input.smtp, 'SMTP');
      return inTransaction(ctx, async (tx) => {
        await checkIntegration(tx, workspaceId, input.storeIntegrationId ?? null);
        const secret =
          input.password == null
            ? null
            : await createSecretsRepository(tx).store(workspaceId, 'mail_password', input.password);
        const at = nowIso(tx);
        const inserted = await uniqueAddress(() =>
          tx.db
            .insertInto('inboxes')
            .values({
              workspace_id: workspaceId,
              name,
              address,
              imap,
              smtp,
              password_secret_id: secret?.id ?? null,
              store_integration_id: input.storeIntegrationId ?? null,
              forward_token: newForwardingToken(),
              legacy_forwarding: input.legacyForwarding ? 1 : 0,
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow(),
        );
        return toView(await row(tx, workspaceId, inserted.id));
      });
    },

    async get(workspaceId, id) {
      return toView(await row(ctx, workspaceId, id));
    },

    async list(workspaceId) {
      return (await select(ctx, workspaceId).orderBy('inboxes.id').execute()).map(toView);
    },

    async byAddress(workspaceId, address) {
      let normalized: string;
      try {
        normalized = normalizeInboxAddress(address);
      } catch {
        return null;
      }
      const found = await select(ctx, workspaceId).where('inboxes.address', '=', normalized).executeTakeFirst();
      return found ? toView(found) : null;
    },

    async update(workspaceId, id, patch) {
      return inTransaction(ctx, async (tx) => {
        const current = await row(tx, workspaceId, id);
        const secrets = createSecretsRepository(tx);
        const values: Updateable<InboxesTable> = { updated_at: nowIso(tx) };
        if (patch.name !== undefined) values.name = requireText(patch.name, 'Inbox name', 200).trim();
        if (patch.address !== undefined) values.address = normalizeInboxAddress(patch.address);
        if (patch.legacyForwarding !== undefined) values.legacy_forwarding = patch.legacyForwarding ? 1 : 0;
        if (patch.imap !== undefined) values.imap = settings(patch.imap, 'IMAP');
        if (patch.smtp !== undefined) values.smtp = settings(patch.smtp, 'SMTP');
        if (patch.storeIntegrationId !== undefined) {
          await checkIntegration(tx, workspaceId, patch.storeIntegrationId);
          values.store_integration_id = patch.storeIntegrationId;
        }
        let dropSecret: number | null = null;
        if (patch.password !== undefined && current.oauth_provider !== null) {
          // The secret is the refresh token: a typed password must not replace it.
          throw invalid('This inbox signs in with its provider: reconnect it instead of setting a password.');
        }
        if (patch.password !== undefined) {
          if (patch.password === null) {
            values.password_secret_id = null;
            dropSecret = current.password_secret_id;
          } else if (current.password_secret_id !== null) {
            await secrets.replace(workspaceId, current.password_secret_id, patch.password);
          } else {
            values.password_secret_id = (await secrets.store(workspaceId, 'mail_password', patch.password)).id;
          }
        }
        await uniqueAddress(() =>
          tx.db
            .updateTable('inboxes')
            .set(values)
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', current.id)
            .execute(),
        );
        // The inbox no longer points at it, so the secret can go.
        if (dropSecret !== null) await secrets.remove(workspaceId, dropSecret);
        return toView(await row(tx, workspaceId, current.id));
      });
    },

    async getWithSecret(workspaceId, id) {
      const found = await row(ctx, workspaceId, id);
      const secret =
        found.password_secret_id === null
          ? null
          : await createSecretsRepository(ctx).reveal(workspaceId, found.password_secret_id);
      return found.oauth_provider === null
        ? { ...toView(found), password: secret, refreshToken: null }
        : { ...toView(found), password: null, refreshToken: secret };
    },

    async connectOAuth(workspaceId, input) {
      const name = requireText(input.name, 'Inbox name', 200).trim();
      const address = normalizeInboxAddress(input.address);
      const imap = settings(input.imap, 'IMAP');
      const smtp = settings(input.smtp, 'SMTP');
      return inTransaction(ctx, async (tx) => {
        const secrets = createSecretsRepository(tx);
        const at = nowIso(tx);
        const existing = await select(tx, workspaceId).where('inboxes.address', '=', address).executeTakeFirst();
        if (existing) {
          let secretId = existing.password_secret_id;
          if (secretId === null) secretId = (await secrets.store(workspaceId, 'mail_password', input.refreshToken)).id;
          else await secrets.replace(workspaceId, secretId, input.refreshToken);
          await tx.db
            .updateTable('inboxes')
            .set({
              imap,
              smtp,
              oauth_provider: input.provider,
              password_secret_id: secretId,
              needs_reconnect: null,
              needs_reconnect_at: null,
              updated_at: at,
            })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', existing.id)
            .execute();
          return { inbox: toView(await row(tx, workspaceId, existing.id)), created: false };
        }
        await checkIntegration(tx, workspaceId, input.storeIntegrationId ?? null);
        const secret = await secrets.store(workspaceId, 'mail_password', input.refreshToken);
        const inserted = await tx.db
          .insertInto('inboxes')
          .values({
            workspace_id: workspaceId,
            name,
            address,
            imap,
            smtp,
            password_secret_id: secret.id,
            store_integration_id: input.storeIntegrationId ?? null,
            forward_token: newForwardingToken(),
            legacy_forwarding: 0,
            oauth_provider: input.provider,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { inbox: toView(await row(tx, workspaceId, inserted.id)), created: true };
      });
    },

    async replaceRefreshToken(workspaceId, id, refreshToken) {
      const found = await row(ctx, workspaceId, id);
      if (found.oauth_provider === null || found.password_secret_id === null) {
        throw invalid('This inbox does not sign in with a provider.');
      }
      await createSecretsRepository(ctx).replace(workspaceId, found.password_secret_id, refreshToken);
    },

    async markNeedsReconnect(workspaceId, id, reason) {
      const result = await ctx.db
        .updateTable('inboxes')
        .set({ needs_reconnect: reason.slice(0, 500), needs_reconnect_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('oauth_provider', 'is not', null)
        .where('needs_reconnect', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async rotateForwardingToken(workspaceId, id) {
      return inTransaction(ctx, async (tx) => {
        const current = await row(tx, workspaceId, id);
        await tx.db
          .updateTable('inboxes')
          .set({ forward_token: newForwardingToken(), updated_at: nowIso(tx) })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', current.id)
          .execute();
        return toView(await row(tx, workspaceId, current.id));
      });
    },

    async remove(workspaceId, id) {
      await inTransaction(ctx, async (tx) => {
        const found = await row(tx, workspaceId, id);
        await tx.db.deleteFrom('inboxes').where('workspace_id', '=', workspaceId).where('id', '=', found.id).execute();
        if (found.password_secret_id !== null) {
          await createSecretsRepository(tx).remove(workspaceId, found.password_secret_id);
        }
      });
    },
  };
}

function toView(row: Row): InboxView {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    address: row.address,
    imap: readSettings(row.imap),
    smtp: readSettings(row.smtp),
    passwordSet: row.password_secret_id !== null,
    storeIntegrationId: row.store_integration_id,
    forwardingToken: row.forward_token,
    legacyForwarding: row.legacy_forwarding === 1,
    oauthProvider: row.oauth_provider,
    needsReconnect:
      row.needs_reconnect === null
        ? null
        : { reason: row.needs_reconnect, at: row.needs_reconnect_at ?? row.updated_at },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function readSettings(text: string | null): MailServerSettings | null {
  const parsed = mailServerSettingsSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}
