/**
 * Every route the app registers × every kind of caller, over real HTTP, against the table below.
 * The table is written out here on purpose (not read from auth/route-rules.ts), so loosening a
 * rule in the app fails this test, and a route added without an entry here fails it too.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../db/index.js';
import { NOT_ALLOWED, ROUTE_RULES } from './auth/route-rules.js';
import { SCOPES, type Scope } from './auth/permissions.js';
import { createHarness, login, type Harness, type Session } from './testing/harness.js';

type Expected = 'public' | Scope | 'session' | 'admin-session';

const EXPECTED: Record<string, Expected> = {
  'GET /healthz': 'public',
  'GET /assets/app.css': 'public',
  'GET /assets/app.js': 'public',
  'GET /assets/favicon.svg': 'public',
  'GET /favicon.ico': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /webhooks/bigcommerce/:token': 'public',
  'GET /invite/:token': 'public',
  'POST /invite/:token': 'public',
  'GET /forgot-password': 'public',
  'POST /forgot-password': 'public',
  'GET /reset-password/:token': 'public',
  'POST /reset-password/:token': 'public',
  'POST /logout': 'session',
  'POST /workspace': 'session',
  'GET /': 'read',
  'GET /inbox/list': 'read',
  'GET /events': 'read',
  'GET /messages/:id': 'read',
  'GET /api/messages': 'read',
  'GET /api/messages/:id': 'read',
  'GET /settings': 'admin',
  'GET /api/settings': 'admin',
  'GET /integrations': 'admin',
  'GET /api/integrations': 'admin',
  'GET /integrations/:id/webhooks': 'admin',
  'GET /inboxes': 'read',
  'GET /inboxes/:id/check': 'read',
  'GET /api/inboxes': 'read',
  'GET /api/inboxes/:id/sender-auth': 'read',
  'GET /shadow': 'read',
  'GET /shadow/runs/:id': 'read',
  'GET /shadow/runs/:id/events': 'read',
  'POST /messages/:id/draft': 'draft',
  'POST /messages/:id/regenerate': 'draft',
  'POST /messages/:id/discard': 'draft',
  'POST /messages/:id/undo': 'draft',
  'POST /messages/:id/versions/:versionId/restore': 'draft',
  'POST /messages/:id/done': 'draft',
  'POST /messages/:id/reopen': 'draft',
  'POST /messages/:id/assign': 'draft',
  'POST /messages/:id/notes': 'draft',
  'POST /messages/:id/link-customer': 'session',
  'POST /messages/:id/unlink-customer': 'session',
  'POST /inbox/bulk/assign': 'draft',
  'POST /api/messages/:id/notes': 'draft',
  'PUT /api/messages/:id/assignee': 'draft',
  'POST /inbox/bulk/done': 'draft',
  'POST /inbox/bulk/discard': 'draft',
  'POST /api/messages/:id/regenerate': 'draft',
  'PATCH /api/drafts/:id': 'draft',
  'POST /api/inboxes/:id/messages': 'draft',
  'POST /messages/:id/send': 'send',
  'POST /messages/:id/retry': 'send',
  'POST /inbox/bulk/send': 'send',
  'POST /api/drafts/:id/send': 'send',
  'GET /api/members': 'admin',
  'GET /audit': 'admin',
  'GET /api/audit': 'admin',
  'GET /members': 'admin-session',
  'POST /members/invite': 'admin-session',
  'POST /members/:id/role': 'admin-session',
  'POST /members/:id/remove': 'admin-session',
  'POST /members/invitations/:id/revoke': 'admin-session',
  'POST /settings': 'admin',
  'PUT /api/settings': 'admin',
  'POST /settings/llm': 'admin',
  'POST /settings/tokens': 'admin-session',
  'POST /settings/tokens/:id/revoke': 'admin-session',
  'GET /integrations/bigcommerce/connect': 'admin',
  'POST /integrations/bigcommerce/connect': 'admin',
  'POST /api/integrations/bigcommerce': 'admin',
  'POST /integrations/:id/test': 'admin',
  'POST /api/integrations/:id/test': 'admin',
  'POST /integrations/:id/disconnect': 'admin',
  'DELETE /api/integrations/:id': 'admin',
  'POST /integrations/:id/webhooks/register': 'admin',
  'POST /integrations/:id/webhooks/unregister': 'admin',
  'GET /inboxes/new': 'admin',
  'POST /inboxes/connect/:provider': 'admin-session',
  'GET /inboxes/connect/callback': 'admin-session',
  'GET /inboxes/connect/help': 'admin',
  'POST /inboxes': 'admin',
  'POST /inboxes/:id/store': 'admin',
  'PUT /api/inboxes/:id/store': 'admin',
  'PUT /api/inboxes/:id/sender-auth': 'admin',
  'POST /inboxes/:id/sender-auth': 'admin',
  'POST /inboxes/:id/test': 'admin',
  'GET /inboxes/:id/smtp': 'admin',
  'POST /inboxes/:id/smtp': 'admin',
  'POST /inboxes/:id/forwarding': 'admin',
  'POST /inboxes/:id/forwarding/rotate': 'admin',
  'PUT /api/inboxes/:id/forwarding': 'admin',
  'POST /api/inboxes/:id/forwarding/rotate': 'admin',
  'POST /inboxes/:id/check': 'admin',
  'POST /inboxes/:id/delete': 'admin',
  'POST /shadow': 'admin',
};

type Caller = { kind: 'anonymous' } | { kind: 'session'; role: 'agent' | 'owner' } | { kind: 'token'; scope: Scope };
const CALLERS: Caller[] = [
  { kind: 'anonymous' },
  { kind: 'session', role: 'agent' },
  { kind: 'session', role: 'owner' },
  ...SCOPES.map((scope): Caller => ({ kind: 'token', scope })),
];
const callerName = (c: Caller) =>
  c.kind === 'anonymous' ? 'anonymous' : c.kind === 'session' ? `${c.role} session` : `${c.scope} token`;

function allowed(expected: Expected, caller: Caller): boolean {
  if (expected === 'public') return true;
  if (caller.kind === 'anonymous') return false;
  if (caller.kind === 'session') {
    const needs = expected === 'session' ? 'read' : expected === 'admin-session' ? 'admin' : expected;
    return caller.role === 'owner' || needs !== 'admin';
  }
  return expected !== 'session' && expected !== 'admin-session' && caller.scope === expected;
}

let h: Harness;
let base: string;
let sessions: { agent: Session; owner: Session };
const tokens = {} as Record<Scope, string>;
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

beforeAll(async () => {
  h = await createHarness({ enableBigCommerce: true });
  sessions = { agent: await login(h.app, h.both), owner: await login(h.app, h.a.owner) };
  for (const scope of SCOPES) {
    tokens[scope] = `snz_matrix_${scope}_token_abcdefghijklmnop`;
    await h.repos.auth.createApiToken(h.a.id, {
      tokenHash: hashToken(tokens[scope]),
      name: scope,
      last4: tokens[scope].slice(-4),
      scopes: [scope],
    });
  }
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => h.close());

function headersFor(caller: Caller): Record<string, string> {
  if (caller.kind === 'anonymous') return {};
  if (caller.kind === 'token') return { authorization: `Bearer ${tokens[caller.scope]}` };
  const s = sessions[caller.role];
  return { cookie: s.cookie, 'x-csrf-token': s.csrf };
}

async function call(route: { method: string; url: string }, caller: Caller) {
  const url = route.url.replace(/:id\b/g, '999999').replace(/:token\b/g, 'x'.repeat(40));
  const abort = new AbortController();
  const res = await fetch(base + url, {
    method: route.method,
    headers: headersFor(caller),
    redirect: 'manual',
    signal: abort.signal,
  });
  // /events streams forever: the status and headers are all we need.
  const body = res.headers.get('content-type')?.startsWith('text/event-stream') ? '' : await res.text();
  abort.abort();
  return { status: res.status, location: res.headers.get('location') ?? '', body };
}

function deniedByAuth(res: { status: number; location: string; body: string }, caller: Caller): boolean {
  if (caller.kind === 'anonymous') {
    return res.status === 401 || (res.status === 303 && res.location.startsWith('/login?next='));
  }
  return res.status === 403 && res.body.includes(NOT_ALLOWED);
}

describe('route × caller authorization matrix', () => {
  it('every registered route has an expected rule here and a rule in the app', () => {
    const routes = h.app.routeTable.map(key);
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((r) => !(r.replace(/^HEAD /, 'GET ') in EXPECTED));
    expect(missing).toEqual([]);
    const withoutRule = routes.filter((r) => !(r.replace(/^HEAD /, 'GET ') in ROUTE_RULES));
    expect(withoutRule).toEqual([]);
    // And nothing in the tables that no longer exists.
    expect(Object.keys(EXPECTED).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(CALLERS.map((c) => [callerName(c), c] as const))(
    '%s: allowed and refused exactly as the table says',
    async (_, caller) => {
      // Sign-out ends the session the other checks use: it goes last.
      const routes = [...h.app.routeTable].sort(
        (a, b) => Number(key(a) === 'POST /logout') - Number(key(b) === 'POST /logout'),
      );
      const wrong: string[] = [];
      for (const route of routes) {
        const expected = EXPECTED[key(route).replace(/^HEAD /, 'GET ')];
        if (expected === undefined) continue; // reported by the test above
        const res = await call(route, caller);
        const denied = deniedByAuth(res, caller);
        const shouldAllow = allowed(expected, caller);
        // An allowed call may still fail validation (ids here do not exist), but never on authorization.
        const authFailure = denied || (expected !== 'public' && (res.status === 401 || res.status === 403));
        if (shouldAllow === authFailure)
          wrong.push(`${key(route)} → ${res.status} (expected ${shouldAllow ? 'allowed' : 'refused'})`);
      }
      expect(wrong).toEqual([]);
    },
  );
});
