/**
 * Shadow mode: run the assistant on past mail without sending anything, and compare each draft
 * with the reply the team actually sent. The per-intent table is how a merchant decides what to
 * automate.
 */
import { SMALL_EDITS_THRESHOLD, UNCHANGED_THRESHOLD } from '../../assistant/similarity.js';
import type { InboxView, ShadowItemView, ShadowRunView } from '../../db/index.js';
import { secondsLeft, type ShadowProgress } from '../../shadow/progress.js';
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

export function shadowRunPage(
  user: ShellUser | null,
  run: ShadowRunView,
  items: ShadowItemView[],
  /** How far a running run has got; null once it ended. */
  progress: ShadowProgress | null = null,
): string {
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
      ${run.status === 'running' ? progressSection(run.id, progress ?? storedProgress(items)) : ''}
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

/** What the stored items say (no total: that is only known to the process running the run). */
export function storedProgress(items: ShadowItemView[]): ShadowProgress {
  return {
    total: null,
    read: items.length,
    drafted: items.filter((i) => i.draftText !== null).length,
    compared: items.filter((i) => i.similarity !== null).length,
    startedAt: null,
  };
}

export interface ProgressText {
  /** For `<progress>`: null while the total is unknown (an indeterminate bar). */
  value: number | null;
  max: number | null;
  /** The bar's spoken value. */
  valueText: string;
  counts: string;
  timeLeft: string;
}

/** The words and numbers of the progress block; the page script gets the same over the event stream. */
export function progressText(progress: ShadowProgress, now = new Date()): ProgressText {
  const { total, read, drafted, compared } = progress;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const counts =
    total === null
      ? `${plural(read, 'email')} read so far · ${drafted} drafted · ${compared} compared with your team's reply`
      : `${read} of ${plural(total, 'email')} read · ${drafted} drafted · ${compared} compared with your team's reply`;
  return {
    value: total === null ? null : Math.min(read, total),
    max: total === null ? null : Math.max(total, 1),
    valueText: total === null ? `${plural(read, 'email')} read` : `${read} of ${plural(total, 'email')} read`,
    counts,
    timeLeft: describeTimeLeft(progress, now),
  };
}

function describeTimeLeft(progress: ShadowProgress, now: Date): string {
  if (progress.total === null) return progress.read === 0 ? 'Reading the mailbox…' : 'Time left: unknown.';
  const seconds = secondsLeft(progress, now);
  if (seconds === null) return 'Estimating the time left…';
  if (seconds === 0) return 'Almost done…';
  if (seconds < 10) return 'A few seconds left.';
  if (seconds < 60) return 'Less than a minute left.';
  const minutes = Math.round(seconds / 60);
  return `About ${minutes} minute${minutes === 1 ? '' : 's'} left.`;
}

/**
 * Counts and a bar, server-rendered so they work without JavaScript (with a Refresh link); the
 * page script (assets/shadow-progress.ts) updates them from the run's event stream.
 */
function progressSection(runId: number, progress: ShadowProgress): SafeHtml {
  const text = progressText(progress);
  return html`<section class="card shadow-progress" id="shadow-progress" aria-labelledby="progress-title" data-run-id="${runId}">
    <h2 id="progress-title">Progress</h2>
    <p class="muted">Snoooz is going through the mailbox. Nothing is sent.</p>
    <label for="shadow-progress-bar">Emails read</label>
    <progress
      id="shadow-progress-bar"
      ${text.max !== null ? html`max="${text.max}" value="${text.value ?? 0}"` : ''}
      aria-valuetext="${text.valueText}"
    >
      ${text.valueText}
    </progress>
    <p id="shadow-progress-counts">${text.counts}</p>
    <p id="shadow-progress-time" class="muted">${text.timeLeft}</p>
    <p id="shadow-progress-refresh"><a href="/shadow/runs/${runId}">Refresh</a> to see the latest counts.</p>
  </section>`;
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
