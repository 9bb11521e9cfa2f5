/**
 * Shadow mode: run the assistant on past mail without sending anything, and compare each draft
 * with the reply the team actually sent. The per-intent table is how a merchant decides what to
 * automate.
 */
import { SMALL_EDITS_THRESHOLD, UNCHANGED_THRESHOLD } from '../../assistant/similarity.js';
import type { InboxView, ShadowItemView, ShadowRunView } from '../../db/index.js';
import type { IntentSummary, ShadowSummary } from '../../shadow/summary.js';
import { html, type SafeHtml } from '../html.js';
import { banner, csrfField, formatDate, page, zoneOf, type ShellUser } from './layout.js';

export interface ShadowListView {
  inboxes: InboxView[];
  runs: ShadowRunView[];
  notice: { kind: 'ok' | 'error'; text: string } | null;
}

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const score = (n: number | null) => (n === null ? '—' : n.toFixed(2));

function source(run: ShadowRunView): string {
  const range = run.since || run.until ? ` ${run.since ?? '…'} → ${run.until ?? 'now'}` : '';
  return `${run.folder}${range}`;
}

export function shadowListPage(user: ShellUser | null, view: ShadowListView): string {
  const csrf = user?.csrfToken ?? '';
  const tz = zoneOf(user);
  const withImap = view.inboxes.filter((i) => i.imap !== null);
  return page({
    title: 'Shadow mode',
    nav: 'shadow',
    user,
    page: 'shadow',
    body: html`<h1>Shadow mode</h1>
      <p class="lead">
        Run Snoooz on past customer emails without sending anything: each draft it would have written, next to the reply
        your team actually sent (from the mailbox's Sent folder), with how similar they are. The mailbox is only read;
        nothing is sent, filed or marked as read.
      </p>
      ${view.notice ? banner(view.notice.kind, view.notice.text) : ''}
      <section class="card" aria-labelledby="start-title">
        <h2 id="start-title">Start a run</h2>
        ${
          !user?.isOwner
            ? html`<p class="muted">Only workspace owners can start a shadow run (its results count towards auto-send).</p>`
            : withImap.length === 0
              ? html`<p class="muted">No inbox has IMAP settings yet: add them on the <a href="/inboxes">Inboxes</a> page.</p>`
              : html`<form method="post" action="/shadow">
              ${csrfField(csrf)}
              <label for="inboxId">Inbox</label>
              <select id="inboxId" name="inboxId">
                ${withImap.map((i) => html`<option value="${i.id}">${i.name} (${i.address})</option>`)}
              </select>
              <label for="folder">IMAP folder</label>
              <input id="folder" name="folder" type="text" maxlength="500" placeholder="INBOX" aria-describedby="folder-hint" />
              <p class="hint" id="folder-hint">Leave empty for INBOX. Optionally limit it to a date range:</p>
              <label for="since">From (inclusive)</label>
              <input id="since" name="since" type="date" />
              <label for="until">Until (exclusive)</label>
              <input id="until" name="until" type="date" />
              <div class="actions"><button type="submit">Start shadow run</button></div>
            </form>`
        }
      </section>
      <section class="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        ${
          view.runs.length === 0
            ? html`<p class="muted">No shadow runs yet.</p>`
            : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Source</th>
                    <th scope="col">Status</th>
                    <th scope="col">Emails</th>
                    <th scope="col">Accepted (≥ ${SMALL_EDITS_THRESHOLD})</th>
                    <th scope="col">Started</th>
                  </tr>
                </thead>
                <tbody>
                  ${view.runs.map((run) => {
                    const total = (run.summary as ShadowSummary | null)?.total ?? null;
                    return html`<tr>
                      <td><a href="/shadow/runs/${run.id}">#${run.id}</a></td>
                      <td class="mono">${source(run)}</td>
                      <td>${run.status}</td>
                      <td>${run.emails}</td>
                      <td>${total ? pct(total.acceptedShare) : '—'}</td>
                      <td>${formatDate(run.createdAt, tz)}</td>
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>`
        }
      </section>`,
  });
}

export function shadowRunPage(user: ShellUser | null, run: ShadowRunView, items: ShadowItemView[]): string {
  const summary = run.summary as ShadowSummary | null;
  const tz = zoneOf(user);
  return page({
    title: `Shadow run #${run.id}`,
    nav: 'shadow',
    user,
    page: 'shadow-run',
    body: html`<p><a href="/shadow">← Shadow mode</a></p>
      <h1>Shadow run #${run.id}</h1>
      <p class="lead">
        <span class="mono">${source(run)}</span> · ${run.status} · started ${formatDate(run.createdAt, tz)}${
          run.finishedAt ? html` · finished ${formatDate(run.finishedAt, tz)}` : ''
        }
      </p>
      ${
        run.status === 'running'
          ? banner('info', 'This run is still reading the mailbox. Reload the page to see its progress.')
          : ''
      }
      ${run.status === 'failed' ? banner('error', `The run failed: ${run.error ?? 'unknown error'}`) : ''}
      <p class="hint">Nothing was sent. Similarity is word-level, 0 to 1: ≥ ${UNCHANGED_THRESHOLD} is unchanged, ≥
        ${SMALL_EDITS_THRESHOLD} small edits.</p>
      ${summary ? summaryTable(summary) : ''}
      <section aria-labelledby="items-title">
        <h2 id="items-title">Emails (${items.length})</h2>
        ${items.map((item) => itemCard(item, tz))}
      </section>`,
  });
}

function summaryTable(summary: ShadowSummary): SafeHtml {
  const row = (s: IntentSummary, total = false) => html`<tr${total ? html` class="total"` : ''}>
    <th scope="row">${total ? 'All intents' : s.intent}</th>
    <td>${s.emails}</td>
    <td>${s.skipped}</td>
    <td>${s.withTeamReply}</td>
    <td>${score(s.meanSimilarity)}</td>
    <td>${pct(s.acceptedShare)}</td>
    <td>${pct(s.unchangedShare)}</td>
  </tr>`;
  return html`<section class="card" aria-labelledby="summary-title">
    <h2 id="summary-title">Per intent</h2>
    <div class="table-wrap">
      <table class="shadow-summary">
        <thead>
          <tr>
            <th scope="col">Intent</th>
            <th scope="col">Emails</th>
            <th scope="col">Skipped</th>
            <th scope="col">With a team reply</th>
            <th scope="col">Mean similarity</th>
            <th scope="col">Accepted (≥ ${SMALL_EDITS_THRESHOLD})</th>
            <th scope="col">Unchanged (≥ ${UNCHANGED_THRESHOLD})</th>
          </tr>
        </thead>
        <tbody>
          ${summary.intents.map((s) => row(s))} ${row(summary.total, true)}
        </tbody>
      </table>
    </div>
  </section>`;
}

function itemCard(item: ShadowItemView, tz: string): SafeHtml {
  return html`<article class="card shadow-item" data-item="${item.id}">
    <h3>${item.subject || '(no subject)'}</h3>
    <p class="hint">
      From ${item.fromAddress || 'unknown'} · ${formatDate(item.receivedAt, tz)} · intent ${item.intent ?? '—'}${
        item.similarity !== null
          ? html` · similarity <strong class="similarity">${score(item.similarity)}</strong>`
          : ''
      }${item.wouldSend ? html` · the current rules would have sent it` : ''}
    </p>
    ${
      item.skippedReason
        ? html`<p class="muted">Skipped: ${item.skippedReason}</p>`
        : html`<div class="side-by-side">
          <div>
            <h4>Snoooz's draft (not sent)</h4>
            <pre class="draft">${item.draftText ?? ''}</pre>
          </div>
          <div>
            <h4>Your team's reply</h4>
            ${
              item.teamReplyText !== null
                ? html`<pre class="team-reply">${item.teamReplyText}</pre>
                  <p class="hint">Matched by ${item.matchKind ?? '—'} · ${formatDate(item.teamRepliedAt, tz)}</p>`
                : html`<p class="muted">No reply found in the Sent folder.</p>`
            }
          </div>
        </div>`
    }
  </article>`;
}
