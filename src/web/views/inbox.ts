/** The inbox: incoming emails newest first, filterable by state, refreshed live by the script. */
import type { StoredMessage } from '../../db/index.js';
import { html, type SafeHtml } from '../html.js';
import { page, timeTag, zoneOf, type ShellUser } from './layout.js';
import { senderBadge } from './sender-auth.js';
import { nonAsciiMark } from './address.js';

export const STATE_FILTERS: Array<{ value: string; label: string }> = [
  { value: '', label: 'All' },
  { value: 'drafted', label: 'Drafted' },
  { value: 'sent', label: 'Sent' },
  { value: 'skipped', label: 'Skipped' },
  { value: 'failed', label: 'Failed' },
  { value: 'processing', label: 'In progress' },
];

const STATE_LABELS: Record<string, string> = {
  received: 'received',
  processing: 'working…',
  drafted: 'drafted',
  sent: 'sent',
  skipped: 'skipped',
  failed: 'failed',
};

export function stateBadge(state: string): SafeHtml {
  return html`<span class="badge ${state}">${STATE_LABELS[state] ?? state}</span>`;
}

/** `timeZone`: the workspace's, so the list and the message page show the same local time. */
export function messageList(messages: StoredMessage[], filter: string, timeZone: string): SafeHtml {
  if (messages.length === 0) {
    return html`<div id="message-list" class="messages empty">
      ${
        filter
          ? 'No emails in this state.'
          : 'No emails yet. Connect an inbox and they will appear here as they arrive.'
      }
    </div>`;
  }
  return html`<ul id="message-list" class="messages">
    ${messages.map(
      (m) =>
        html`<li>
          <a href="/messages/${m.id}">
            <span class="from"
              >${m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress}${nonAsciiMark(m.fromAddress)}</span
            >
            <span class="when"
              >${stateBadge(m.state)} ${timeTag(m.receivedAt, timeZone)}</span
            >
            <span class="subject">${m.subject || '(no subject)'}</span>
            <span class="sender-check">${senderBadge(m.auth)}</span>
            ${(m.state === 'skipped' || m.state === 'failed') && m.stateReason ? html`<span class="reason">${m.stateReason}</span>` : ''}
          </a>
        </li>`,
    )}
  </ul>`;
}

export function inboxPage(user: ShellUser | null, messages: StoredMessage[], filter: string): string {
  return page({
    title: 'Inbox',
    nav: 'inbox',
    user,
    page: 'inbox',
    body: html`<h1>Inbox</h1>
      <p class="lead">
        Customer emails, newest first, with the reply Snoooz drafted from your store data.
        <span id="live-status" class="muted" aria-live="polite"></span>
      </p>
      <nav class="filters" aria-label="Filter by state">
        ${STATE_FILTERS.map(
          (f) =>
            html`<a
              href="${f.value ? `/?state=${f.value}` : '/'}"
              ${f.value === filter ? html` aria-current="true"` : ''}
              >${f.label}</a
            >`,
        )}
      </nav>
      ${messageList(messages, filter, zoneOf(user))}`,
  });
}
