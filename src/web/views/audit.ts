/** The audit page (owners): who did what and when, filtered by person and kind, newest first. */
import type { AuditKind, AuditRow, AuditTarget, AuditView, AuditWho } from '../actions/audit.js';
import { AUDIT_KINDS, actionsOfKind } from '../actions/audit.js';
import { html, type SafeHtml } from '../html.js';
import { formatDate, page, timeTag, zoneOf, type ShellUser } from './layout.js';

export interface AuditLocation {
  who?: string | undefined;
  kind?: AuditKind | undefined;
  before?: number | null | undefined;
  after?: number | null | undefined;
}

/** The page's URL for a filter and a position; a filter is kept while paging. */
export function auditHref(at: AuditLocation): string {
  const params = new URLSearchParams();
  if (at.who) params.set('who', at.who);
  if (at.kind) params.set('kind', at.kind);
  if (at.before) params.set('before', String(at.before));
  else if (at.after) params.set('after', String(at.after));
  const query = params.toString();
  return query ? `/audit?${query}` : '/audit';
}

export function auditPage(user: ShellUser | null, view: AuditView, filter: AuditLocation): string {
  const tz = zoneOf(user);
  const at = (rest: AuditLocation) => auditHref({ who: filter.who, kind: filter.kind, ...rest });
  const filtered = Boolean(filter.who || filter.kind);
  return page({
    title: 'Audit log',
    nav: 'audit',
    user,
    page: 'audit',
    body: html`<h1>Audit log</h1>
      <p class="lead">
        Who connected or changed what, and who approved, edited or sent which reply, newest first. Secrets (tokens,
        passwords, links) are never shown.
      </p>
      <form method="get" action="/audit" class="audit-filters" aria-label="Filter the audit log">
        <span>
          <label for="audit-who">Person</label>
          <select id="audit-who" name="who">
            <option value="">Everyone</option>
            ${view.people.map(
              (p) =>
                html`<option value="${p.actor}" ${p.actor === filter.who ? html` selected` : ''}>${p.label}</option>`,
            )}
          </select>
        </span>
        <span>
          <label for="audit-kind">Kind</label>
          <select id="audit-kind" name="kind">
            <option value="">Every kind</option>
            ${AUDIT_KINDS.filter((k) => k.value === filter.kind || actionsOfKind(k.value).length > 0).map(
              (k) =>
                html`<option value="${k.value}" ${k.value === filter.kind ? html` selected` : ''}>${k.label}</option>`,
            )}
          </select>
        </span>
        <span class="actions">
          <button type="submit" class="secondary">Filter</button>
          ${filtered ? html`<a href="/audit">Clear filters</a>` : ''}
        </span>
      </form>
      ${
        view.rows.length === 0
          ? html`<p class="card empty" id="audit-empty">
              ${filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}
            </p>`
          : html`<div class="table-wrap card">
              <table id="audit-log" class="audit">
                <caption class="visually-hidden">
                  Audit entries, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Target</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  ${view.rows.map((row) => entryRow(row, tz))}
                </tbody>
              </table>
            </div>`
      }
      <nav class="pager" aria-label="Pages">
        ${view.newer ? html`<a href="${at({})}">Newest</a> <a href="${at({ after: view.newer })}" rel="prev">Newer</a>` : ''}
        ${view.older ? html`<a href="${at({ before: view.older })}" rel="next">Older</a>` : ''}
      </nav>`,
  });
}

function entryRow(row: AuditRow, tz: string): SafeHtml {
  return html`<tr data-id="${row.id}" data-action="${row.action}" data-kind="${row.kind}">
    <td class="when">${timeTag(row.at, tz)}</td>
    <td>${whoCell(row.who)}</td>
    <td>${sentence(row)}</td>
    <td>${row.target ? targetCell(row.target) : html`<span class="muted">—</span>`}</td>
    <td>${factsList(row.facts, tz)}</td>
  </tr>`;
}

function whoCell(who: AuditWho): SafeHtml {
  switch (who.type) {
    case 'member':
      return html`<strong>${who.name || who.email}</strong><br /><span class="muted">${who.email}</span>`;
    case 'former':
      return html`<strong>Former member</strong>`;
    case 'token':
      return html`<strong>API token</strong> <span class="muted">#${who.tokenId}</span>`;
    case 'cli':
      return html`<strong>Command line</strong>`;
    default:
      return html`<strong>Snoooz</strong>`;
  }
}

const ROLES: Record<string, string> = { owner: 'owner', agent: 'agent' };
const MAIL_KINDS: Record<string, string> = {
  invitation: 'an invitation',
  reset: 'a password reset',
  password_reset: 'a password reset',
};

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function targetName(target: AuditTarget | null): string {
  if (!target) return '';
  switch (target.type) {
    case 'message':
      return target.subject === null ? `message #${target.id}` : `“${target.subject || '(no subject)'}”`;
    case 'inbox':
      return target.address ?? `#${target.id}`;
    case 'store':
      return target.storeHash ?? `#${target.id}`;
    case 'member':
      return target.label ?? 'a former member';
    case 'invitation':
      return target.email ?? `invitation #${target.id}`;
    case 'settings':
      return target.part === 'llm' ? 'the AI model settings' : 'the reply settings';
    case 'shadow_run':
      return `shadow run #${target.id}`;
    case 'api_token':
      return target.name === null ? `API token #${target.id}` : `API token “${target.name}”`;
    case 'intent':
      return target.intent.replace(/_/g, ' ');
    default:
      return target.text;
  }
}

/** One sentence per action, naming what was acted on; an unknown action is said as it is stored. */
const SENTENCES: Record<string, (row: AuditRow, name: string) => string> = {
  'integration.enabled': () => 'enabled store connections for this workspace',
  'integration.disabled': () => 'disabled store connections for this workspace',
  'integration.connected': (_, name) => `connected store ${name}`,
  'integration.retested': (row, name) =>
    `tested the connection to store ${name}${row.facts.ok === false ? ' (it failed)' : row.facts.ok === true ? ' (it works)' : ''}`,
  'integration.disconnected': (_, name) => `disconnected store ${name}`,
  'inbox.created': (_, name) => `added inbox ${name}`,
  'inbox.updated': (_, name) => `changed inbox ${name}`,
  'inbox.deleted': (_, name) => `removed inbox ${name}`,
  'inbox.signed_in': (row, name) =>
    `${row.facts.reconnect === true ? 'reconnected' : 'connected'} inbox ${name} by signing in${row.facts.provider ? ` with ${str(row.facts.provider)}` : ''}`,
  'inbox.needs_reconnect': (_, name) => `found that inbox ${name} needs reconnecting`,
  'settings.changed': (row) =>
    row.target?.type === 'settings' && row.target.part === 'llm'
      ? 'changed the AI model settings'
      : ['mode', 'autoSendOn', 'autoSendOff', 'autonomyThreshold', 'autonomyLastN'].some((k) => k in row.facts)
        ? 'changed the reply settings and autonomy'
        : 'changed the reply settings',
  'autonomy.switched_off': (_, name) => `switched off auto-send for ${name} (acceptance fell below the threshold)`,
  'shadow.started': () => 'started a shadow run',
  'secrets.rotated': () => 'rotated the encryption key',
  'api_token.created': (_, name) => `created ${name}`,
  'api_token.revoked': (_, name) => `revoked ${name}`,
  'draft.approved': (_, name) => `approved the reply to ${name} for sending`,
  'draft.edited': (_, name) => `edited the reply to ${name}`,
  'draft.sent': (row, name) => `sent the reply to ${name}${row.facts.to ? ` to ${str(row.facts.to)}` : ''}`,
  'draft.discarded': (_, name) => `discarded the draft reply to ${name}`,
  'draft.undone': (_, name) => `undid sending the reply to ${name}`,
  'draft.restored': (_, name) => `restored an earlier version of the reply to ${name}`,
  'draft.regenerated': (_, name) => `regenerated the draft reply to ${name}`,
  'message.done': (_, name) => `marked ${name} done`,
  'message.reopened': (_, name) => `moved ${name} back to To do`,
  'customer.linked': (_, name) => `linked a store customer to ${name}`,
  'member.invited': (row, name) => `invited ${name}${ROLES[str(row.facts.role)] ? ` as ${str(row.facts.role)}` : ''}`,
  'member.invitation_revoked': (_, name) => `revoked the invitation of ${name}`,
  'member.joined': (row) => `joined the workspace${ROLES[str(row.facts.role)] ? ` as ${str(row.facts.role)}` : ''}`,
  'member.role_changed': (row, name) =>
    `changed the role of ${name} from ${str(row.facts.from)} to ${str(row.facts.to)}`,
  'member.removed': (_, name) => `removed ${name} from the workspace`,
  'member.password_reset': () => 'reset their password by email link',
  'mail.sent': (row) => `sent ${MAIL_KINDS[str(row.facts.kind)] ?? 'a'} mail to ${str(row.facts.to)}`,
  'mail.failed': (row) => `could not send ${MAIL_KINDS[str(row.facts.kind)] ?? 'a'} mail to ${str(row.facts.to)}`,
};

export function sentence(row: AuditRow): string {
  const say = SENTENCES[row.action];
  return say ? say(row, targetName(row.target)) : `recorded “${row.action}”`;
}

function targetCell(target: AuditTarget): SafeHtml | string {
  const name = targetName(target);
  switch (target.type) {
    case 'message':
      return target.subject === null
        ? html`${name} <span class="muted">(deleted)</span>`
        : html`<a href="/messages/${target.id}">${name}</a>`;
    case 'inbox':
      return target.address === null
        ? html`Inbox ${name} <span class="muted">(removed)</span>`
        : html`<a href="/inboxes">Inbox ${name}</a>`;
    case 'store':
      return html`<a href="/integrations">Store ${name}</a>`;
    case 'member':
    case 'invitation':
      return html`<a href="/members">${name}</a>`;
    case 'settings':
      return html`<a href="/settings">Settings</a>`;
    case 'shadow_run':
      return html`<a href="/shadow/runs/${target.id}">Shadow run #${target.id}</a>`;
    case 'api_token':
      return html`<a href="/settings">${name}</a>`;
    case 'intent':
      return `Intent: ${name}`;
    default:
      return name;
  }
}

const LABELS: Record<string, string> = {
  to: 'To',
  sendAt: 'Leaves at',
  fields: 'Changed',
  autoSendOn: 'Auto-send on',
  autoSendOff: 'Auto-send off',
  autonomyThreshold: 'Autonomy threshold',
  autonomyLastN: 'Autonomy window',
  keyChange: 'API key',
  apiTokenId: 'API token',
  newAccount: 'New account',
  sessionsEnded: 'Sessions ended',
  acceptedShare: 'Accepted share',
};

function label(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function formatValue(value: unknown, tz: string): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? formatDate(value, tz) : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => formatValue(v, tz)).join(', ') : 'none';
  if (typeof value === 'object' && 'from' in value && 'to' in value) {
    const change = value as { from: unknown; to: unknown };
    return `${formatValue(change.from, tz)} → ${formatValue(change.to, tz)}`;
  }
  return JSON.stringify(value);
}

/** `fields: ['businessName']` names settings: shown as "Business name", like the settings page. */
function fieldNames(key: string, value: unknown): unknown {
  return key === 'fields' && Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? label(v) : v)) : value;
}

function factsList(facts: Record<string, unknown>, tz: string): SafeHtml {
  const entries = Object.entries(facts);
  if (entries.length === 0) return html`<span class="muted">—</span>`;
  return html`<dl class="facts audit-facts">
    ${entries.map(([key, value]) => html`<dt>${label(key)}</dt><dd>${formatValue(fieldNames(key, value), tz)}</dd>`)}
  </dl>`;
}
