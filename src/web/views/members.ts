/** Members (owners only): who is in the workspace, with what role; invitations out and pending. */
import type { Invitation, Member } from '../../db/index.js';
import type { MembershipRole } from '../../db/schema.js';
import { html, type SafeHtml } from '../html.js';
import { banner, csrfField, page, timeTag, zoneOf, type ShellUser } from './layout.js';

export interface MembersView {
  members: Member[];
  invitations: Invitation[];
  /** The signed-in owner, marked "(you)". */
  userId: number;
  notice: { kind: 'ok' | 'error' | 'info'; text: string } | null;
  /** What the invite form had when it was refused. */
  invite?: { email: string; role: MembershipRole };
}

const ROLE_LABELS: Record<MembershipRole, string> = { owner: 'Owner', agent: 'Agent' };
const selected = (on: boolean) => (on ? html` selected` : '');

export function membersPage(user: ShellUser | null, view: MembersView): string {
  const csrf = user?.csrfToken ?? '';
  const tz = zoneOf(user);
  return page({
    title: 'Members',
    nav: 'members',
    user,
    page: 'members',
    body: html`<h1>Members</h1>
      <p class="lead">
        Agents work the inbox. Owners also manage integrations, inboxes, settings and members. A workspace always keeps
        at least one owner.
      </p>
      ${view.notice ? banner(view.notice.kind, view.notice.text) : ''}
      <section class="card" aria-labelledby="members-title">
        <h2 id="members-title">People (${view.members.length})</h2>
        <ul class="member-list" id="members">
          ${view.members.map((m) => memberRow(m, view.userId, csrf))}
        </ul>
      </section>
      ${inviteForm(csrf, view.invite)} ${pending(view.invitations, csrf, tz)}`,
  });
}

function memberRow(m: Member, me: number, csrf: string): SafeHtml {
  const id = m.user.id;
  return html`<li data-email="${m.user.email}">
    <div class="who">
      <strong>${m.user.name}</strong>${id === me ? html` <span class="badge">you</span>` : ''}
      <span class="muted">${m.user.email}</span>
    </div>
    <form method="post" action="/members/${id}/role" class="inline-form">
      ${csrfField(csrf)}
      <label for="role-${id}" class="visually-hidden">Role of ${m.user.email}</label>
      <select id="role-${id}" name="role">
        ${(['agent', 'owner'] as const).map((r) => html`<option value="${r}" ${selected(m.role === r)}>${ROLE_LABELS[r]}</option>`)}
      </select>
      <button type="submit" class="secondary small" aria-label="Change role of ${m.user.email}">Change role</button>
    </form>
    <form
      method="post"
      action="/members/${id}/remove"
      class="inline-form"
      data-confirm="Remove ${m.user.email}? They are signed out at once."
    >
      ${csrfField(csrf)}
      <button type="submit" class="danger small" aria-label="Remove ${m.user.email}">Remove</button>
    </form>
  </li>`;
}

function inviteForm(csrf: string, previous: MembersView['invite']): SafeHtml {
  return html`<section class="card" aria-labelledby="invite-title">
    <h2 id="invite-title">Invite someone</h2>
    <p class="hint" id="invite-hint">
      They get an email with a link that works once and expires in 72 hours; they choose their name and password.
    </p>
    <form method="post" action="/members/invite" aria-describedby="invite-hint">
      ${csrfField(csrf)}
      <label for="invite-email">Email</label>
      <input id="invite-email" name="email" type="email" required maxlength="320" autocomplete="off" value="${previous?.email ?? ''}" />
      <label for="invite-role">Role</label>
      <select id="invite-role" name="role">
        <option value="agent" ${selected(previous?.role !== 'owner')}>Agent: works the inbox</option>
        <option value="owner" ${selected(previous?.role === 'owner')}>Owner: also manages the workspace</option>
      </select>
      <div class="actions"><button type="submit">Send invitation</button></div>
    </form>
  </section>`;
}

function pending(invitations: Invitation[], csrf: string, tz: string): SafeHtml {
  return html`<section class="card" aria-labelledby="pending-title">
    <h2 id="pending-title">Pending invitations</h2>
    ${
      invitations.length
        ? html`<ul class="member-list" id="invitations">
          ${invitations.map(
            (i) => html`<li data-email="${i.email}">
              <div class="who">
                <strong>${i.email}</strong>
                <span class="muted">${ROLE_LABELS[i.role]} · expires ${timeTag(i.expiresAt, tz)}</span>
              </div>
              <form method="post" action="/members/invitations/${i.id}/revoke" class="inline-form">
                ${csrfField(csrf)}
                <button type="submit" class="danger small" aria-label="Revoke the invitation of ${i.email}">Revoke</button>
              </form>
            </li>`,
          )}
        </ul>`
        : html`<p class="muted" id="invitations">No invitations waiting.</p>`
    }
  </section>`;
}
