/**
 * Every text a draft has had (table `draft_versions`, migration 013): `generated` by Snoooz,
 * `edited` by a person, `restored` from an earlier version, each with who and when. Written
 * inside the transaction that changes the draft (repositories/drafts.ts).
 */
import type { DraftVersionKind } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { isId } from './util.js';

/** A person's edits within this long of their last one extend that version instead of adding one. */
export const EDIT_FOLD_MS = 10 * 60_000;

/** One text the draft has had. */
export interface DraftVersion {
  id: number;
  draftId: number;
  kind: DraftVersionKind;
  subject: string;
  text: string;
  actor: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Records a version. An edit by the same person within EDIT_FOLD_MS of their previous edit
 * extends that version, so autosave does not bury the generated text under hundreds of them.
 */
export async function recordVersion(
  tx: RepoContext,
  workspaceId: number,
  draftId: number,
  version: { kind: DraftVersionKind; subject: string; text: string; actor: string; at: string },
): Promise<void> {
  if (version.kind === 'edited') {
    const latest = await tx.db
      .selectFrom('draft_versions')
      .select(['id', 'kind', 'actor', 'updated_at'])
      .where('workspace_id', '=', workspaceId)
      .where('draft_id', '=', draftId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const folds =
      latest?.kind === 'edited' &&
      latest.actor === version.actor &&
      new Date(version.at).getTime() - new Date(latest.updated_at).getTime() < EDIT_FOLD_MS;
    if (folds) {
      await tx.db
        .updateTable('draft_versions')
        .set({ subject: version.subject, text: version.text, updated_at: version.at })
        .where('id', '=', latest.id)
        .execute();
      return;
    }
  }
  await tx.db
    .insertInto('draft_versions')
    .values({
      workspace_id: workspaceId,
      draft_id: draftId,
      kind: version.kind,
      subject: version.subject,
      text: version.text,
      actor: version.actor,
      created_at: version.at,
      updated_at: version.at,
    })
    .execute();
}

/** Newest first (the last 200). */
export async function listVersions(ctx: RepoContext, workspaceId: number, draftId: number): Promise<DraftVersion[]> {
  const rows = await ctx.db
    .selectFrom('draft_versions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('draft_id', '=', isId(draftId) ? draftId : 0)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    draftId: row.draft_id,
    kind: row.kind,
    subject: row.subject,
    text: row.text,
    actor: row.actor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** The newest version's id and kind (no texts): enough to tell whether an edit started a new one. */
export async function latestVersion(
  ctx: RepoContext,
  workspaceId: number,
  draftId: number,
): Promise<{ id: number; kind: DraftVersionKind } | null> {
  const row = await ctx.db
    .selectFrom('draft_versions')
    .select(['id', 'kind'])
    .where('workspace_id', '=', workspaceId)
    .where('draft_id', '=', isId(draftId) ? draftId : 0)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}
