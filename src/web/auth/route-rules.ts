/**
 * The one authorization rule per route, checked before any handler runs (and before a body is
 * read). A route without a rule is refused for everyone (fail closed) and fails the route-matrix
 * test (src/web/route-matrix.test.ts), so a new route cannot ship without a decision here.
 *
 * `public` routes carry their own proof (the login form, the signed webhook URL) or expose
 * nothing. `session` routes refuse API tokens: signing out, switching workspace and managing
 * tokens are things a person does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';
import type { Permission } from './permissions.js';

export type RouteRule = { public: true } | { permission: Permission; session?: true };

const PUBLIC: RouteRule = { public: true };
const read: RouteRule = { permission: 'read' };
const draft: RouteRule = { permission: 'draft' };
const send: RouteRule = { permission: 'send' };
const admin: RouteRule = { permission: 'admin' };
const adminSession: RouteRule = { permission: 'admin', session: true };
const anySession: RouteRule = { permission: 'read', session: true };

/** Keyed by `METHOD /path` exactly as registered; HEAD uses its GET rule. */
export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
  'GET /healthz': PUBLIC,
  'GET /assets/app.css': PUBLIC,
  'GET /assets/app.js': PUBLIC,
  'GET /assets/favicon.svg': PUBLIC,
  'GET /favicon.ico': PUBLIC,
  'GET /login': PUBLIC,
  'POST /login': PUBLIC,
  // Authenticated by the secret token in the URL (see routes/webhooks.ts).
  'POST /webhooks/bigcommerce/:token': PUBLIC,
  // The one-time link in the mail is the proof (see routes/account.ts); the forgot form reveals
  // nothing and is throttled like sign-in.
  'GET /invite/:token': PUBLIC,
  'POST /invite/:token': PUBLIC,
  'GET /forgot-password': PUBLIC,
  'POST /forgot-password': PUBLIC,
  'GET /reset-password/:token': PUBLIC,
  'POST /reset-password/:token': PUBLIC,

  'POST /logout': anySession,
  'POST /workspace': anySession,

  'GET /': read,
  'GET /inbox/list': read,
  'GET /events': read,
  'GET /messages/:id': read,
  'GET /api/messages': read,
  'GET /api/messages/:id': read,
  'GET /inboxes': read,
  // A forwarding check's state, polled by the Inboxes page while it waits.
  'GET /inboxes/:id/check': read,
  'GET /api/inboxes': read,
  'GET /api/inboxes/:id/sender-auth': read,
  'GET /shadow': read,
  'GET /shadow/runs/:id': read,
  'GET /shadow/runs/:id/events': read,

  'POST /messages/:id/draft': draft,
  'POST /messages/:id/regenerate': draft,
  'POST /messages/:id/discard': draft,
  'POST /messages/:id/undo': draft,
  'POST /messages/:id/versions/:versionId/restore': draft,
  'POST /messages/:id/done': draft,
  'POST /messages/:id/reopen': draft,
  // Conversations: assignment and internal notes are part of working the inbox.
  'POST /messages/:id/assign': draft,
  'POST /messages/:id/notes': draft,
  // A person links a customer (the evidence names who), never an API token.
  'POST /messages/:id/link-customer': anySession,
  'POST /messages/:id/unlink-customer': anySession,
  'POST /inbox/bulk/assign': draft,
  'POST /api/messages/:id/notes': draft,
  'PUT /api/messages/:id/assignee': draft,
  'POST /inbox/bulk/done': draft,
  'POST /inbox/bulk/discard': draft,
  'POST /api/messages/:id/regenerate': draft,
  'PATCH /api/drafts/:id': draft,
  'POST /api/inboxes/:id/messages': draft,

  'POST /messages/:id/send': send,
  // Retry sends again when the send failed (drafting again otherwise).
  'POST /messages/:id/retry': send,
  'POST /inbox/bulk/send': send,
  'POST /api/drafts/:id/send': send,

  // Owner pages: agents work the inbox; settings, stores and members are the owners'.
  'GET /settings': admin,
  'GET /api/settings': admin,
  'GET /integrations': admin,
  'GET /api/integrations': admin,
  'GET /integrations/:id/webhooks': admin,
  'GET /api/members': admin,
  // Who did what: connections, settings, approvals, edits, sends, members.
  'GET /audit': admin,
  'GET /api/audit': admin,
  // Members are managed by a person (an invitation names who sent it), never by an API token.
  'GET /members': adminSession,
  'POST /members/invite': adminSession,
  'POST /members/:id/role': adminSession,
  'POST /members/:id/remove': adminSession,
  'POST /members/invitations/:id/revoke': adminSession,
  // Reply rules, autonomy gate, data sharing and the AI model.
  'POST /settings': admin,
  'PUT /api/settings': admin,
  'POST /settings/llm': admin,
  'POST /settings/tokens': adminSession,
  'POST /settings/tokens/:id/revoke': adminSession,
  // Stores and webhooks.
  'GET /integrations/bigcommerce/connect': admin,
  'POST /integrations/bigcommerce/connect': admin,
  'POST /api/integrations/bigcommerce': admin,
  'POST /integrations/:id/test': admin,
  'POST /api/integrations/:id/test': admin,
  'POST /integrations/:id/disconnect': admin,
  'DELETE /api/integrations/:id': admin,
  'POST /integrations/:id/webhooks/register': admin,
  'POST /integrations/:id/webhooks/unregister': admin,
  // Inboxes (and which store each one looks customers up in).
  'GET /inboxes/new': admin,
  // Signing a mailbox in is done by a person (the flow is bound to the session that starts it).
  'POST /inboxes/connect/:provider': adminSession,
  'GET /inboxes/connect/callback': adminSession,
  'GET /inboxes/connect/help': admin,
  'POST /inboxes': admin,
  'POST /inboxes/:id/store': admin,
  'PUT /api/inboxes/:id/store': admin,
  'POST /inboxes/:id/test': admin,
  // An inbox's outgoing server and the mailbox password (tested before saving).
  'GET /inboxes/:id/smtp': admin,
  'POST /inboxes/:id/smtp': admin,
  'POST /inboxes/:id/delete': admin,
  // Forwarding addresses: keep or stop the old `inbox-<id>@` one, replace the `inbox-<token>@` one.
  'POST /inboxes/:id/forwarding': admin,
  'POST /inboxes/:id/forwarding/rotate': admin,
  'PUT /api/inboxes/:id/forwarding': admin,
  'POST /api/inboxes/:id/forwarding/rotate': admin,
  // "Send a test message": starts a forwarding check.
  'POST /inboxes/:id/check': admin,
  // Shadow runs feed the evidence that earns auto-send.
  'POST /shadow': admin,
  // Whose Authentication-Results an inbox trusts (which mail counts as from a verified sender).
  'POST /inboxes/:id/sender-auth': admin,
  'PUT /api/inboxes/:id/sender-auth': admin,
};

export function ruleFor(method: string, url: string): RouteRule | undefined {
  return ROUTE_RULES[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

/** Said when the auth layer refuses a signed-in caller; the route-matrix test looks for it. */
export const NOT_ALLOWED = 'Your role or API token does not allow this.';

export function authorize(request: FastifyRequest): void {
  const url = request.routeOptions.url;
  if (url === undefined) return; // no route matched: the 404 handler answers
  const rule = ruleFor(request.method, url);
  if (!rule) {
    request.log.error({ method: request.method, url }, 'route has no authorization rule');
    throw new HttpError(403, 'forbidden', NOT_ALLOWED);
  }
  if ('public' in rule) return;
  const principal = request.principal;
  if (!principal) throw new HttpError(401, 'unauthenticated', 'Sign in first (or send a valid API token).');
  if (rule.session && principal.via !== 'session') throw new HttpError(403, 'forbidden', NOT_ALLOWED);
  if (!principal.permissions.has(rule.permission)) throw new HttpError(403, 'forbidden', NOT_ALLOWED);
}

export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered (HEAD included), for the route-matrix test. */
    routeTable: RegisteredRoute[];
  }
}

/** Call before any route is registered: records the table and checks every request against it. */
export function registerAuthorization(app: FastifyInstance): void {
  const table: RegisteredRoute[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url });
  });
}
