/**
 * BigCommerce webhooks, opt-in: registration (the Integrations button, `snoooz webhooks`) and the
 * receiver behind `POST /webhooks/bigcommerce/:token`.
 *
 * - Each integration gets an unguessable token (its delivery URL) and a shared secret that
 *   BigCommerce sends back as `X-Snoooz-Webhook-Secret`; only the secret's SHA-256 is stored.
 * - `receive` checks the secret in constant time (401, nothing done), the payload (400), records
 *   the delivery's `hash` (a duplicate does nothing new), answers at once and does the work in
 *   the background: forget the cached order and its customer (in Redis too), then refresh the
 *   pending, unedited drafts whose context includes the order, with a note in their evidence.
 * - Without webhooks, the cache's short TTL (about a minute) keeps data fresh, and an automatic
 *   send always re-reads the store (see process-stored-message.ts).
 *
 * Like the inbox directory, finding a subscription by its token is a deliberately unscoped read:
 * a delivery arrives before the workspace is known.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Generated } from 'kysely';
import { z } from 'zod';
import {
  SNOOOZ_WEBHOOK_SCOPES,
  WEBHOOK_SECRET_HEADER,
  checkDestination,
  listWebhooks,
  registerWebhooks,
  removeWebhooks,
  type Webhook,
} from '../bigcommerce-hooks/index.js';
import type { Database, Repositories } from '../db/index.js';
import type { PipelineResult } from '../pipeline/process-email.js';
import { compareDrafts, describeChanges, withNote } from '../pipeline/freshness.js';
import { describeError, InputError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { StoreProvider } from './stores.js';

export { WEBHOOK_SECRET_HEADER };
export const PUBLIC_URL_ENV = 'SNOOOZ_PUBLIC_URL';
export const WEBHOOK_ROUTE_PREFIX = '/webhooks/bigcommerce/';

/** How long a delivery's hash is remembered (BigCommerce retries for about 48 hours). */
const DEDUPE_MS = 3 * 24 * 60 * 60_000;
/** How many pending drafts a webhook looks through at most. */
const MAX_DRAFTS_SCANNED = 500;

type WebhookTables = {
  webhook_subscriptions: {
    id: Generated<number>;
    workspace_id: number;
    integration_id: number;
    token: string;
    secret_hash: string;
    destination: string;
    registered_at: string | null;
    created_at: string;
    updated_at: string;
  };
  webhook_deliveries: { key: string; received_at: string };
};

export const webhookPayloadSchema = z.object({
  scope: z.string().regex(/^store\/(order|shipment)\//, 'scope must be store/order/* or store/shipment/*'),
  store_id: z.union([z.string(), z.number()]).optional(),
  data: z.union([
    z.object({ type: z.literal('order'), id: z.number().int().positive() }).passthrough(),
    z
      .object({ type: z.literal('shipment'), id: z.number().int().positive(), orderId: z.number().int().positive() })
      .passthrough(),
  ]),
  hash: z.string().min(8).max(200),
  created_at: z.number().int().optional(),
  producer: z.string().regex(/^stores\/[a-z0-9]+$/, 'producer must be stores/{store hash}'),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export interface WebhookStatus {
  integrationId: number;
  registered: boolean;
  destination: string | null;
  registeredAt: string | null;
  /** The public base URL this process would register (SNOOOZ_PUBLIC_URL), or null when unset. */
  publicUrl: string | null;
}

export interface ReceiveResult {
  status: 202 | 400 | 401;
  message: string;
  duplicate?: boolean;
}

export interface WebhookService {
  status(workspaceId: number, integrationId: number): Promise<WebhookStatus>;
  register(
    workspaceId: number,
    integrationId: number,
    options?: { publicUrl?: string },
  ): Promise<WebhookStatus & { hooks: Webhook[] }>;
  unregister(workspaceId: number, integrationId: number): Promise<WebhookStatus & { removed: number }>;
  /** The delivery endpoint's logic: fast, the work happens in the background. */
  receive(input: { token: string; secret: string | undefined; body: unknown }): Promise<ReceiveResult>;
  /** Resolves when the background work started so far is done (tests, shutdown). */
  idle(): Promise<void>;
}

export interface WebhookServiceDeps {
  db: Database;
  repos: Repositories;
  stores: StoreProvider;
  apiUrl: string;
  /** SNOOOZ_PUBLIC_URL: the HTTPS base BigCommerce delivers to. */
  publicUrl: string | null;
  logger: Logger;
  /** Compose a message's reply again without storing anything (processStoredMessage, composeOnly). */
  compose(workspaceId: number, messageId: number): Promise<PipelineResult | null>;
  /** Told when a draft changed (the live inbox updates). */
  onDraftRefreshed?(workspaceId: number, messageId: number): void;
  fetch?: typeof fetch;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function createWebhookService(deps: WebhookServiceDeps): WebhookService {
  const db = deps.db.kysely.withTables<WebhookTables>();
  const now = (): string => deps.db.now().toISOString();
  const running = new Set<Promise<void>>();
  const { logger } = deps;

  async function subscriptionOf(workspaceId: number, integrationId: number) {
    return db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('integration_id', '=', integrationId)
      .executeTakeFirst();
  }

  async function status(workspaceId: number, integrationId: number): Promise<WebhookStatus> {
    await deps.repos.integrations.get(workspaceId, integrationId); // scoped: 404 for another workspace's
    const row = await subscriptionOf(workspaceId, integrationId);
    return {
      integrationId,
      registered: !!row?.registered_at,
      destination: row?.registered_at ? row.destination : null,
      registeredAt: row?.registered_at ?? null,
      publicUrl: deps.publicUrl,
    };
  }

  async function connection(workspaceId: number, integrationId: number) {
    const integration = await deps.repos.integrations.getWithSecret(workspaceId, integrationId);
    return {
      integration,
      conn: {
        storeHash: integration.storeHash,
        accessToken: integration.accessToken,
        apiUrl: deps.apiUrl,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      },
    };
  }

  function schedule(work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) => logger.warn({ err: describeError(error) }, 'webhook processing failed'))
      .finally(() => running.delete(task));
    running.add(task);
  }

  /** Forget the order and its customer, then refresh the drafts that state something about it. */
  async function handleDelivery(
    sub: { workspace_id: number; integration_id: number },
    payload: WebhookPayload,
  ): Promise<void> {
    const orderId = payload.data.type === 'order' ? payload.data.id : payload.data.orderId;
    const workspaceId = sub.workspace_id;
    const { integration } = await connection(workspaceId, sub.integration_id);
    const input = { storeHash: integration.storeHash, accessToken: integration.accessToken };
    await deps.stores.invalidate?.(input, { orderId });
    const emails = new Set<string>();
    try {
      const fresh = deps.stores.openUncached?.(input) ?? deps.stores.open(input);
      const order = await fresh.getOrder(orderId);
      if (order?.billingAddress.email) emails.add(order.billingAddress.email);
    } catch (error) {
      logger.warn({ workspaceId, orderId, err: describeError(error) }, 'webhook: order look-up failed');
    }
    const drafts = await draftsAbout(workspaceId, orderId);
    for (const d of drafts) emails.add(d.senderEmail);
    for (const email of emails) await deps.stores.invalidate?.(input, { email });
    for (const d of drafts) await refreshDraft(workspaceId, d, `order #${orderId} changed (${payload.scope})`);
  }

  /** Pending drafts written by Snoooz and not edited since, whose context includes the order. */
  async function draftsAbout(workspaceId: number, orderId: number) {
    const rows = await db
      .selectFrom('drafts')
      .select(['id', 'message_id', 'text', 'original_text', 'context', 'evidence'])
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'pending')
      .orderBy('id', 'desc')
      .limit(MAX_DRAFTS_SCANNED)
      .execute();
    const found: Array<{ id: number; messageId: number; text: string; evidence: unknown; senderEmail: string }> = [];
    for (const row of rows) {
      if (row.original_text === null || row.text !== row.original_text) continue; // a person's words stay
      const context = parse(row.context) as {
        senderEmail?: string;
        orders?: Array<{ id?: number }>;
        focusOrder?: { id?: number } | null;
      } | null;
      const ids = new Set([...(context?.orders ?? []).map((o) => o.id), context?.focusOrder?.id]);
      if (!ids.has(orderId)) continue;
      found.push({
        id: row.id,
        messageId: row.message_id,
        text: row.text,
        evidence: parse(row.evidence),
        senderEmail: context?.senderEmail ?? '',
      });
    }
    return found.filter((d) => d.senderEmail !== '');
  }

  async function refreshDraft(
    workspaceId: number,
    draft: { id: number; messageId: number; text: string; evidence: unknown },
    reason: string,
  ): Promise<void> {
    const result = await deps.compose(workspaceId, draft.messageId);
    const composed = result?.draft;
    if (!result || !composed || result.skipped) return;
    const changes = compareDrafts(draft, { text: composed.text, evidence: result.evidence });
    if (changes.length === 0) return;
    // Still pending and unedited? A person may have acted while we composed.
    const current = await db
      .selectFrom('drafts')
      .select(['status', 'text', 'original_text'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', draft.id)
      .executeTakeFirst();
    if (!current || current.status !== 'pending' || current.text !== current.original_text) return;
    await deps.repos.drafts.saveDraftForMessage(workspaceId, draft.messageId, {
      subject: composed.subject,
      text: composed.text,
      composer: composed.composer,
      fallbackReason: composed.fallbackReason ?? null,
      context: result.draftContext,
      evidence: withNote(result.evidence, { refreshedAt: now(), refreshReason: reason, changes }),
    });
    logger.info({ workspaceId, draftId: draft.id, changes: describeChanges(changes) }, 'draft refreshed by a webhook');
    deps.onDraftRefreshed?.(workspaceId, draft.messageId);
  }

  return {
    status,

    async register(workspaceId, integrationId, options = {}) {
      const base = options.publicUrl ?? deps.publicUrl;
      if (!base) {
        throw new InputError(
          'invalid_option',
          `Set ${PUBLIC_URL_ENV} to the public HTTPS address of Snoooz (BigCommerce delivers only to HTTPS on port 443).`,
        );
      }
      const { conn } = await connection(workspaceId, integrationId);
      const existing = await subscriptionOf(workspaceId, integrationId);
      const token = existing?.token ?? randomBytes(24).toString('base64url');
      const destination = checkDestination(new URL(`${WEBHOOK_ROUTE_PREFIX}${token}`, withSlash(base)).toString());
      const secret = randomBytes(32).toString('base64url');
      const secretHash = sha256(secret).toString('hex');
      const at = now();
      // Stored first (not yet registered), so deliveries that arrive as soon as BigCommerce has the
      // hooks already verify.
      if (existing) {
        await db
          .updateTable('webhook_subscriptions')
          .set({ secret_hash: secretHash, destination, updated_at: at })
          .where('id', '=', existing.id)
          .execute();
      } else {
        await db
          .insertInto('webhook_subscriptions')
          .values({
            workspace_id: workspaceId,
            integration_id: integrationId,
            token,
            secret_hash: secretHash,
            destination,
            registered_at: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      if (existing?.destination && existing.destination !== destination) {
        await removeWebhooks(conn, { destination: existing.destination });
      }
      await registerWebhooks({ ...conn, destination, secret, scopes: SNOOOZ_WEBHOOK_SCOPES });
      await db
        .updateTable('webhook_subscriptions')
        .set({ registered_at: at, updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('integration_id', '=', integrationId)
        .execute();
      const hooks = (await listWebhooks(conn, { secret })).filter((h) => h.destination === destination);
      return { ...(await status(workspaceId, integrationId)), hooks };
    },

    async unregister(workspaceId, integrationId) {
      const { conn } = await connection(workspaceId, integrationId);
      const existing = await subscriptionOf(workspaceId, integrationId);
      const removed = existing ? await removeWebhooks(conn, { destination: existing.destination }) : [];
      if (existing) {
        await db
          .updateTable('webhook_subscriptions')
          .set({ registered_at: null, updated_at: now() })
          .where('id', '=', existing.id)
          .execute();
      }
      return { ...(await status(workspaceId, integrationId)), removed: removed.length };
    },

    async receive({ token, secret, body }) {
      const row = /^[A-Za-z0-9_-]{16,64}$/.test(token)
        ? await db.selectFrom('webhook_subscriptions').selectAll().where('token', '=', token).executeTakeFirst()
        : undefined;
      // Constant time whatever is wrong (unknown token, no header, wrong secret).
      const expected = row ? Buffer.from(row.secret_hash, 'hex') : sha256(randomBytes(16).toString('hex'));
      const given = sha256(typeof secret === 'string' ? secret : '');
      const ok = timingSafeEqual(expected, given) && !!row && typeof secret === 'string';
      if (!ok || !row) return { status: 401, message: 'Unauthorized.' };

      const parsed = webhookPayloadSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          status: 400,
          message: `Invalid webhook payload: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable'}.`,
        };
      }
      const payload = parsed.data;
      const integration = await deps.repos.integrations.get(row.workspace_id, row.integration_id);
      if (payload.producer !== `stores/${integration.storeHash}`) {
        return { status: 400, message: 'Invalid webhook payload: producer is not this store.' };
      }
      const at = now();
      const inserted = await db
        .insertInto('webhook_deliveries')
        .values({ key: `${row.id}:${payload.hash}`, received_at: at })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!inserted) {
        return { status: 202, message: 'Already received.', duplicate: true };
      }
      schedule(async () => {
        await db
          .deleteFrom('webhook_deliveries')
          .where('received_at', '<', new Date(deps.db.now().getTime() - DEDUPE_MS).toISOString())
          .execute();
        await handleDelivery(row, payload);
      });
      return { status: 202, message: 'Accepted.' };
    },

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
