/**
 * Search backfill: messages stored before migration 016 have no body text yet (the migration
 * cannot parse MIME: storage imports no mail code). The worker reads their raw source with the
 * same parser as ingest, in small batches, until none is left; each saved text reaches the index
 * through the trigger (SQLite) or the generated column (PostgreSQL). A message that cannot be
 * parsed gets '' so it is not tried again. Their subject and sender were indexed by the migration.
 */
import type { Repositories } from '../db/index.js';
import { parseEmail } from '../email/index.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

const BATCH = 200;

/** Backfills every message without body text; returns how many were read. */
export async function backfillSearchText(repos: Repositories, logger: Logger, signal?: AbortSignal): Promise<number> {
  let done = 0;
  for (;;) {
    if (signal?.aborted) return done;
    const batch = await repos.messages.withoutBodyText(BATCH);
    if (batch.length === 0) break;
    for (const { workspaceId, id } of batch) {
      if (signal?.aborted) return done;
      let text = '';
      try {
        text = (await parseEmail(await repos.messages.getRaw(workspaceId, id))).text;
      } catch (error) {
        logger.warn({ workspaceId, messageId: id, err: describeError(error) }, 'search backfill: message not readable');
      }
      await repos.messages.setBodyText(workspaceId, id, text);
      done += 1;
    }
  }
  if (done > 0) logger.info({ messages: done }, 'search backfill finished');
  return done;
}

/** Runs the backfill in the background; the returned function stops it and waits. */
export function startSearchBackfill(repos: Repositories, logger: Logger): () => Promise<void> {
  const controller = new AbortController();
  const running = backfillSearchText(repos, logger, controller.signal).catch((error: unknown) => {
    logger.error({ err: describeError(error) }, 'search backfill failed');
  });
  return async () => {
    controller.abort();
    await running;
  };
}
