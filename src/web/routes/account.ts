/**
 * Pages reached without a session: accept an invitation, ask for a password reset, set a new
 * password. The one-time link's token is the proof; it is looked up by its hash only. The forgot
 * form answers the same for every address and is throttled like sign-in (per address asked for
 * and per client), with the mail sent after the answer so timing tells nothing either.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { hashToken, isDbError } from '../../db/index.js';
import { loggableError } from '../../shared/logger.js';
import { acceptInvitation, requestPasswordReset, resetPassword } from '../actions/members.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { sendHtml, seeOther, type RouteContext } from '../context.js';
import { hideToken } from '../hide-token.js';
import { parseInput } from '../validation.js';
import {
  MIN_PASSWORD_LENGTH,
  forgotPage,
  inviteGonePage,
  invitePage,
  resetGonePage,
  resetPage,
} from '../views/account.js';

/** What randomToken() makes (43 base64url characters); anything else matches no link. */
const tokenParams = z.strictObject({ token: z.string().max(200) });
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const passwordFields = {
  password: z.string().max(1_000),
  confirm: z.string().max(1_000),
};
const inviteForm = z.strictObject({ name: z.string().max(200), ...passwordFields });
const resetForm = z.strictObject(passwordFields);
const forgotForm = z.strictObject({ email: z.string().max(320) });

/** One line saying what is wrong with a new password, or null. */
function passwordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirm) return 'The two passwords are not the same.';
  return null;
}

export function registerAccountRoutes(app: FastifyInstance, ctx: RouteContext, limiter: LoginLimiter): void {
  async function invitation(token: string) {
    if (!TOKEN_SHAPE.test(token)) return null;
    const found = await ctx.repos.invitations.byTokenHash(hashToken(token));
    if (!found) return null;
    const [workspace, existing] = await Promise.all([
      ctx.repos.workspaces.get(found.workspaceId),
      ctx.repos.users.byEmail(found.email),
    ]);
    return { workspaceName: workspace.name, email: found.email, hasAccount: existing !== null };
  }

  const gone = (reply: FastifyReply, body: string) => sendHtml(reply, body, 410);

  app.get('/invite/:token', hideToken, async (request, reply) => {
    const { token } = parseInput(tokenParams, request.params, 'path');
    const found = await invitation(token);
    if (!found) return gone(reply, inviteGonePage());
    return sendHtml(reply, invitePage({ token, ...found }));
  });

  app.post('/invite/:token', hideToken, async (request, reply) => {
    const { token } = parseInput(tokenParams, request.params, 'path');
    const found = await invitation(token);
    if (!found) return gone(reply, inviteGonePage());
    const form = parseInput(inviteForm, request.body, 'invitation');
    const name = form.name.trim();
    const problem = found.hasAccount
      ? null
      : name === ''
        ? 'Enter your name.'
        : passwordProblem(form.password, form.confirm);
    if (problem) return sendHtml(reply, invitePage({ token, ...found, name, error: problem }), 400);
    try {
      await acceptInvitation(ctx, token, {
        name: found.hasAccount ? found.email : name,
        password: form.password || '-',
      });
    } catch (error) {
      if (isDbError(error, 'link_invalid')) return gone(reply, inviteGonePage());
      throw error;
    }
    return seeOther(reply, '/login?joined=1');
  });

  app.get('/forgot-password', async (_request, reply) => sendHtml(reply, forgotPage({})));

  app.post('/forgot-password', async (request, reply) => {
    const { email: raw } = parseInput(forgotForm, request.body, 'form');
    const email = raw.trim().toLowerCase();
    // Keyed apart from sign-in failures, so asking for resets never slows anyone's sign-in.
    const account = `reset:${email}`;
    const client = `reset:${request.ip}`;
    const waitMs = await limiter.retryAfterMs(account, client);
    if (waitMs > 0) {
      const minutes = Math.ceil(waitMs / 60_000);
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      return sendHtml(
        reply,
        forgotPage({
          email: raw,
          error: `Too many reset requests. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
        }),
        429,
      );
    }
    // Every request counts, whether the address has an account or not.
    await limiter.fail(account, client);
    // Not awaited: the answer must not take longer when a mail is being sent.
    requestPasswordReset(ctx, email).catch((error: unknown) =>
      request.log.error({ event: 'password_reset_failed', ...loggableError(error) }, 'password reset request failed'),
    );
    return sendHtml(reply, forgotPage({ email: raw, sent: true }));
  });

  app.get('/reset-password/:token', hideToken, async (request, reply) => {
    const { token } = parseInput(tokenParams, request.params, 'path');
    const userId = TOKEN_SHAPE.test(token) ? await ctx.repos.passwordResets.userIdByTokenHash(hashToken(token)) : null;
    if (userId === null) return gone(reply, resetGonePage());
    return sendHtml(reply, resetPage({ token }));
  });

  app.post('/reset-password/:token', hideToken, async (request, reply) => {
    const { token } = parseInput(tokenParams, request.params, 'path');
    if (!TOKEN_SHAPE.test(token)) return gone(reply, resetGonePage());
    const form = parseInput(resetForm, request.body, 'form');
    const problem = passwordProblem(form.password, form.confirm);
    if (problem) return sendHtml(reply, resetPage({ token, error: problem }), 400);
    try {
      await resetPassword(ctx, token, form.password);
    } catch (error) {
      if (isDbError(error, 'link_invalid')) return gone(reply, resetGonePage());
      throw error;
    }
    return seeOther(reply, '/login?reset=1');
  });
}
