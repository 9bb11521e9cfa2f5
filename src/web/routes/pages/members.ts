/** Members page and its forms (owners, signed in: see auth/route-rules.ts), and GET /api/members. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isDbError } from '../../../db/index.js';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../../../db/schema.js';
import { changeRole, inviteMember, removeMember, revokeInvitation } from '../../actions/members.js';
import { requireOwner, type Principal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { HttpError } from '../../errors.js';
import { idParams } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { membersPage, type MembersView } from '../../views/members.js';

const roleSchema = z.enum(MEMBERSHIP_ROLES as [MembershipRole, ...MembershipRole[]]);
const inviteForm = z.strictObject({ email: z.string().trim().max(320), role: roleSchema });
const roleForm = z.strictObject({ role: roleSchema });
const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);
const pageQuery = z.strictObject({
  done: z.enum(['invited', 'caught', 'unsent', 'revoked', 'role', 'removed']).optional(),
});

const DONE: Record<string, { kind: 'ok' | 'info' | 'error'; text: string }> = {
  invited: { kind: 'ok', text: 'Invitation sent.' },
  caught: {
    kind: 'info',
    text: 'Invitation created. No mail server is configured, so the mail and its link are in the server log.',
  },
  unsent: {
    kind: 'error',
    text: 'Invitation created, but the mail could not be sent. Check the mail server, then revoke and invite again.',
  },
  revoked: { kind: 'ok', text: 'Invitation revoked.' },
  role: { kind: 'ok', text: 'Role changed.' },
  removed: { kind: 'ok', text: 'Member removed. They were signed out.' },
};

export function registerMembersPages(app: FastifyInstance, ctx: RouteContext): void {
  async function render(reply: FastifyReply, principal: Principal, extra: Partial<MembersView>, status = 200) {
    const [members, invitations, user] = await Promise.all([
      ctx.repos.users.listMembers(principal.workspaceId),
      ctx.repos.invitations.listPending(principal.workspaceId),
      ctx.shell(principal),
    ]);
    const view: MembersView = { members, invitations, userId: principal.userId ?? 0, notice: null, ...extra };
    return sendHtml(reply, membersPage(user, view), status);
  }

  /** A refusal the owner can act on (last owner, already a member, bad address) is shown on the page. */
  async function inline(
    reply: FastifyReply,
    principal: Principal,
    action: () => Promise<string>,
    extra: Partial<MembersView> = {},
  ) {
    try {
      return seeOther(reply, await action());
    } catch (error) {
      const shown =
        isDbError(error, 'last_owner') ||
        isDbError(error, 'conflict') ||
        isDbError(error, 'invalid_input') ||
        (error instanceof HttpError && error.status === 400);
      if (!shown) throw error;
      const status = error instanceof HttpError ? error.status : isDbError(error, 'invalid_input') ? 400 : 409;
      return render(reply, principal, { ...extra, notice: { kind: 'error', text: (error as Error).message } }, status);
    }
  }

  app.get('/members', async (request, reply) => {
    const principal = requireOwner(request);
    const done = parseInput(pageQuery, request.query, 'query').done;
    return render(reply, principal, { notice: done ? (DONE[done] ?? null) : null });
  });

  app.post('/members/invite', async (request, reply) => {
    const principal = requireOwner(request);
    const body = request.body as { email?: unknown; role?: unknown } | undefined;
    const previous = {
      email: typeof body?.email === 'string' ? body.email.slice(0, 320) : '',
      role: body?.role === 'owner' ? ('owner' as const) : ('agent' as const),
    };
    return inline(
      reply,
      principal,
      async () => {
        const form = parseInput(inviteForm, request.body, 'invitation');
        const { mail } = await inviteMember(ctx, principal, form);
        if (!mail.sent) return '/members?done=unsent';
        return ctx.productMail.mailer.via === 'console' ? '/members?done=caught' : '/members?done=invited';
      },
      { invite: previous },
    );
  });

  app.post('/members/invitations/:id/revoke', async (request, reply) => {
    const principal = requireOwner(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    await revokeInvitation(ctx, principal, id);
    return seeOther(reply, '/members?done=revoked');
  });

  app.post('/members/:id/role', async (request, reply) => {
    const principal = requireOwner(request);
    const { id } = parseInput(idParams, request.params, 'path');
    return inline(reply, principal, async () => {
      const { role } = parseInput(roleForm, request.body, 'role');
      await changeRole(ctx, principal, id, role);
      // An owner who made themself an agent can no longer see this page.
      return id === principal.userId && role !== 'owner' ? '/' : '/members?done=role';
    });
  });

  app.post('/members/:id/remove', async (request, reply) => {
    const principal = requireOwner(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    return inline(reply, principal, async () => {
      await removeMember(ctx, principal, id);
      return id === principal.userId ? '/login' : '/members?done=removed';
    });
  });

  app.get('/api/members', async (request) => {
    const principal = requireOwner(request);
    const [members, invitations] = await Promise.all([
      ctx.repos.users.listMembers(principal.workspaceId),
      ctx.repos.invitations.listPending(principal.workspaceId),
    ]);
    return {
      members: members.map((m) => ({ id: m.user.id, email: m.user.email, name: m.user.name, role: m.role })),
      invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt })),
    };
  });
}
