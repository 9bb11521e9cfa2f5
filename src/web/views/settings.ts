/** Settings: how replies are written and sent, the AI model, and API tokens (owners). */
import type { AutonomyEvaluation } from '../../assistant/autonomy.js';
import type { WorkspaceSettings } from '../../assistant/types.js';
import {
  ACTION_REQUEST_INTENTS,
  AUTONOMY_MINIMUMS,
  DEFAULT_UNDO_SEND_SECONDS,
  INTENTS,
} from '../../assistant/types.js';
import type { ApiToken } from '../../db/index.js';
import { SCOPE_LABELS, SCOPES } from '../auth/permissions.js';
import type { LlmView } from '../actions/llm.js';
import { html, type SafeHtml } from '../html.js';
import { LLM_PROVIDERS } from '../prefs.js';
import { DEFAULT_TIME_ZONE, timeZoneNames } from '../../shared/time-zone.js';
import { banner, csrfField, formatDate, page, zoneOf, type ShellUser } from './layout.js';

export interface SettingsView {
  settings: WorkspaceSettings;
  llm: LlmView;
  isOwner: boolean;
  tokens: ApiToken[];
  /** A token just created: shown this once, never again. */
  newToken: { name: string; value: string; scopes: readonly string[] } | null;
  notice: { kind: 'ok' | 'error'; text: string } | null;
  /** Measured acceptance per intent and recent automatic switch-offs (autonomy earned per intent). */
  autonomy?: {
    evaluation: AutonomyEvaluation;
    notices: Array<{ intent: string; reason: string; at: string }>;
  } | null;
}

const INTENT_LABELS: Record<string, string> = {
  order_status: 'Order status',
  shipping_tracking: 'Shipping & tracking',
  order_items: 'What did I order',
  order_help: 'Help with an order',
  customer_info: 'Details on file',
  payment_status: 'Payment status',
  refund_request: 'Refund request',
  cancel_request: 'Cancel request',
  return_request: 'Return / exchange',
  other: 'Anything else',
};

const PROVIDER_LABELS: Record<string, string> = {
  builtin: 'Built-in composer (no AI model, works offline)',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  'openai-compatible': 'OpenAI-compatible server (Ollama, vLLM…)',
};

const checked = (on: boolean) => (on ? html` checked` : '');
const selected = (on: boolean) => (on ? html` selected` : '');

export function settingsPage(user: ShellUser | null, view: SettingsView): string {
  const csrf = user?.csrfToken ?? '';
  return page({
    title: 'Settings',
    nav: 'settings',
    user,
    page: 'settings',
    body: html`<h1>Settings</h1>
      <p class="lead">How Snoooz writes and sends replies for this workspace.</p>
      ${view.notice ? banner(view.notice.kind, view.notice.text) : ''} ${autonomyNotices(view, zoneOf(user))}
      ${replyForm(view.settings, csrf, view.autonomy?.evaluation ?? null, view.isOwner)}
      ${view.isOwner ? llmForm(view.llm, csrf) : llmSummary(view.llm)} ${view.isOwner ? tokensSection(view.tokens, view.newToken, csrf, zoneOf(user)) : ''}`,
  });
}

function autonomyNotices(view: SettingsView, tz: string): SafeHtml | string {
  const notices = view.autonomy?.notices ?? [];
  if (notices.length === 0) return '';
  return html`${notices.map((n) =>
    banner(
      'info',
      html`Auto-send for <strong>${INTENT_LABELS[n.intent] ?? n.intent}</strong> was switched back to drafts only on
        ${formatDate(n.at, tz)}: ${n.reason}`,
    ),
  )}`;
}

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** Agents see the rules but cannot submit them (the server refuses them with 403 anyway). */
function replyForm(
  s: WorkspaceSettings,
  csrf: string,
  autonomy: AutonomyEvaluation | null,
  canEdit: boolean,
): SafeHtml {
  const modes = [
    ['drafts', 'Drafts only', 'Every reply waits for a teammate to approve it.'],
    [
      'auto',
      'Auto-send for chosen intents',
      'Sends by itself only when the store data is complete and the facts check out.',
    ],
    ['off', 'Off', 'Snoooz reads mail but writes no replies.'],
  ] as const;
  return html`<section class="card" aria-labelledby="reply-title">
    <h2 id="reply-title">Replies</h2>
    ${canEdit ? '' : html`<p class="hint" id="owner-only">Only workspace owners can change these settings.</p>`}
    <form ${canEdit ? html`method="post" action="/settings"` : html`aria-describedby="owner-only"`}>
      ${canEdit ? csrfField(csrf) : ''} ${canEdit ? '' : html`<fieldset disabled class="locked">`}
      <fieldset>
        <legend>Reply mode</legend>
        ${modes.map(
          ([value, label, hint]) =>
            html`<label class="check"
              ><input type="radio" name="mode" value="${value}" ${checked(s.mode === value)} />
              <span>${label}<span class="hint">${hint}</span></span></label
            >`,
        )}
      </fieldset>
      <fieldset>
        <legend>Intents that may be auto-sent</legend>
        <p class="hint">
          Used only in auto-send mode. Auto-send must be earned: an intent can be switched on once at least
          ${Math.round(s.autonomy.threshold * 100)}% of its last ${s.autonomy.lastN} drafts were sent unchanged or with small
          edits, and it switches itself back to drafts only when that falls. Refund, cancel and return requests always
          wait for a person.
        </p>
        <div class="table-wrap">
          <table class="autonomy">
            <thead>
              <tr>
                <th scope="col">Auto-send</th>
                <th scope="col">Measured acceptance (last ${s.autonomy.lastN})</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              ${INTENTS.map((intent) => {
                const never = ACTION_REQUEST_INTENTS.includes(intent);
                const on = s.autoSendIntents.includes(intent);
                const judged = autonomy?.byIntent[intent] ?? null;
                // Not earned: cannot be switched on (one already on stays uncheckable, so it can be turned off).
                const locked = never || (judged !== null && !judged.earned && !on);
                const a = judged?.acceptance;
                return html`<tr data-intent="${intent}">
                  <td>
                    <label class="check"
                      ><input
                        type="checkbox"
                        name="autoSendIntents"
                        value="${intent}"
                        ${checked(on)}${locked ? html` disabled aria-describedby="why-${intent}"` : ''}
                      />
                      <span>${INTENT_LABELS[intent] ?? intent}</span></label
                    >
                  </td>
                  <td>
                    ${
                      a
                        ? html`${pct(a.acceptedShare)} <span class="hint">(${a.accepted} of ${a.drafts}${a.fromShadow ? html`, ${a.fromShadow} from shadow runs` : ''})</span>`
                        : '—'
                    }
                  </td>
                  <td id="why-${intent}" class="hint">
                    ${never ? '(never auto-sent)' : judged ? judged.reason : ''}
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>
        </div>
        <label for="autonomyThreshold">Acceptance needed (%)</label>
        <input
          id="autonomyThreshold"
          name="autonomyThreshold"
          type="number"
          min="${Math.round(AUTONOMY_MINIMUMS.threshold * 100)}"
          max="100"
          value="${Math.round(s.autonomy.threshold * 100)}"
        />
        <label for="autonomyLastN">Measured over the last N drafts</label>
        <input id="autonomyLastN" name="autonomyLastN" type="number" min="${AUTONOMY_MINIMUMS.lastN}" max="500" value="${s.autonomy.lastN}" />
      </fieldset>
      <label for="tone">Tone</label>
      <select id="tone" name="tone">
        ${(['friendly', 'formal', 'concise'] as const).map((t) => html`<option value="${t}" ${selected(s.tone === t)}>${t[0]?.toUpperCase()}${t.slice(1)}</option>`)}
      </select>
      <label for="businessName">Business name</label>
      <input id="businessName" name="businessName" type="text" required maxlength="200" value="${s.businessName}" />
      <label for="signature">Signature</label>
      <textarea id="signature" name="signature" maxlength="2000" rows="4" aria-describedby="signature-hint">
${s.signature}</textarea>
      <p class="hint" id="signature-hint">Leave empty to sign as “The ${s.businessName} team”.</p>
      <label for="recentOrdersToMention">Recent orders to mention</label>
      <input
        id="recentOrdersToMention"
        name="recentOrdersToMention"
        type="number"
        min="0"
        max="10"
        required
        value="${s.recentOrdersToMention}"
      />
      <label for="undoSendSeconds">Undo window after “Approve &amp; send” (seconds)</label>
      <input
        id="undoSendSeconds"
        name="undoSendSeconds"
        type="number"
        min="0"
        max="120"
        required
        value="${s.undoSendSeconds ?? DEFAULT_UNDO_SEND_SECONDS}"
        aria-describedby="undo-hint"
      />
      <p class="hint" id="undo-hint">An approved reply waits this long with an Undo button before it goes out. 0 sends at once.</p>
      <fieldset>
        <legend>Customer data replies may include</legend>
        <label class="check"
          ><input type="checkbox" name="allowPhone" ${checked(s.allowPhone)} /><span>Phone number</span></label
        >
        <label class="check"
          ><input type="checkbox" name="allowAddress" ${checked(s.allowAddress)} /><span>Street address</span></label
        >
      </fieldset>
      <label for="timeZone">Time zone</label>
      <input
        id="timeZone"
        name="timeZone"
        type="text"
        list="time-zones"
        required
        maxlength="64"
        autocomplete="off"
        spellcheck="false"
        value="${s.timeZone ?? DEFAULT_TIME_ZONE}"
        aria-describedby="timeZone-hint"
      />
      <datalist id="time-zones">
        ${timeZoneNames().map((zone) => html`<option value="${zone}"></option>`)}
      </datalist>
      <p class="hint" id="timeZone-hint">
        Every time in Snoooz is shown in this zone, e.g. Europe/Berlin or America/New_York. Replies are not affected.
      </p>
      ${canEdit ? html`<div class="actions"><button type="submit">Save settings</button></div>` : html`</fieldset>`}
    </form>
  </section>`;
}

function llmForm(llm: LlmView, csrf: string): SafeHtml {
  return html`<section class="card" aria-labelledby="llm-title">
    <h2 id="llm-title">AI model</h2>
    <p class="hint">
      Optional. AI drafts are fact-checked against your store data; a draft that states anything not in it is replaced
      by the built-in one.
    </p>
    <form method="post" action="/settings/llm">
      ${csrfField(csrf)}
      <label for="provider">Provider</label>
      <select id="provider" name="provider">
        ${LLM_PROVIDERS.map((p) => html`<option value="${p}" ${selected(llm.provider === p)}>${PROVIDER_LABELS[p] ?? p}</option>`)}
      </select>
      <label for="model">Model</label>
      <input id="model" name="model" type="text" maxlength="200" value="${llm.model}" placeholder="e.g. gpt-4o-mini" />
      <label for="baseUrl">Base URL <span class="hint">(OpenAI-compatible servers only)</span></label>
      <input
        id="baseUrl"
        name="baseUrl"
        type="text"
        maxlength="500"
        value="${llm.baseUrl ?? ''}"
        placeholder="http://localhost:11434/v1"
      />
      <label for="apiKey">API key</label>
      <input
        id="apiKey"
        name="apiKey"
        type="password"
        autocomplete="off"
        maxlength="4096"
        aria-describedby="apiKey-hint"
      />
      <p class="hint" id="apiKey-hint">
        ${llm.apiKeyMasked ? html`Stored key: <code>${llm.apiKeyMasked}</code>. Leave empty to keep it.` : 'No key stored.'}
        Keys are encrypted and never shown again.
      </p>
      ${llm.apiKeyMasked ? html`<label class="check"><input type="checkbox" name="removeKey" /><span>Remove the stored key</span></label>` : ''}
      <div class="actions"><button type="submit">Save AI model</button></div>
    </form>
  </section>`;
}

/** Agents see which model writes drafts; only owners choose where customer data is sent. */
function llmSummary(llm: LlmView): SafeHtml {
  return html`<section class="card" aria-labelledby="llm-title">
    <h2 id="llm-title">AI model</h2>
    <p>${PROVIDER_LABELS[llm.provider] ?? llm.provider}${llm.model ? html` · ${llm.model}` : ''}</p>
    <p class="hint">Only workspace owners can change the AI model.</p>
  </section>`;
}

function tokensSection(tokens: ApiToken[], newToken: SettingsView['newToken'], csrf: string, tz: string): SafeHtml {
  return html`<section class="card" aria-labelledby="tokens-title">
    <h2 id="tokens-title">API tokens</h2>
    <p class="hint">
      For the HTTP API: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts for this whole workspace, with only the scopes chosen when it was created.
    </p>
    ${
      newToken
        ? html`<div class="banner ok" role="status">
            <strong>Token “${newToken.name}” created</strong> (scopes: ${newToken.scopes.join(', ')}). Copy it now: it will
            not be shown again.
            <p class="token-once mono" id="new-token">${newToken.value}</p>
          </div>`
        : ''
    }
    ${
      tokens.length
        ? html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Token</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${tokens.map(
                  (t) =>
                    html`<tr>
                      <td>${t.name}</td>
                      <td class="mono">${t.masked}</td>
                      <td>${t.scopes.join(', ')}</td>
                      <td>${formatDate(t.createdAt, tz)}</td>
                      <td>
                        <form
                          method="post"
                          action="/settings/tokens/${t.id}/revoke"
                          data-confirm="Revoke this token? Anything using it stops working."
                        >
                          ${csrfField(csrf)} <button type="submit" class="danger small">Revoke</button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">No API tokens.</p>`
    }
    <form method="post" action="/settings/tokens">
      ${csrfField(csrf)}
      <label for="tokenName">New token name</label>
      <input id="tokenName" name="name" type="text" required maxlength="200" placeholder="e.g. Helpdesk import" />
      <fieldset>
        <legend>Scopes</legend>
        <p class="hint">Give a token only what it needs; scopes cannot be changed later.</p>
        ${SCOPES.map(
          (scope) =>
            html`<label class="check"
              ><input type="checkbox" name="scopes" value="${scope}" ${checked(scope === 'read')} />
              <span>${scope}<span class="hint">${SCOPE_LABELS[scope]}</span></span></label
            >`,
        )}
      </fieldset>
      <div class="actions"><button type="submit" class="secondary">Create token</button></div>
    </form>
  </section>`;
}
