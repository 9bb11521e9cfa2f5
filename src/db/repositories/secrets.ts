/**
 * Rows of the `secrets` table. Plaintext enters through `store`/`replace` and leaves only
 * through `reveal`, which callers use at the moment they need it (an API call, an IMAP login)
 * and never return to a client; everything else sees the masked form.
 */
import { notFound } from '../errors.js';
import type { SecretKind, SecretRow } from '../schema.js';
import { decryptSecret, encryptSecret, last4, maskLast4 } from '../secrets.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { invalid, isId } from './util.js';

export interface SecretView {
  id: number;
  kind: SecretKind;
  /** e.g. `••••abcd` */
  masked: string;
  keyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface SecretsRepository {
  store(workspaceId: number, kind: SecretKind, plaintext: string): Promise<SecretView>;
  replace(workspaceId: number, id: number, plaintext: string): Promise<SecretView>;
  view(workspaceId: number, id: number): Promise<SecretView>;
  reveal(workspaceId: number, id: number): Promise<string>;
  remove(workspaceId: number, id: number): Promise<void>;
}

const MAX_SECRET_LENGTH = 16_384;

function checkPlaintext(plaintext: string): void {
  if (typeof plaintext !== 'string' || plaintext.length === 0) throw invalid('The secret is empty.');
  if (plaintext.length > MAX_SECRET_LENGTH) throw invalid('The secret is too long.');
}

export function createSecretsRepository(ctx: RepoContext): SecretsRepository {
  async function row(workspaceId: number, id: number): Promise<SecretRow> {
    const found = isId(id)
      ? await ctx.db
          .selectFrom('secrets')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .executeTakeFirst()
      : undefined;
    if (!found) throw notFound('Secret');
    return found;
  }

  return {
    async store(workspaceId, kind, plaintext) {
      checkPlaintext(plaintext);
      const enc = encryptSecret(ctx.secretKey, plaintext, { workspaceId, kind });
      const at = nowIso(ctx);
      const inserted = await ctx.db
        .insertInto('secrets')
        .values({
          workspace_id: workspaceId,
          kind,
          ciphertext: enc.ciphertext,
          iv: enc.iv,
          tag: enc.tag,
          key_id: enc.keyId,
          last4: last4(plaintext),
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toView(inserted);
    },

    async replace(workspaceId, id, plaintext) {
      checkPlaintext(plaintext);
      const current = await row(workspaceId, id);
      const enc = encryptSecret(ctx.secretKey, plaintext, { workspaceId, kind: current.kind });
      const updated = await ctx.db
        .updateTable('secrets')
        .set({
          ciphertext: enc.ciphertext,
          iv: enc.iv,
          tag: enc.tag,
          key_id: enc.keyId,
          last4: last4(plaintext),
          updated_at: nowIso(ctx),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw notFound('Secret');
      return toView(updated);
    },

    async view(workspaceId, id) {
      return toView(await row(workspaceId, id));
    },

    async reveal(workspaceId, id) {
      const found = await row(workspaceId, id);
      return decryptSecret(
        ctx.secretKey,
        { ciphertext: found.ciphertext, iv: found.iv, tag: found.tag, keyId: found.key_id },
        { workspaceId: found.workspace_id, kind: found.kind },
      );
    },

    async remove(workspaceId, id) {
      if (!isId(id)) throw notFound('Secret');
      const result = await ctx.db
        .deleteFrom('secrets')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound('Secret');
    },
  };
}

function toView(row: SecretRow): SecretView {
  return {
    id: row.id,
    kind: row.kind,
    masked: maskLast4(row.last4),
    keyId: row.key_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
