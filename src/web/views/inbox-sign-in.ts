/**
 * "Sign in with Google / Microsoft" on the pages: the Connect buttons (or, when the operator has
 * not set a provider up, one line saying what to set), how an inbox logs in, and the banner that
 * names an inbox whose sign-in the provider refused, on every page, with Reconnect for owners.
 */
import { html, type SafeHtml } from '../html.js';

export interface SignInChoice {
  /** The providers set up here. */
  providers: Array<{ id: 'google' | 'microsoft'; label: string }>;
  /** What the operator must set, when something is missing. */
  problems: string[];
}

/** An inbox whose provider refused its sign-in. */
export interface ReconnectItem {
  id: number;
  name: string;
  address: string;
  provider: 'google' | 'microsoft';
  reason: string;
}

const LABEL = { google: 'Google', microsoft: 'Microsoft' } as const;
const SETUP_DOC = '/inboxes/connect/help';

function connectButton(provider: 'google' | 'microsoft', csrf: string, reconnect?: ReconnectItem): SafeHtml {
  const label = reconnect ? `Reconnect ${reconnect.name}` : `Connect ${LABEL[provider]}`;
  return html`<form method="post" action="/inboxes/connect/${provider}" class="inline">
    <input type="hidden" name="_csrf" value="${csrf}" />${reconnect ? html`<input type="hidden" name="reconnect" value="${reconnect.id}" />` : ''}
    <button type="submit" ${reconnect ? html`class="small"` : html`class="secondary provider-${provider}"`}>
      ${label}
    </button>
  </form>`;
}

/** On the Inboxes page, above the list (owners only: `csrf` null shows nothing). */
export function signInSection(choice: SignInChoice | undefined, csrf: string | null): SafeHtml | '' {
  if (csrf === null || !choice) return '';
  if (choice.providers.length === 0) {
    return html`<section class="card sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in with Google or Microsoft</h2>
      <p class="muted">
        ${
          choice.problems[0] ??
          'Not set up on this server: set SNOOOZ_GOOGLE_CLIENT_ID and SNOOOZ_GOOGLE_CLIENT_SECRET (or the SNOOOZ_MICROSOFT_ ones) and SNOOOZ_PUBLIC_URL.'
        }
        <a href="${SETUP_DOC}">How to register the app with each provider</a>.
      </p>
    </section>`;
  }
  return html`<section class="card sign-in" aria-labelledby="sign-in-title">
    <h2 id="sign-in-title">Connect a mailbox</h2>
    <p class="muted">
      Sign in with the support mailbox's own account. Snoooz reads and sends through it, tests both before saving,
      and never sees the password.
    </p>
    <div class="actions">${choice.providers.map((p) => connectButton(p.id, csrf))}</div>
    ${choice.problems.map((line) => html`<p class="hint">${line}</p>`)}
  </section>`;
}

/** The credential row of an inbox card: a password, or the provider it signs in with. */
export function credentialRow(i: {
  passwordSet: boolean;
  oauthProvider: 'google' | 'microsoft' | null;
  needsReconnect: { reason: string; at: string } | null;
}): SafeHtml {
  if (!i.oauthProvider) {
    return html`<dt>Password</dt>
      <dd>${i.passwordSet ? 'set' : 'not set'}</dd>`;
  }
  return html`<dt>Sign-in</dt>
    <dd>
      ${LABEL[i.oauthProvider]}
      ${
        i.needsReconnect
          ? html`<span class="badge failed">needs reconnect</span>`
          : html`<span class="badge connected">signed in</span>`
      }
    </dd>`;
}

/** On an inbox's card: why it stopped and the way back. */
export function reconnectNotice(
  i: {
    id: number;
    name: string;
    address: string;
    oauthProvider: 'google' | 'microsoft' | null;
    needsReconnect: { reason: string; at: string } | null;
  },
  csrf: string | null,
): SafeHtml | '' {
  if (!i.oauthProvider || !i.needsReconnect) return '';
  const item: ReconnectItem = { ...i, provider: i.oauthProvider, reason: i.needsReconnect.reason };
  return html`<div class="notice needs-reconnect" role="status">
    <p>
      Stopped: ${i.needsReconnect.reason} Mail that arrives meanwhile is read after reconnecting; approved replies
      wait.
    </p>
    ${csrf === null ? html`<p>A workspace owner can reconnect it.</p>` : connectButton(item.provider, csrf, item)}
  </div>`;
}

/** At the top of every page while an inbox needs reconnecting. */
export function reconnectBanner(items: ReconnectItem[] | undefined, csrf: string | null): SafeHtml | '' {
  if (!items?.length) return '';
  return html`<div class="banner error reconnect-banner" role="alert">
    ${items.map(
      (item) =>
        html`<p>
          <strong>${item.name}</strong> (${item.address}) stopped: ${LABEL[item.provider]} refused its sign-in. Nothing
          is read or sent through it until it is reconnected.
          ${csrf === null ? 'A workspace owner can reconnect it on Inboxes.' : connectButton(item.provider, csrf, item)}
        </p>`,
    )}
  </div>`;
}
