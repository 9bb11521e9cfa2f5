/**
 * An inbox without SMTP cannot send a reply: every place a reply would go out through it says
 * so before anyone presses "Approve & send", and points to where it is fixed.
 */
import type { MessageDetail } from '../actions/messages.js';
import { html, type SafeHtml } from '../html.js';
import type { ShellUser } from './layout.js';

/**
 * `canFix`: the viewer may change inboxes (owners), so the link goes straight to the SMTP form.
 * On the Inboxes page itself the inbox's card has its own "Set up SMTP" button instead of a link.
 */
export function cannotSendNotice(
  inbox: { id: number; hasSmtp: boolean },
  canFix: boolean,
  onInboxesPage = false,
): SafeHtml | '' {
  if (inbox.hasSmtp) return '';
  // On the Inboxes page a forwarding-only inbox receives mail but has no way out for replies.
  const fix = onInboxesPage
    ? canFix
      ? html`Mail that reaches it is drafted, but replies need an outgoing server:
          <a href="/inboxes/${inbox.id}/smtp">add SMTP settings</a>.`
      : 'A workspace owner can set it.'
    : canFix
      ? html`<a href="/inboxes/${inbox.id}/smtp">Set it on Inboxes</a>.`
      : html`A workspace owner can set it on <a href="/inboxes#inbox-${inbox.id}">Inboxes</a>.`;
  return html`<p class="notice cannot-send" role="status" data-cannot-send="${inbox.id}">
    This inbox cannot send replies: SMTP is not set. ${fix}
  </p>`;
}

/** On the message page, until the reply has gone out (then the inbox did send it). */
export function messageCannotSend(detail: MessageDetail, user: ShellUser | null): SafeHtml | '' {
  if (detail.message.state === 'sent' || detail.draft?.status === 'sent') return '';
  return cannotSendNotice(detail.inbox, user?.isOwner ?? false);
}
