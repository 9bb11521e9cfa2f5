/**
 * The sender-authentication verdict as a badge: "sender verified" or "not verified: DMARC fail
 * for example.com", with the SPF/DKIM/DMARC/ARC results in its title. Escaped like every value.
 */
import { AUTHSERV_PRESETS, type AuthservPreset } from '../../shared/authserv-presets.js';
import { describeSenderVerdict, type SenderVerdict } from '../../shared/sender-verdict.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from './layout.js';

export function senderBadge(verdict: SenderVerdict | null): SafeHtml {
  const label = describeSenderVerdict(verdict);
  const details = verdict
    ? `SPF ${verdict.spf}, DKIM ${verdict.dkim}, DMARC ${verdict.dmarc}, ARC ${verdict.arc}` +
      (verdict.authservId ? ` (${verdict.method === 'smtp' ? 'checked by' : 'results of'} ${verdict.authservId})` : '')
    : 'This message arrived before Snoooz checked senders.';
  return html`<span class="badge sender ${verdict?.verified ? 'verified' : 'unverified'}" title="${details}"
    >${label}</span
  >`;
}

/**
 * The Inboxes page row: whose Authentication-Results this inbox trusts. Mail read over IMAP (or
 * posted to the API) counts as from a verified sender only through them.
 */
export function senderAuthRow(inboxId: number, trusted: string | null, csrf: string | null): SafeHtml {
  const preset = trusted && Object.hasOwn(AUTHSERV_PRESETS, trusted) ? (trusted as AuthservPreset) : null;
  const current =
    trusted === null
      ? 'Nothing trusted: no sender counts as verified'
      : preset
        ? AUTHSERV_PRESETS[preset].label
        : trusted;
  if (csrf === null) {
    return html`<dt>Sender checks</dt>
      <dd>${current}</dd>`;
  }
  const choice = trusted === null ? 'none' : (preset ?? 'custom');
  const option = (value: string, label: string) =>
    html`<option value="${value}" ${choice === value ? html`selected` : ''}>${label}</option>`;
  return html`<dt><label for="trust-${inboxId}">Sender checks</label></dt>
    <dd>
      <form method="post" action="/inboxes/${inboxId}/sender-auth" class="inline">
        ${csrfField(csrf)}
        <select id="trust-${inboxId}" name="trust">
          ${option('none', 'Nothing (never verified)')}
          ${Object.entries(AUTHSERV_PRESETS).map(([name, p]) => option(name, p.label))}
          ${option('custom', 'Another provider (authserv-id below)')}
        </select>
        <input
          name="custom"
          aria-label="authserv-id"
          size="14"
          placeholder="mx.example.com"
          value="${choice === 'custom' ? (trusted ?? '') : ''}"
        />
        <button type="submit">Save</button>
      </form>
      <span class="muted">Only mail this provider verified is answered automatically.</span>
    </dd>`;
}
