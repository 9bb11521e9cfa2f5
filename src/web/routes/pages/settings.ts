/** Settings forms: reply rules, AI model (key stored encrypted), API tokens (owners only). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { INTENTS } from '../../../assistant/types.js';
import { hashToken, isDbError } from '../../../db/index.js';
import { llmView, updateLlm } from '../../actions/llm.js';
import { updateSettings } from '../../actions/settings.js';
import { grantableScopes, scopeSchema } from '../../auth/permissions.js';
import { isAdmin, requireOwner, requirePrincipal, type Principal } from '../../auth/principal.js';
import { randomToken } from '../../auth/tokens.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { HttpError } from '../../errors.js';
import { LLM_PROVIDERS } from '../../prefs.js';
import { checkbox, idParams, manyOf, multiline } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { settingsPage, type SettingsView } from '../../views/settings.js';
import { autonomyNotices, evaluateWorkspaceAutonomy } from '../../../shadow/index.js';

const settingsForm = z.strictObject({
  mode: z.enum(['drafts', 'auto', 'off']),
  autoSendIntents: manyOf(z.enum(INTENTS)),
  tone: z.enum(['friendly', 'formal', 'concise']),
  businessName: z.string().max(200),
  signature: multiline(2_000),
  recentOrdersToMention: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a number from 0 to 10')
    .transform(Number),
  allowPhone: checkbox,
  allowAddress: checkbox,
  undoSendSeconds: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a number of seconds from 0 to 120')
    .transform(Number)
    .optional(),
  autonomyThreshold: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole percentage from 80 to 100')
    .transform(Number)
    .optional(),
  autonomyLastN: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a number from 20 to 500')
    .transform(Number)
    .optional(),
  // Checked (and spelled as Intl spells it) by the settings repository, like the API's value.
  timeZone: z.string().max(100).optional(),
});

const llmForm = z.strictObject({
  provider: z.enum(LLM_PROVIDERS),
  model: z.string().trim().max(200),
  baseUrl: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === '' || /^https?:\/\/[^\s@]+$/i.test(v), 'must be an http(s) URL without a user name'),
  apiKey: z.string().trim().max(4_096),
  removeKey: checkbox,
});

const tokenForm = z.strictObject({
  name: z.string().trim().min(1, 'give the token a name').max(200),
  scopes: manyOf(scopeSchema).refine((list) => list.length > 0, 'choose at least one scope'),
});
const pageQuery = z.strictObject({ done: z.enum(['saved', 'llm', 'revoked']).optional() });
const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);

const DONE: Record<string, string> = {
  saved: 'Settings saved.',
  llm: 'AI model saved.',
  revoked: 'Token revoked.',
};

async function autonomyView(ctx: RouteContext, workspaceId: number): Promise<SettingsView['autonomy']> {
  const { evaluation } = await evaluateWorkspaceAutonomy(ctx.repos, workspaceId);
  return { evaluation, notices: await autonomyNotices(ctx.repos, workspaceId) };
}

export function registerSettingsPages(app: FastifyInstance, ctx: RouteContext): void {
  async function render(reply: FastifyReply, principal: Principal, extra: Partial<SettingsView>, status = 200) {
    const isOwner = isAdmin(principal);
    const [settings, llm, tokens, user, autonomy] = await Promise.all([
      ctx.repos.settings.get(principal.workspaceId),
      llmView(ctx, principal.workspaceId),
      isOwner ? ctx.repos.auth.listApiTokens(principal.workspaceId) : Promise.resolve([]),
      ctx.shell(principal),
      autonomyView(ctx, principal.workspaceId),
    ]);
    const view: SettingsView = { settings, llm, isOwner, tokens, newToken: null, notice: null, autonomy, ...extra };
    return sendHtml(reply, settingsPage(user, view), status);
  }

  /** Validation problems are shown on the form, not as an error page. */
  async function inline(reply: FastifyReply, principal: Principal, action: () => Promise<string>) {
    try {
      return seeOther(reply, await action());
    } catch (error) {
      const message =
        error instanceof HttpError && error.status === 400
          ? error.message
          : isDbError(error, 'invalid_settings') || isDbError(error, 'invalid_input')
            ? error.message
            : null;
      if (message === null) throw error;
      return render(reply, principal, { notice: { kind: 'error', text: `Not saved: ${message}` } });
    }
  }

  app.get('/settings', async (request, reply) => {
    const principal = requirePrincipal(request);
    const done = parseInput(pageQuery, request.query, 'query').done;
    return render(reply, principal, { notice: done ? { kind: 'ok', text: DONE[done] ?? '' } : null });
  });

  app.post('/settings', async (request, reply) => {
    const principal = requirePrincipal(request);
    return inline(reply, principal, async () => {
      const { autonomyThreshold, autonomyLastN, undoSendSeconds, timeZone, ...form } = parseInput(
        settingsForm,
        request.body,
        'settings',
      );
      const autonomy =
        autonomyThreshold === undefined && autonomyLastN === undefined
          ? {}
          : {
              autonomy: {
                ...(await ctx.repos.settings.get(principal.workspaceId)).autonomy,
                ...(autonomyThreshold === undefined ? {} : { threshold: autonomyThreshold / 100 }),
                ...(autonomyLastN === undefined ? {} : { lastN: autonomyLastN }),
              },
            };
      await updateSettings(ctx, principal, {
        ...form,
        ...autonomy,
        ...(undoSendSeconds === undefined ? {} : { undoSendSeconds }),
        ...(timeZone === undefined ? {} : { timeZone }),
      });
      return '/settings?done=saved';
    });
  });

  app.post('/settings/llm', async (request, reply) => {
    // Owners only: where drafts (customer data) and the stored key are sent is an owner's call.
    const principal = requireOwner(request);
    return inline(reply, principal, async () => {
      const form = parseInput(llmForm, request.body, 'AI model');
      await updateLlm(ctx, principal, { ...form, baseUrl: form.baseUrl || null });
      return '/settings?done=llm';
    });
  });

  app.post('/settings/tokens', async (request, reply) => {
    const principal = requireOwner(request);
    const form = parseInput(tokenForm, request.body, 'token');
    // Never more than the creator holds (the route is owner-only today; this keeps it true).
    const allowed = grantableScopes(principal.role);
    if (principal.via !== 'session' || form.scopes.some((scope) => !allowed.includes(scope))) {
      throw new HttpError(403, 'forbidden', 'Only workspace owners can create tokens with the admin scope.');
    }
    const value = randomToken('snz_');
    const token = await ctx.repos.transaction(async (tx) => {
      const created = await tx.auth.createApiToken(principal.workspaceId, {
        tokenHash: hashToken(value),
        name: form.name,
        last4: value.slice(-4),
        scopes: [...new Set(form.scopes)],
      });
      // Its name and scopes only: the value is shown once, below, and stored nowhere.
      await tx.audit.append(principal.workspaceId, {
        actor: principal.auditActor,
        action: 'api_token.created',
        target: `api_token:${created.id}`,
        detail: { name: created.name, scopes: created.scopes },
      });
      return created;
    });
    // Rendered, not redirected: the plaintext must not travel in a URL or be retrievable later.
    return render(reply, principal, { newToken: { name: form.name, value, scopes: token.scopes } });
  });

  app.post('/settings/tokens/:id/revoke', async (request, reply) => {
    const principal = requireOwner(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    await ctx.repos.transaction(async (tx) => {
      const name = (await tx.auth.listApiTokens(principal.workspaceId)).find((t) => t.id === id)?.name;
      await tx.auth.revokeApiToken(principal.workspaceId, id);
      await tx.audit.append(principal.workspaceId, {
        actor: principal.auditActor,
        action: 'api_token.revoked',
        target: `api_token:${id}`,
        detail: name === undefined ? null : { name },
      });
    });
    return seeOther(reply, '/settings?done=revoked');
  });
}
