/** Inboxes: where mail comes from (IMAP, SMTP forwarding, or the API) and how replies go out. */
import type { InboxSummary } from '../actions/inboxes.js';
import { html, type SafeHtml } from '../html.js';
import { ago, banner, csrfField, formatDate, isoInstant, page, zoneOf, type ShellUser } from './layout.js';
import {
  checkPanel,
  confirmationPanel,
  forwardingAddressWithCopy,
  forwardingInstructions,
  lastArrival,
} from './inbox-forwarding.js';
import { cannotSendNotice } from './send-readiness.js';
import { credentialRow, reconnectNotice, signInSection, type SignInChoice } from './inbox-sign-in.js';
import { senderAuthRow } from './sender-auth.js';

export interface MailboxTestResult {
  inboxId: number;
  imap: string | null;
  smtp: string | null;
}

/** A connected store an inbox can be mapped to. */
export interface StoreOption {
  id: number;
  storeName: string;
  storeHash: string;
  status: 'connected' | 'broken';
}

/** One server's fields as typed (the port as text: it may be what was refused). */
export interface ServerFieldValues {
  host: string;
  port: string;
  tls: boolean;
  user: string;
}

/**
 * What the owner typed into the add form, shown again when it was refused. The password is not
 * in it: it is never written back into a page; `passwordTyped` only says one must be typed again.
 */
export interface InboxFormValues {
  name: string;
  address: string;
  imap: ServerFieldValues;
  smtp: ServerFieldValues;
  appendDrafts: boolean;
  /** "all" or a store's id, as the select sent it; null: the default. */
  store: string | null;
  passwordTyped: boolean;
}

/** Why a form was not saved: each server's test result (null: not tested), or another reason. */
export interface MailboxFormProblems {
  /** Only for servers that were tested: null = the login worked. */
  tested: { imap?: string | null; smtp?: string | null };
  other: string | null;
}

export interface InboxFormState {
  values: InboxFormValues;
  problems: MailboxFormProblems;
}

export interface InboxesView {
  inboxes: InboxSummary[];
  /** The workspace's connected stores, for each inbox's "Store" select (none: no select). */
  stores?: StoreOption[];
  showForm: boolean;
  /** The add form as it was submitted, when it was refused. */
  form?: InboxFormState | null;
  test: MailboxTestResult | null;
  notice: { kind: 'ok' | 'error'; text: string } | null;
  /** Sign in with Google / Microsoft: what is set up here. */
  signIn?: SignInChoice;
}

export function inboxesPage(user: ShellUser | null, view: InboxesView): string {
  // Agents see the inboxes; adding, changing, testing and deleting them is for owners.
  const csrf = user?.isOwner ? (user.csrfToken ?? '') : null;
  const tz = zoneOf(user);
  return page({
    title: 'Inboxes',
    nav: 'inboxes',
    user,
    page: 'inboxes',
    body: html`<h1>Inboxes</h1>
      <p class="lead">The support mailboxes Snoooz reads and replies from.</p>
      ${view.notice ? banner(view.notice.kind, view.notice.text) : ''} ${signInSection(view.signIn, csrf)}
      ${view.inboxes.length ? html`<div class="grid">${view.inboxes.map((i) => inboxCard(i, view.test, csrf, view.stores ?? [], tz))}</div>` : html`<p class="muted">No inboxes yet.</p>`}
      ${csrf === null ? '' : view.showForm ? addForm(csrf, view.stores ?? [], view.form ?? null) : html`<p><a class="button" href="/inboxes/new">Add an inbox</a></p>`}`,
  });
}

const MODE_TEXT: Record<InboxSummary['mode'], string> = {
  imap: 'Reading over IMAP',
  forwarding: 'Receiving forwarded mail',
  api: 'Receiving through the API only',
};

function server(kind: string, s: { host: string; port: number; secure: boolean; user: string } | null): SafeHtml {
  return html`<dt>${kind}</dt>
    <dd>${s ? `${s.host}:${s.port} ${s.secure ? '(TLS)' : '(STARTTLS)'} as ${s.user}` : 'not set'}</dd>`;
}

function testLine(label: string, configured: boolean, result: string | null): SafeHtml {
  if (!configured) return html`<li>${label}: not configured</li>`;
  return result === null
    ? html`<li>${label}: <span class="badge connected">OK</span></li>`
    : html`<li>${label}: <span class="badge failed">failed</span> ${result}</li>`;
}

function watcherLine(w: InboxSummary['watcher'], tz: string): SafeHtml {
  const state = !w
    ? html`<span class="badge">not running</span>`
    : w.connected
      ? html`<span class="badge connected">connected</span> ${w.mode === 'idle' ? '(push)' : '(polling)'}`
      : html`<span class="badge failed">not connected</span>`;
  return html`<dt>IMAP watcher</dt>
    <dd>
      ${state}${w?.lastError ? html` <span class="muted">${w.lastError}</span>` : ''}${
        w?.lastMessageAt
          ? html` · last mail fetched
              <time datetime="${isoInstant(w.lastMessageAt)}" title="${formatDate(w.lastMessageAt, tz)}">${ago(w.lastMessageAt)}</time>`
          : ''
      }
    </dd>`;
}

const ALL_STORES = 'Look up in all connected stores';

function storeOptions(stores: StoreOption[], selected: number | null): SafeHtml[] {
  return [
    html`<option value="all" ${selected === null ? html` selected` : ''}>${ALL_STORES}</option>`,
    ...stores.map(
      (s) =>
        html`<option value="${s.id}" ${selected === s.id ? html` selected` : ''}>
          ${s.storeName} (${s.storeHash})${s.status === 'broken' ? ' — broken' : ''}
        </option>`,
    ),
  ];
}

/** Which store answers this inbox's mail: one store, or the one (of all) where the sender is found. */
function storeRow(i: InboxSummary, stores: StoreOption[], csrf: string | null): SafeHtml {
  if (stores.length === 0) {
    return html`<dt>Store</dt>
      <dd><span class="muted">No store connected</span> (<a href="/integrations">Integrations</a>)</dd>`;
  }
  if (csrf === null) {
    const chosen = stores.find((s) => String(s.id) === String(i.storeIntegrationId));
    return html`<dt>Store</dt>
      <dd>${chosen ? chosen.storeName : 'The one where the sender is found'}</dd>`;
  }
  return html`<dt><label for="store-${i.id}">Store</label></dt>
    <dd>
      <form method="post" action="/inboxes/${i.id}/store">
        ${csrfField(csrf)}
        <select id="store-${i.id}" name="store">
          ${storeOptions(stores, i.storeIntegrationId)}
        </select>
        <button type="submit" class="secondary">Save</button>
      </form>
    </dd>`;
}

/** `csrf` is null for a member who may not change inboxes: no forms at all. */
function inboxCard(
  i: InboxSummary,
  test: MailboxTestResult | null,
  csrf: string | null,
  stores: StoreOption[],
  tz: string,
): SafeHtml {
  const result = test?.inboxId === i.id ? test : null;
  return html`<article class="card" aria-labelledby="inbox-${i.id}">
    <div class="integration-head">
      <h2 id="inbox-${i.id}">${i.name}</h2>
      <span class="badge">${MODE_TEXT[i.mode]}</span>
    </div>
    ${reconnectNotice(i, csrf)} ${cannotSendNotice({ id: i.id, hasSmtp: i.smtp !== null }, csrf !== null, true)}
    <dl class="facts">
      <dt>Address</dt>
      <dd>${i.address}</dd>
      ${i.forwardingAddress ? forwardingRows(i, i.forwardingAddress, csrf) : ''}
      ${server('IMAP', i.imap)} ${server('SMTP', i.smtp)}
      ${credentialRow(i)} ${storeRow(i, stores, csrf)} ${senderAuthRow(i.id, i.trustedAuthservId ?? null, csrf)}
      ${i.imap ? watcherLine(i.watcher, tz) : ''}
      <dt>Drafts folder</dt>
      <dd>${i.appendDraftsToFolder ? 'Drafts are also saved to the mailbox' : 'Off'}</dd>
      <dt>Last mail</dt>
      <dd id="last-arrival-${i.id}">${lastArrival(i.lastArrival, tz)}</dd>
    </dl>
    ${i.forwardingAddress ? forwardingSection(i, i.forwardingAddress, csrf, tz) : ''}
    ${
      result
        ? html`<div class="banner ${result.imap || result.smtp ? 'error' : 'ok'}" role="status">
            Test result
            <ul>
              ${testLine('IMAP', i.imap !== null, result.imap)}${testLine('SMTP', i.smtp !== null, result.smtp)}
            </ul>
          </div>`
        : ''
    }
    ${csrf === null ? '' : inboxActions(i, csrf)}
  </article>`;
}

/**
 * The forwarding address (unguessable, can be replaced) and the old `inbox-<id>@` one, which is
 * accepted only while the owner keeps it on.
 */
function forwardingRows(i: InboxSummary, address: string, csrf: string | null): SafeHtml {
  const rotate =
    csrf === null
      ? ''
      : html`<form
          method="post"
          action="/inboxes/${i.id}/forwarding/rotate"
          data-confirm="Replace the forwarding address? The current one stops working at once."
        >
          ${csrfField(csrf)}<button type="submit" class="secondary">New address</button>
        </form>`;
  const legacy = i.legacyForwardingAddress
    ? html`<span class="mono">${i.legacyForwardingAddress}</span> <span class="badge failed">still accepted</span>
        <p class="hint" id="legacy-hint-${i.id}">
          Anyone who guesses this address can put mail into this inbox. Forward to the address above, then stop
          accepting it.
        </p>
        ${
          csrf === null
            ? ''
            : html`<form method="post" action="/inboxes/${i.id}/forwarding">
                ${csrfField(csrf)}<input type="hidden" name="legacy" value="off" /><button
                  type="submit"
                  class="secondary"
                  aria-describedby="legacy-hint-${i.id}"
                >
                  Stop accepting it
                </button>
              </form>`
        }`
    : html`Not accepted${
        csrf === null
          ? ''
          : html` <form
              method="post"
              action="/inboxes/${i.id}/forwarding"
              data-confirm="Accept the old, guessable inbox-${i.id}@ address again? Anyone who guesses it can put mail into this inbox."
            >
              ${csrfField(csrf)}<input type="hidden" name="legacy" value="on" /><button type="submit" class="secondary">
                Accept it again
              </button>
            </form>`
      }`;
  return html`<dt>Forward to</dt>
    <dd>${forwardingAddressWithCopy(i.id, address)} ${rotate}</dd>
    <dt>Old address</dt>
    <dd>${legacy}</dd>`;
}

/** How to forward, what the provider sent back, and the live test. */
function forwardingSection(i: InboxSummary, address: string, csrf: string | null, tz: string): SafeHtml {
  return html`<section class="forwarding" aria-label="Forwarding for ${i.name}">
    ${confirmationPanel(i.confirmation, tz)}
    ${checkPanel({ ...i, forwardingAddress: address }, csrf, tz)}
    ${forwardingInstructions(i, address)}
  </section>`;
}

function inboxActions(i: InboxSummary, csrf: string): SafeHtml {
  return html`<div class="actions">
      <form method="post" action="/inboxes/${i.id}/test">
        ${csrfField(csrf)}<button type="submit" class="secondary" ${i.imap || i.smtp ? '' : html` disabled`}>
          Test
        </button>
      </form>
      ${
        i.oauthProvider
          ? ''
          : html`<a class="button secondary" href="/inboxes/${i.id}/smtp">${i.smtp ? 'Change SMTP' : 'Set up SMTP'}</a>`
      }
      <form method="post" action="/inboxes/${i.id}/delete" data-confirm="Delete this inbox and its messages?">
        ${csrfField(csrf)}<button type="submit" class="danger">Delete</button>
      </form>
    </div>`;
}

const BLANK_SERVER = (port: number): ServerFieldValues => ({ host: '', port: String(port), tls: true, user: '' });

/** The test result of one server as the form shows it, with an id its host field points to. */
function serverProblem(kind: 'imap' | 'smtp', result: string | null | undefined): SafeHtml | '' {
  if (result === undefined) return '';
  const label = kind.toUpperCase();
  return result === null
    ? html`<li id="${kind}-problem">${label}: <span class="badge connected">login works</span></li>`
    : html`<li id="${kind}-problem">${label}: ${result}</li>`;
}

/** Not saved: what each tested server said (or the other reason), and that nothing was stored. */
function formProblems(state: InboxFormState | null, what: 'added' | 'saved'): SafeHtml | '' {
  if (!state) return '';
  const { tested, other } = state.problems;
  const failed = [tested.imap, tested.smtp].some((r) => typeof r === 'string');
  if (!failed && other === null) return '';
  return html`<div class="banner error" role="alert" id="form-problems">
    <p>
      <strong>Not ${what}:</strong>
      ${other ?? 'the mail server test failed. Nothing was saved.'}${
        state.values.passwordTyped ? ' Type the password again: it is never sent back to the page.' : ''
      }
    </p>
    ${
      failed
        ? html`<ul>
            ${serverProblem('imap', tested.imap)}${serverProblem('smtp', tested.smtp)}
          </ul>`
        : ''
    }
  </div>`;
}

export function serverFields(
  kind: 'imap' | 'smtp',
  label: string,
  values: ServerFieldValues,
  result: string | null | undefined,
  optional = true,
): SafeHtml {
  const failed = typeof result === 'string';
  return html`<fieldset>
    <legend>${label}${optional ? html` <span class="hint">(optional)</span>` : ''}</legend>
    <label for="${kind}Host">Host</label
    ><input
      id="${kind}Host"
      name="${kind}Host"
      type="text"
      maxlength="253"
      placeholder="${kind}.example.com"
      value="${values.host}"
      ${failed ? html` aria-invalid="true" aria-describedby="${kind}-problem"` : ''}
    />
    <label for="${kind}Port">Port</label
    ><input id="${kind}Port" name="${kind}Port" type="number" min="1" max="65535" value="${values.port}" />
    <label class="check"
      ><input type="checkbox" name="${kind}Tls" ${values.tls ? html` checked` : ''} /><span>Use TLS</span></label
    >
    <label for="${kind}User">User name</label
    ><input
      id="${kind}User"
      name="${kind}User"
      type="text"
      maxlength="320"
      autocomplete="off"
      placeholder="defaults to the address"
      value="${values.user}"
    />
  </fieldset>`;
}

function addForm(csrf: string, stores: StoreOption[], state: InboxFormState | null): SafeHtml {
  // The only store when there is one; otherwise all of them.
  const preset = stores.length === 1 ? (stores[0]?.id ?? null) : null;
  const typedStore = state?.values.store;
  const selectedStore =
    typedStore === undefined || typedStore === null ? preset : typedStore === 'all' ? null : Number(typedStore);
  const v = state?.values;
  const tested = state?.problems.tested ?? {};
  // The fragment brings the answer (refused: this form with its reasons) into view without script.
  return html`<section class="card" aria-labelledby="add-title" id="add">
    <h2 id="add-title">Add an inbox</h2>
    ${formProblems(state, 'added')}
    <form method="post" action="/inboxes#add">
      ${csrfField(csrf)}
      <label for="name">Name</label
      ><input id="name" name="name" type="text" required maxlength="200" placeholder="Support" value="${v?.name ?? ''}" />
      <label for="address">Address</label
      ><input
        id="address"
        name="address"
        type="email"
        required
        maxlength="320"
        placeholder="support@yourstore.com"
        value="${v?.address ?? ''}"
      />
      <p class="hint">IMAP and SMTP are tested before the inbox is saved. Without them, forward mail to Snoooz.</p>
      ${serverFields('imap', 'IMAP (read incoming mail)', v?.imap ?? BLANK_SERVER(993), tested.imap)}
      ${serverFields('smtp', 'SMTP (send replies)', v?.smtp ?? BLANK_SERVER(465), tested.smtp)}
      <label for="password">Mailbox password</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="new-password"
        maxlength="1000"
        aria-describedby="password-hint"
      />
      <p class="hint" id="password-hint">Stored encrypted; used for IMAP and SMTP. An app password is best.</p>
      ${
        stores.length
          ? html`<label for="store">Store</label>
              <select id="store" name="store" aria-describedby="store-hint">
                ${storeOptions(stores, selectedStore)}
              </select>
              <p class="hint" id="store-hint">
                “${ALL_STORES}” answers from the store where the sender or the order they mention is found.
              </p>`
          : ''
      }
      <label class="check"
        ><input type="checkbox" name="appendDrafts" ${v?.appendDrafts ? html` checked` : ''} /><span
          >Append drafts to the mailbox's Drafts folder (so they show in your mail app)</span
        ></label
      >
      <div class="actions">
        <button type="submit">Add inbox</button><a class="button secondary" href="/inboxes">Cancel</a>
      </div>
    </form>
  </section>`;
}

export interface SmtpFormView {
  inbox: InboxSummary;
  /** As typed when refused; the stored settings otherwise. */
  values: ServerFieldValues;
  state: InboxFormState | null;
}

/**
 * An existing inbox's outgoing server (and the mailbox password it shares with IMAP). Only SMTP:
 * pointing an inbox at another IMAP mailbox would leave its watcher's checkpoint behind.
 */
export function smtpPage(user: ShellUser | null, view: SmtpFormView): string {
  const { inbox } = view;
  const csrf = user?.csrfToken ?? '';
  return page({
    title: `SMTP for ${inbox.name}`,
    nav: 'inboxes',
    user,
    page: 'inboxes',
    body: html`<p><a href="/inboxes">← Inboxes</a></p>
      <h1>Sending replies from ${inbox.address}</h1>
      <p class="lead">Replies to this inbox's mail go out through this SMTP server. It is tested before it is saved.</p>
      <section class="card" aria-labelledby="smtp-title" id="smtp">
        <h2 id="smtp-title">SMTP for ${inbox.name}</h2>
        ${formProblems(view.state, 'saved')}
        <form method="post" action="/inboxes/${inbox.id}/smtp#smtp">
          ${csrfField(csrf)}
          ${serverFields('smtp', 'SMTP (send replies)', view.values, view.state?.problems.tested.smtp, false)}
          <label for="password">Mailbox password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            maxlength="1000"
            aria-describedby="password-hint"
          />
          <p class="hint" id="password-hint">
            ${inbox.passwordSet ? 'Leave empty to keep the stored password.' : 'No password is stored.'}
            ${inbox.imap ? ' IMAP uses the same password, so a new one is tested on IMAP too.' : ''} Leave the host empty
            to stop sending from this inbox.
          </p>
          <div class="actions">
            <button type="submit">Test and save</button><a class="button secondary" href="/inboxes">Cancel</a>
          </div>
        </form>
      </section>`,
  });
}
