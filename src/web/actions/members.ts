/**
 * Members of a workspace and the mail that brings people in: invitations, password resets.
 * Links carry 32 random bytes; only their SHA-256 is stored (repositories/invitations.ts,
 * password-resets.ts). Every change and every product mail is audited, never with a link.
 */
import { hashToken, userActor, type AuditActor } from '../../db/index.js';
import { notFound } from '../errors.js';
import type { MembershipRole } from '../../db/schema.js';
import { invitationMail, passwordResetMail, type ProductMail } from '../../product-mail/index.js';
import { loggableError } from '../../shared/logger.js';
import { hashPassword } from '../auth/password.js';
import type { Principal } from '../auth/principal.js';
import { randomToken } from '../auth/tokens.js';
import type { RouteContext } from '../context.js';

export const INVITATION_VALID_HOURS = 72;
export const RESET_VALID_MINUTES = 30;

export type MailOutcome = { sent: true } | { sent: false; reason: string };

/**
 * Sends one product mail and records it in the audit log of each workspace concerned (kind,
 * recipient, how it went; never the link). A failure is returned, not thrown: the invitation
 * or reset stays valid and can be sent again.
 */
async function deliver(
  ctx: RouteContext,
  workspaceIds: readonly number[],
  actor: AuditActor,
  mail: ProductMail,
): Promise<MailOutcome> {
  let outcome: MailOutcome;
  try {
    await ctx.productMail.mailer.send(mail);
    outcome = { sent: true };
  } catch (error) {
    ctx.logger.warn({ event: 'product_mail_failed', kind: mail.kind, ...loggableError(error) }, 'product mail failed');
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : 'unknown error';
    outcome = { sent: false, reason: reason.replaceAll(mail.link, '[link]') };
  }
  for (const workspaceId of workspaceIds) {
    await ctx.repos.audit.append(workspaceId, {
      actor,
      action: outcome.sent ? 'mail.sent' : 'mail.failed',
      target: `mail:${mail.kind}`,
      detail: {
        kind: mail.kind,
        to: mail.to,
        via: ctx.productMail.mailer.via,
        ...(outcome.sent ? {} : { reason: outcome.reason }),
      },
    });
  }
  return outcome;
}

function link(ctx: RouteContext, path: string): string {
  return `${ctx.productMail.appUrl().replace(/\/+$/, '')}${path}`;
}

export async function inviteMember(
  ctx: RouteContext,
  principal: Principal,
  input: { email: string; role: MembershipRole },
): Promise<{ email: string; mail: MailOutcome }> {
  if (principal.userId === null) throw notFound('User');
  const token = randomToken();
  const expiresAt = new Date(Date.now() + INVITATION_VALID_HOURS * 3_600_000);
  const invitation = await ctx.repos.transaction(async (tx) => {
    const created = await tx.invitations.create(principal.workspaceId, {
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: principal.userId,
      expiresAt,
    });
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'member.invited',
      target: `invitation:${created.id}`,
      detail: { email: created.email, role: created.role },
    });
    return created;
  });
  const [inviter, workspace] = await Promise.all([
    ctx.repos.users.get(principal.userId),
    ctx.repos.workspaces.get(principal.workspaceId),
  ]);
  const mail = invitationMail({
    to: invitation.email,
    workspaceName: workspace.name,
    inviterName: inviter.name,
    role: invitation.role,
    link: link(ctx, `/invite/${token}`),
    validHours: INVITATION_VALID_HOURS,
  });
  return { email: invitation.email, mail: await deliver(ctx, [principal.workspaceId], principal.auditActor, mail) };
}

export async function revokeInvitation(ctx: RouteContext, principal: Principal, id: number): Promise<void> {
  await ctx.repos.transaction(async (tx) => {
    const revoked = await tx.invitations.revoke(principal.workspaceId, id);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'member.invitation_revoked',
      target: `invitation:${revoked.id}`,
      detail: { email: revoked.email },
    });
  });
}

async function requireMember(ctx: RouteContext, workspaceId: number, userId: number): Promise<MembershipRole> {
  const role = await ctx.repos.users.role(workspaceId, userId);
  if (!role) throw notFound('Member');
  return role;
}

export async function changeRole(
  ctx: RouteContext,
  principal: Principal,
  userId: number,
  role: MembershipRole,
): Promise<void> {
  await ctx.repos.transaction(async (tx) => {
    const before = await requireMember({ ...ctx, repos: tx }, principal.workspaceId, userId);
    if (before === role) return;
    await tx.users.setMembership(principal.workspaceId, userId, role);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'member.role_changed',
      target: `user:${userId}`,
      detail: { from: before, to: role },
    });
  });
}

/** Their sessions in this workspace end with the membership (see repositories/users.ts). */
export async function removeMember(ctx: RouteContext, principal: Principal, userId: number): Promise<void> {
  await ctx.repos.transaction(async (tx) => {
    const role = await requireMember({ ...ctx, repos: tx }, principal.workspaceId, userId);
    const user = await tx.users.get(userId);
    await tx.users.removeMembership(principal.workspaceId, userId);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'member.removed',
      target: `user:${userId}`,
      detail: { email: user.email, role },
    });
  });
}

export async function acceptInvitation(
  ctx: RouteContext,
  token: string,
  input: { name: string; password: string },
): Promise<{ email: string; created: boolean }> {
  const passwordHash = await hashPassword(input.password);
  return ctx.repos.transaction(async (tx) => {
    const accepted = await tx.invitations.accept(hashToken(token), { name: input.name, passwordHash });
    await tx.audit.append(accepted.workspaceId, {
      actor: userActor(accepted.user.id),
      action: 'member.joined',
      target: `user:${accepted.user.id}`,
      detail: { email: accepted.user.email, role: accepted.role, newAccount: accepted.created },
    });
    return { email: accepted.user.email, created: accepted.created };
  });
}

/**
 * Sends a reset link when the address has an account, and does nothing visible otherwise: the
 * caller answers the same either way (and does not wait for this, so timing tells nothing).
 */
export async function requestPasswordReset(ctx: RouteContext, email: string): Promise<void> {
  const user = await ctx.repos.users.byEmail(email);
  if (!user) return;
  const token = randomToken();
  await ctx.repos.passwordResets.create(user.id, {
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + RESET_VALID_MINUTES * 60_000),
  });
  const workspaces = (await ctx.repos.users.workspacesOf(user.id)).map((w) => w.workspace.id);
  const mail = passwordResetMail({
    to: user.email,
    link: link(ctx, `/reset-password/${token}`),
    validMinutes: RESET_VALID_MINUTES,
  });
  await deliver(ctx, workspaces, 'system', mail);
}

/** Sets the new password and ends every session of the user; `link_invalid` for a spent link. */
export async function resetPassword(ctx: RouteContext, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await ctx.repos.transaction(async (tx) => {
    const { userId, sessionsEnded } = await tx.passwordResets.use(hashToken(token), passwordHash);
    for (const { workspace } of await tx.users.workspacesOf(userId)) {
      await tx.audit.append(workspace.id, {
        actor: userActor(userId),
        action: 'member.password_reset',
        target: `user:${userId}`,
        detail: { sessionsEnded },
      });
    }
  });
}
