/**
 * The page shell: header with navigation, workspace switcher and sign-out. Styles and script are
 * static files (the CSP forbids inline ones); the CSRF token is in a meta tag for fetch calls.
 */
import { DEFAULT_TIME_ZONE } from '../../shared/time-zone.js';
import { html, type SafeHtml } from '../html.js';
import { reconnectBanner, type ReconnectItem } from './inbox-sign-in.js';

export type NavKey = 'inbox' | 'inboxes' | 'integrations' | 'shadow' | 'settings' | 'members' | 'audit' | null;

export interface ShellUser {
  email: string;
  workspaceId: number;
  workspaces: Array<{ id: number; name: string }>;
  csrfToken: string;
  /** May change the workspace (admin permission); pages hide owner-only controls otherwise. */
  isOwner: boolean;
  /** The workspace's IANA time zone (setting `timeZone`): every time on a page is shown in it. */
  timeZone: string;
  /** Inboxes whose provider refused their sign-in: a banner on every page until reconnected. */
  reconnect?: ReconnectItem[];
}

/** The zone a page shows times in: the workspace's, or UTC for a page without a signed-in person. */
export function zoneOf(user: ShellUser | null | undefined): string {
  return user?.timeZone ?? DEFAULT_TIME_ZONE;
}

export interface PageOptions {
  title: string;
  nav?: NavKey;
  user?: ShellUser | null;
  body: SafeHtml;
  /** Marks the body so the script knows which progressive behaviour to switch on. */
  page?: string;
  /** Extra ids the script needs, e.g. the message shown (rendered as data-* attributes). */
  messageId?: number;
  /** The page waits for a result (a draft being written) and reloads itself when it arrives. */
  waiting?: boolean;
  /** When a scheduled reply leaves (ISO): the script counts down to it and reloads after. */
  sendAt?: string | null;
}

/** `owner`: pages only owners may open (the route rules refuse agents), so agents are not shown them. */
const NAV: Array<{ key: Exclude<NavKey, null>; href: string; label: string; owner?: true }> = [
  { key: 'inbox', href: '/', label: 'Inbox' },
  { key: 'inboxes', href: '/inboxes', label: 'Inboxes' },
  { key: 'integrations', href: '/integrations', label: 'Integrations', owner: true },
  { key: 'shadow', href: '/shadow', label: 'Shadow mode' },
  { key: 'members', href: '/members', label: 'Members', owner: true },
  { key: 'audit', href: '/audit', label: 'Audit', owner: true },
  { key: 'settings', href: '/settings', label: 'Settings', owner: true },
];

export function page(options: PageOptions): string {
  const user = options.user ?? null;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · Snoooz</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        ${user ? html`<meta name="csrf-token" content="${user.csrfToken}" />` : ''}
        <script src="/assets/app.js" defer></script>
      </head>
      <body
        data-page="${options.page ?? ''}"
        ${options.messageId ? html` data-message-id="${options.messageId}"` : ''}${options.waiting ? html` data-waiting="true"` : ''}${options.sendAt ? html` data-send-at="${options.sendAt}"` : ''}
      >
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/">Snoooz</a>
          ${user ? menu(options.nav ?? null, user) : ''}
        </header>
        <main id="main" tabindex="-1">
          ${user ? reconnectBanner(user.reconnect, user.isOwner ? user.csrfToken : null) : ''}${options.body}
        </main>
      </body>
    </html>`.toString();
}

/**
 * Navigation and account controls in a <details>: a "Menu" button on narrow screens, which works
 * without script and keeps every link in the tab order once opened; on wide screens the
 * stylesheet shows them inline and hides the button.
 */
function menu(active: NavKey, user: ShellUser): SafeHtml {
  return html`<details class="menu">
    <summary>Menu</summary>
    <div class="menu-panel">${nav(active, user.isOwner)} ${account(user)}</div>
  </details>`;
}

function nav(active: NavKey, isOwner: boolean): SafeHtml {
  return html`<nav class="nav" aria-label="Main">
    ${NAV.filter((item) => isOwner || !item.owner).map(
      (item) => html`<a href="${item.href}" ${item.key === active ? html` aria-current="page"` : ''}>${item.label}</a>`,
    )}
  </nav>`;
}

function account(user: ShellUser): SafeHtml {
  const switcher =
    user.workspaces.length > 1
      ? html`<form method="post" action="/workspace" class="switcher">
          <input type="hidden" name="_csrf" value="${user.csrfToken}" />
          <label for="workspace-switch" class="visually-hidden">Workspace</label>
          <select id="workspace-switch" name="workspaceId" data-autosubmit>
            ${user.workspaces.map(
              (w) =>
                html`<option value="${w.id}" ${w.id === user.workspaceId ? html` selected` : ''}>${w.name}</option>`,
            )}
          </select>
          <button type="submit" class="small">Switch</button>
        </form>`
      : html`<span class="workspace-name">${user.workspaces[0]?.name ?? ''}</span>`;
  return html`<div class="account">
    ${switcher}
    <form method="post" action="/logout">
      <input type="hidden" name="_csrf" value="${user.csrfToken}" />
      <button type="submit" class="link" title="${user.email}">Sign out</button>
    </form>
  </div>`;
}

/** A banner for the result of the last action; text is fixed by the server, never echoed from the URL. */
export function banner(kind: 'ok' | 'error' | 'info', text: SafeHtml | string): SafeHtml {
  return html`<div class="banner ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

/**
 * The result of the action a person just took (after the redirect): it takes focus, so a screen
 * reader announces it and keyboard users continue from there. `autofocus` works without script.
 */
export function resultNotice(kind: 'ok' | 'error', text: SafeHtml | string): SafeHtml {
  return html`<div id="result" class="banner ${kind}" role="${kind === 'error' ? 'alert' : 'status'}" tabindex="-1" autofocus>
    ${text}
  </div>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

interface ZoneFormat {
  parts: Intl.DateTimeFormat;
  /** en-US knows EST/PST, en-GB knows CET/BST; each says "GMT+1" for the other's zones. */
  names: Intl.DateTimeFormat[];
}

const zoneFormats = new Map<string, ZoneFormat | null>();

// Building an Intl formatter costs far more than using one, and a page formats dozens of times.
function zoneFormat(timeZone: string): ZoneFormat | null {
  if (zoneFormats.has(timeZone)) return zoneFormats.get(timeZone) ?? null;
  let format: ZoneFormat | null = null;
  try {
    format = {
      parts: new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
      names: ['en-US', 'en-GB'].map((locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })),
    };
  } catch {
    format = null;
  }
  if (zoneFormats.size > 1_000) zoneFormats.clear();
  zoneFormats.set(timeZone, format);
  return format;
}

function zoneName(format: ZoneFormat, date: Date): string {
  const names = format.names.map((f) => f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '');
  return names.find((n) => /^[A-Z]{2,5}$/.test(n)) ?? names[0] ?? '';
}

/**
 * "2026-12-05 09:14 CET": the instant in the workspace's zone with the zone's short name (or its
 * offset, "GMT+5:30", where the zone has no common abbreviation). An unknown zone shows UTC.
 */
export function formatDate(iso: string | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const format = zoneFormat(timeZone) ?? zoneFormat(DEFAULT_TIME_ZONE);
  if (!format) return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const parts = format.parts.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${zoneName(format, date)}`;
}

/** The `datetime` of a `<time>`: the same instant as its text, in UTC ISO form ('' when unknown). */
export function isoInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** A point in time as the page shows it: the local text, the exact instant in `datetime`. */
export function timeTag(iso: string | null | undefined, timeZone: string): SafeHtml {
  return html`<time datetime="${isoInstant(iso)}">${formatDate(iso, timeZone)}</time>`;
}

/** "3 minutes ago" — how old store data or a check is, at a glance. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const ms = now - new Date(iso).getTime();
  if (Number.isNaN(ms)) return 'unknown';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  return `${Math.round(hours / 24)} days ago`;
}
