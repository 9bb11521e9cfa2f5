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
    passwordMasked: '••••1234',
    storeIntegrationId: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    forwardingAddress: null,
    lastMessageAt: null,
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
