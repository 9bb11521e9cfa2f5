/**
 * One date per message: when Snoooz received it, the same instant the inbox list shows. The
 * email's own Date header is the sender's clock (often wrong, or hours old for queued mail), so
 * it is shown only beside it, and only when it differs noticeably.
 */
import type { MessageDetail } from '../actions/messages.js';
import { html, type SafeHtml } from '../html.js';
import { timeTag } from './layout.js';

/** Below this, the header and the receipt are the same moment as far as a reader cares. */
const NOTICEABLE_MS = 5 * 60_000;

export function receivedRows(detail: Pick<MessageDetail, 'message' | 'email'>, timeZone: string): SafeHtml {
  const received = detail.message.receivedAt;
  const header = detail.email.date;
  const gap = header ? Math.abs(new Date(header).getTime() - new Date(received).getTime()) : Number.NaN;
  return html`<dt>Received</dt>
    <dd>
      ${timeTag(received, timeZone)}${
        gap > NOTICEABLE_MS
          ? html` <span class="muted" data-header-date
              >(sent by the customer's mail client at ${timeTag(header, timeZone)})</span
            >`
          : ''
      }
    </dd>`;
}
