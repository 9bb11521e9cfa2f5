import { describe, expect, it } from 'vitest';
import type { InboxSummary } from '../actions/inboxes.js';
import { inboxesPage } from './inboxes.js';

function summary(watcher: InboxSummary['watcher']): InboxSummary {
  return {
    id: 7,
    workspaceId: 1,
    name: 'Support',
    address: 'support@shop.example',
    imap: { host: 'imap.shop.example', port: 993, secure: true, user: 'support@shop.example' },
    smtp: null,
    passwordSet: true,
    storeIntegrationId: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    forwardingAddress: null,
    legacyForwardingAddress: null,
    legacyForwarding: false,
    oauthProvider: null,
    needsReconnect: null,
    lastMessageAt: null,
    lastArrival: null,
    check: null,
    confirmation: null,
    appendDraftsToFolder: true,
    watcher,
    mode: 'imap',
  };
}

function render(watcher: InboxSummary['watcher']): string {
  return inboxesPage(null, { inboxes: [summary(watcher)], showForm: false, test: null, notice: null });
}

describe('inboxes page: IMAP watcher status', () => {
  it('shows a connected watcher, how it learns of new mail, and when it last fetched mail', () => {
    const page = render({ connected: true, mode: 'idle', lastError: null, lastMessageAt: '2026-03-02T10:00:00.000Z' });
    expect(page).toContain('IMAP watcher');
    expect(page).toMatch(/badge connected">connected<\/span> \(push\)/);
    expect(page).toContain('datetime="2026-03-02T10:00:00.000Z"');
  });

  it('shows a disconnected watcher with its last error, escaped', () => {
    const page = render({ connected: false, mode: null, lastError: 'IMAP login as <x> failed.', lastMessageAt: null });
    expect(page).toContain('not connected');
    expect(page).toContain('IMAP login as &lt;x&gt; failed.');
  });

  it('says when no watcher runs for the inbox', () => {
    expect(render(null)).toContain('not running');
  });
});

describe('inboxes page: password and forwarding addresses', () => {
  const owner = {
    email: 'o@a.test',
    workspaceId: 1,
    workspaces: [{ id: 1, name: 'A' }],
    csrfToken: 'csrf-1',
    isOwner: true,
    timeZone: 'UTC',
  };
  const forwarding = (overrides: Partial<InboxSummary>): InboxSummary => ({
    ...summary(null),
    imap: null,
    mode: 'forwarding',
    forwardingAddress: 'inbox-abcdefghijklmnopqrstuvwxyz@in.snoooz.test',
    ...overrides,
  });
  const page = (inbox: InboxSummary, user: typeof owner | null = owner) =>
    inboxesPage(user, { inboxes: [inbox], showForm: false, test: null, notice: null });

  it('says only whether a mail password is set, never any of its characters', () => {
    expect(page(forwarding({ passwordSet: true }))).toMatch(/<dt>Password<\/dt>\s*<dd>set<\/dd>/);
    expect(page(forwarding({ passwordSet: false }))).toMatch(/<dt>Password<\/dt>\s*<dd>not set<\/dd>/);
    expect(page(forwarding({ passwordSet: true }))).not.toContain('••••');
  });

  it('shows the token address, and the old address with a warning and a switch while it is on', () => {
    const on = page(forwarding({ legacyForwarding: true, legacyForwardingAddress: 'inbox-7@in.snoooz.test' }));
    expect(on).toContain('inbox-abcdefghijklmnopqrstuvwxyz@in.snoooz.test');
    expect(on).toContain('inbox-7@in.snoooz.test');
    expect(on).toContain('still accepted');
    expect(on).toContain('action="/inboxes/7/forwarding"');
    expect(on).toContain('name="legacy" value="off"');
    expect(on).toContain('action="/inboxes/7/forwarding/rotate"');

    const off = page(forwarding({}));
    expect(off).not.toContain('inbox-7@in.snoooz.test');
    expect(off).toContain('Not accepted');
    expect(off).toContain('name="legacy" value="on"');
  });

  it('shows the addresses without any switch to someone who may not change the inbox', () => {
    const shown = page(forwarding({ legacyForwarding: true, legacyForwardingAddress: 'inbox-7@in.snoooz.test' }), null);
    expect(shown).toContain('inbox-abcdefghijklmnopqrstuvwxyz@in.snoooz.test');
    expect(shown).not.toContain('/forwarding');
  });
});
