/**
 * The forwarding part of an inbox's card: the address with a copy button, how to forward from
 * Gmail, Outlook / Microsoft 365 or another provider, the provider's confirmation code when one
 * arrived, the last arrival and its path, and "Send a test message" with its live result.
 * Everything works without script (the address is selectable text, the check has a Refresh link);
 * the page script adds the copy button and follows a pending check.
 */
import type { ForwardingCheckView, ForwardingConfirmationView, MessageSource } from '../../db/index.js';
import { html, type SafeHtml } from '../html.js';
import { ago, csrfField, formatDate, isoInstant } from './layout.js';

export interface ForwardingCardInput {
  id: number;
  name: string;
  address: string;
  forwardingAddress: string;
  check: ForwardingCheckView | null;
  confirmation: ForwardingConfirmationView | null;
}

const PATH_TEXT: Record<MessageSource, string> = {
  smtp: 'by forwarding',
  imap: 'over IMAP',
  http: 'through the API',
};

/** "2026-12-05 09:14 CET (3 minutes ago) by forwarding", or "none yet". */
export function lastArrival(arrival: { at: string; source: MessageSource | null } | null, tz: string): SafeHtml {
  if (!arrival) return html`<span class="muted">none yet</span>`;
  return html`<time datetime="${isoInstant(arrival.at)}">${formatDate(arrival.at, tz)}</time>
    <span class="muted">(${ago(arrival.at)})</span>${arrival.source ? ` ${PATH_TEXT[arrival.source]}` : ''}`;
}

/** The address as selectable text; the script un-hides the button and copies it. */
export function forwardingAddressWithCopy(inboxId: number, address: string): SafeHtml {
  return html`<code class="mono" id="forward-address-${inboxId}">${address}</code>
    <button type="button" class="secondary copy" data-copy="forward-address-${inboxId}" hidden>
      Copy address
    </button>
    <span class="copy-status" id="copy-status-${inboxId}" role="status"></span>`;
}

/** Step-by-step forwarding instructions for the common providers. */
export function forwardingInstructions(i: { id: number; address: string }, forwardingAddress: string): SafeHtml {
  return html`<div class="forwarding-help" id="forwarding-help-${i.id}">
    <h3>Forward ${i.address} to Snoooz</h3>
    <details>
      <summary>Gmail or Google Workspace</summary>
      <ol>
        <li>In Gmail, open Settings (the gear), then <strong>See all settings</strong>.</li>
        <li>Open the <strong>Forwarding and POP/IMAP</strong> tab and choose <strong>Add a forwarding address</strong>.</li>
        <li>Paste <code class="mono">${forwardingAddress}</code> and confirm.</li>
        <li>
          Gmail sends a confirmation code to that address. It arrives here within a minute and is shown on this card,
          under “Confirmation from your provider”.
        </li>
        <li>
          Back in Gmail, enter the code (or open the confirmation link shown here), then pick “Forward a copy of incoming
          mail to” this address and save.
        </li>
      </ol>
    </details>
    <details>
      <summary>Outlook or Microsoft 365</summary>
      <ol>
        <li>In Outlook on the web, open Settings, then <strong>Mail</strong> → <strong>Forwarding</strong>.</li>
        <li>Turn forwarding on, paste <code class="mono">${forwardingAddress}</code>, keep a copy of forwarded messages, and save.</li>
        <li>
          For a shared mailbox, or for a whole team, an administrator can instead add a mail flow rule in the Exchange
          admin center that redirects or copies the support address's mail to this address.
        </li>
        <li>
          Many Microsoft 365 organisations block forwarding to outside addresses by default (the outbound spam policy's
          automatic forwarding setting). If your test message never arrives, ask your administrator to allow automatic
          forwarding for this mailbox.
        </li>
      </ol>
    </details>
    <details>
      <summary>Another provider</summary>
      <ol>
        <li>Look in your mail settings for “Forwarding”, “Redirect” or a filter or rule that forwards mail.</li>
        <li>Forward (or redirect) every message sent to ${i.address} to <code class="mono">${forwardingAddress}</code>.</li>
        <li>
          If your provider sends a verification message or code to the new address, it shows up on this card: enter the
          code or open the link in your provider's settings.
        </li>
        <li>Then send a test message below to see that mail arrives.</li>
      </ol>
    </details>
  </div>`;
}

/** The newest confirmation or verification message a provider sent to the forwarding address. */
export function confirmationPanel(c: ForwardingConfirmationView | null, tz: string): SafeHtml | '' {
  if (!c) return '';
  const label = PROVIDER_LABEL[c.provider] ?? c.provider;
  return html`<div class="forwarding-confirmation" id="confirmation-${c.inboxId}">
    <h3>Confirmation from your provider</h3>
    <p>
      ${label} sent a confirmation to the forwarding address at
      <time datetime="${isoInstant(c.receivedAt)}">${formatDate(c.receivedAt, tz)}</time>${
        c.requestedBy ? html` for <strong>${c.requestedBy}</strong>` : ''
      }. It was not answered.
    </p>
    <dl class="facts">
      ${c.code ? html`<dt>Code</dt><dd><code class="mono confirmation-code">${c.code}</code></dd>` : ''}
      ${
        c.link
          ? html`<dt>Link</dt>
              <dd><a href="${c.link}" rel="noopener noreferrer">Confirm in ${label}</a></dd>`
          : ''
      }
      <dt>Sender</dt>
      <dd>
        ${
          c.senderVerified
            ? html`<span class="badge connected">verified</span>`
            : html`<span class="badge">not verified</span>
                <span class="hint">Use it only if you just asked ${label} to forward to this address.</span>`
        }
      </dd>
    </dl>
  </div>`;
}

const PROVIDER_LABEL: Record<string, string> = {
  gmail: 'Gmail',
  microsoft: 'Microsoft account',
  zoho: 'Zoho Mail',
  fastmail: 'Fastmail',
};

/**
 * "Send a test message": the check's state, rendered the same way on the page and for the
 * script's poll (`GET /inboxes/:id/check`). `csrf` null: the viewer may not start one.
 */
export function checkPanel(i: ForwardingCardInput, csrf: string | null, tz: string): SafeHtml {
  const check = i.check;
  const state = check?.status ?? 'none';
  return html`<div
    class="forwarding-check"
    id="check-${i.id}"
    data-check-state="${state}"
    data-check-url="/inboxes/${i.id}/check"
    tabindex="-1"
  >
    <h3>Send a test message</h3>
    ${checkBody(i, check, tz)} ${csrf !== null && state !== 'pending' ? startForm(i.id, csrf, check !== null) : ''}
  </div>`;
}

function checkBody(i: ForwardingCardInput, check: ForwardingCheckView | null, tz: string): SafeHtml {
  if (!check) {
    return html`<p class="hint">
      Check that mail reaches Snoooz: start a test, then send an email from your own mailbox. This card shows when it
      arrives.
    </p>`;
  }
  if (check.status === 'passed') {
    return html`<p class="check-result ok">
      <span class="badge connected">arrived</span>
      <time datetime="${isoInstant(check.passedAt)}">${formatDate(check.passedAt, tz)}</time>${
        check.fromAddress ? html` from <strong>${check.fromAddress}</strong>` : ''
      }${check.source ? ` ${PATH_TEXT[check.source]}` : ''}. Mail reaches Snoooz.
    </p>`;
  }
  if (check.status === 'expired') {
    return html`<p class="check-result failed">
      <span class="badge failed">nothing arrived</span>
      No message arrived within an hour of starting the test at
      <time datetime="${isoInstant(check.startedAt)}">${formatDate(check.startedAt, tz)}</time>. Check the forwarding
      rule (and, for Gmail, that the confirmation code was entered), then test again.
    </p>`;
  }
  return html`<p class="check-result pending">
      <span class="badge">waiting</span>
      Send any email from your own mailbox to <strong>${i.address}</strong> (or straight to
      <code class="mono">${i.forwardingAddress}</code>). Started
      <time datetime="${isoInstant(check.startedAt)}">${formatDate(check.startedAt, tz)}</time>; waits until
      <time datetime="${isoInstant(check.expiresAt)}">${formatDate(check.expiresAt, tz)}</time>.
    </p>
    <p class="hint">
      Put <strong class="mono test-token">Snoooz test ${check.token}</strong> in the subject: that message is recorded
      here and is never answered or drafted. Any other message that arrives meanwhile also passes the test, and is
      treated as customer mail (drafted as usual).
    </p>
    <p class="check-refresh"><a href="/inboxes#check-${i.id}">Refresh</a> to see whether it arrived.</p>`;
}

function startForm(inboxId: number, csrf: string, again: boolean): SafeHtml {
  return html`<form method="post" action="/inboxes/${inboxId}/check">
    ${csrfField(csrf)}<button type="submit" class="secondary">${again ? 'Test again' : 'Start the test'}</button>
  </form>`;
}
