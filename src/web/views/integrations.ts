/**
 * Integrations → Global Integrations → BigCommerce, as the help article describes it. Without
 * the operator switch the card is absent and the page says how to request it.
 */
import type { IntegrationView } from '../../db/index.js';
import type { ConnectProblem } from '../actions/integrations.js';
import { SCOPE_NAMES } from '../actions/integrations.js';
import { html, type SafeHtml } from '../html.js';
import { ago, banner, csrfField, formatDate, isoInstant, page, zoneOf, type ShellUser } from './layout.js';

export interface IntegrationsView {
  enabled: boolean;
  integrations: IntegrationView[];
  /** Show the connect form (after "Connect", or again after a failed attempt). */
  connectForm: { storeHash: string; problem: ConnectProblem | null } | null;
  notice: { kind: 'ok' | 'error' | 'info'; text: SafeHtml | string } | null;
}

export function integrationsPage(user: ShellUser | null, view: IntegrationsView): string {
  const csrf = user?.csrfToken ?? '';
  // Connecting, re-testing and disconnecting stores is for owners (the server refuses agents too).
  const owner = user?.isOwner ?? false;
  return page({
    title: 'Integrations',
    nav: 'integrations',
    user,
    page: 'integrations',
    body: html`<h1>Integrations</h1>
      <p class="lead">Connect your store so Snoooz can ground its replies in real customer and order data.</p>
      ${view.notice ? banner(view.notice.kind, view.notice.text) : ''}
      <section aria-labelledby="global-title">
        <h2 id="global-title" class="section-title">Global Integrations</h2>
        ${
          view.enabled
            ? html`<div class="grid">
                  ${
                    view.integrations.length
                      ? view.integrations.map((i, index) => connectedCard(i, csrf, zoneOf(user), index === 0, owner))
                      : view.connectForm
                        ? ''
                        : availableCard(owner)
                  }
                </div>
                ${
                  view.connectForm
                    ? connectForm(
                        view.connectForm.storeHash,
                        view.connectForm.problem,
                        csrf,
                        view.integrations.length > 0,
                      )
                    : view.integrations.length && owner
                      ? anotherStore(view.integrations.length)
                      : ''
                }`
            : notEnabled()
        }
      </section>`,
  });
}

function notEnabled(): SafeHtml {
  return html`<div class="card" id="bigcommerce-request">
    <h3>Looking for BigCommerce?</h3>
    <p>
      The BigCommerce integration is currently <strong>available by request</strong> and is not enabled for this
      workspace yet.
    </p>
    <p>
      To enable it, contact Snoooz support and ask to try the BigCommerce integration. Our team can enable it for your
      workspace or help you test it.
    </p>
  </div>`;
}

function logo(): SafeHtml {
  return html`<span class="logo" aria-hidden="true">B</span>`;
}

function availableCard(owner: boolean): SafeHtml {
  return html`<article class="card" id="bigcommerce-card" aria-labelledby="bc-title">
    <div class="integration-head">
      <div>${logo()} <strong id="bc-title">BigCommerce</strong></div>
      <span class="badge">Not connected</span>
    </div>
    <p>Look up customers, recent orders, items, shipments and tracking by the sender's email address. Read-only.</p>
    ${
      owner
        ? html`<a class="button" href="/integrations/bigcommerce/connect">Connect</a>`
        : html`<p class="hint">Only workspace owners can connect a store.</p>`
    }
  </article>`;
}

/** One store per brand or region: each is connected (and tested) like the first. */
function anotherStore(count: number): SafeHtml {
  return html`<p class="actions" id="connect-another">
    <a class="button secondary" href="/integrations/bigcommerce/connect">Connect another store</a>
    <span class="muted"
      >${count === 1 ? 'One store is' : `${count} stores are`} connected. Each inbox uses one store, or looks the
      sender up in all of them (Inboxes page).</span
    >
  </p>`;
}

/** The first card keeps the id `bigcommerce-card`; every card has its own `bigcommerce-card-<id>`. */
function connectedCard(i: IntegrationView, csrf: string, tz: string, first = true, owner = false): SafeHtml {
  return html`<article
    class="card"
    id="${first ? 'bigcommerce-card' : `bigcommerce-card-${i.id}`}"
    data-integration-id="${i.id}"
    aria-labelledby="bc-title-${i.id}"
  >
    <div class="integration-head">
      <div>${logo()} <strong id="bc-title-${i.id}">BigCommerce · ${i.storeName}</strong></div>
      <span class="badge ${i.status}">${i.status === 'connected' ? 'Connected' : 'Broken'}</span>
    </div>
    ${i.status === 'broken' && i.statusReason ? html`<p class="notice" role="status">${i.statusReason}</p>` : ''}
    <dl class="facts">
      <dt>Store</dt>
      <dd>${i.storeName}</dd>
      <dt>Store hash</dt>
      <dd class="mono">${i.storeHash}</dd>
      <dt>Access token</dt>
      <dd class="mono">${i.accessTokenMasked}</dd>
      <dt>Scopes</dt>
      <dd>${i.scopes.map((s) => SCOPE_NAMES[s] ?? s).join(', ') || '—'}</dd>
      <dt>Last check</dt>
      <dd>
        <time datetime="${isoInstant(i.lastCheckedAt)}" title="${formatDate(i.lastCheckedAt, tz)}">${ago(i.lastCheckedAt)}</time>
      </dd>
    </dl>
    <div class="actions">
      ${
        owner
          ? html`<form method="post" action="/integrations/${i.id}/test">
              ${csrfField(csrf)}<button type="submit" class="secondary">Re-test</button>
            </form>`
          : ''
      }
      <a class="button secondary" href="/integrations/${i.id}/webhooks">Webhooks (optional)</a>
      ${owner ? disconnectForm(i, csrf) : ''}
    </div>
  </article>`;
}

function disconnectForm(i: IntegrationView, csrf: string): SafeHtml {
  return html`<form
        method="post"
        action="/integrations/${i.id}/disconnect"
        data-confirm="Disconnect ${i.storeName}? Snoooz will stop using this store's data in replies; inboxes mapped to it will look the sender up in the stores that remain."
      >
        ${csrfField(csrf)}<button type="submit" class="danger">Disconnect</button>
      </form>`;
}

function connectForm(storeHash: string, problem: ConnectProblem | null, csrf: string, another = false): SafeHtml {
  const hashBad = problem?.field === 'storeHash';
  const tokenBad = problem?.field === 'accessToken';
  return html`<section class="card" aria-labelledby="connect-title" id="connect">
    <h2 id="connect-title">${logo()} ${another ? 'Connect another BigCommerce store' : 'Connect BigCommerce'}</h2>
    ${problem ? problemBanner(problem) : ''}
    <form method="post" action="/integrations/bigcommerce/connect" novalidate>
      ${csrfField(csrf)}
      <label for="storeHash">Store hash</label>
      <input
        id="storeHash"
        name="storeHash"
        type="text"
        autocomplete="off"
        spellcheck="false"
        required
        value="${storeHash}"
        aria-describedby="storeHash-hint"
        ${hashBad ? html` aria-invalid="true"` : ''}${hashBad || !problem ? html` autofocus` : ''}
      />
      <p class="hint" id="storeHash-hint">
        The ID in your API path: in <code>https://api.bigcommerce.com/stores/abc123def/v3/customers</code> the store
        hash is <code>abc123def</code>. You can paste the whole API path.
      </p>
      <label for="accessToken">Access token</label>
      <input
        id="accessToken"
        name="accessToken"
        type="password"
        autocomplete="off"
        spellcheck="false"
        required
        aria-describedby="accessToken-hint"
        ${tokenBad ? html` aria-invalid="true" autofocus` : ''}
      />
      <p class="hint" id="accessToken-hint">
        In BigCommerce go to <strong>Settings → API Accounts</strong>, create an API account with
        <strong>read-only</strong> access to Customers, Orders, Products and Information &amp; Settings, and copy the
        access token.
      </p>
      <div class="actions">
        <button type="submit">Connect</button>
        <a class="button secondary" href="/integrations">Cancel</a>
        <span class="muted">Snoooz tests the connection before saving it.</span>
      </div>
    </form>
  </section>`;
}

function problemBanner(problem: ConnectProblem): SafeHtml {
  return banner(
    'error',
    html`<strong>${problem.title}.</strong> ${problem.message} Nothing was saved.
      <div>Check that:</div>
      <ul>
        ${problem.checks.map((c) => html`<li>${c}</li>`)}
      </ul>`,
  );
}

/** After a successful connect: the store name and the scopes that work, plus what is missing. */
export function connectedNotice(i: IntegrationView): SafeHtml {
  const missing = ['products', 'information'].filter((s) => !i.scopes.includes(s));
  return html`<strong>Connected to ${i.storeName}.</strong> Working scopes:
    ${i.scopes.map((s) => SCOPE_NAMES[s] ?? s).join(', ')}.
    ${missing.length ? html`<div>Optional scopes missing: ${missing.map((s) => SCOPE_NAMES[s] ?? s).join(', ')} — replies will leave out what they provide.</div>` : ''}`;
}
