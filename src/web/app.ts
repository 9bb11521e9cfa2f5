/**
 * The Snoooz web app: server-rendered pages and the JSON API on one Fastify instance.
 * `buildApp` wires plugins, security hooks and the route modules; it opens no ports and starts
 * no timers, so tests drive it with `app.inject()` and the CLI decides where it listens.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { resolvePrincipal, sessionCookieName } from './auth/principal.js';
import { checkCsrf } from './auth/csrf.js';
import { authorize, registerAuthorization } from './auth/route-rules.js';
import { DEFAULT_LOGIN_LIMITS, createLoginLimiter } from './auth/login-limiter.js';
import type { AppDeps, RouteContext } from './context.js';
import { createMemoryPrefs } from './prefs.js';
import { createConsoleCatcher } from '../product-mail/index.js';
import { workspaceTimeZone } from './actions/settings.js';
import { registerErrorHandlers } from './error-handlers.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerAccountRoutes } from './routes/account.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerEventRoutes } from './routes/events.js';
import { registerInboxPages } from './routes/pages/inbox.js';
import { registerMessagePages } from './routes/pages/message.js';
import { registerIntegrationPages } from './routes/pages/integrations.js';
import { registerInboxCheckPages } from './routes/pages/inbox-checks.js';
import { registerInboxesPages } from './routes/pages/inboxes.js';
import { registerInboxConnectPages } from './routes/pages/inbox-connect.js';
import { registerMembersPages } from './routes/pages/members.js';
import { registerAuditPages } from './routes/pages/audit.js';
import { registerSettingsPages } from './routes/pages/settings.js';
import { registerShadowPages } from './routes/pages/shadow.js';
import { registerMessagesApi } from './routes/api/messages.js';
import { registerSettingsApi } from './routes/api/settings.js';
import { registerIntegrationsApi } from './routes/api/integrations.js';
import { registerInboxesApi } from './routes/api/inboxes.js';
import { registerSenderAuthRoutes } from './routes/sender-auth.js';
import { registerWebhookRoutes } from './routes/webhooks.js';

export type { AppDeps, AppOptions, ProductMailSetup } from './context.js';
export type { AppServices } from './services.js';

/** Form and JSON bodies; raw MIME uploads raise their own limit (see routes/api/inboxes.ts). */
const BODY_LIMIT = 256 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    // pino's Logger is a FastifyBaseLogger; the generic only differs in pino's custom levels.
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // Query strings are small and flat; deep objects only help attackers.
    routerOptions: { maxParamLength: 200 },
    // X-Forwarded-For only from these peers; request.ip is then the right-most untrusted address.
    trustProxy: deps.options.trustedProxies?.length ? [...deps.options.trustedProxies] : false,
  });
  const cookieName = sessionCookieName(deps.options.secureCookies);
  const ctx: RouteContext = {
    ...deps,
    prefs: deps.options.prefs ?? createMemoryPrefs(),
    productMail: deps.options.productMail ?? {
      mailer: createConsoleCatcher(deps.logger),
      appUrl: () => 'http://localhost:3000',
    },
    cookieName,
    async shell(principal) {
      if (principal.userId === null || principal.csrfToken === null) return null;
      const [user, memberships, timeZone, inboxes] = await Promise.all([
        deps.repos.users.get(principal.userId),
        deps.repos.users.workspacesOf(principal.userId),
        workspaceTimeZone(deps.repos, principal.workspaceId),
        deps.repos.inboxes.list(principal.workspaceId),
      ]);
      return {
        email: user.email,
        workspaceId: principal.workspaceId,
        workspaces: memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name })),
        csrfToken: principal.csrfToken,
        isOwner: principal.permissions.has('admin'),
        timeZone,
        reconnect: inboxes.flatMap((i) =>
          i.oauthProvider && i.needsReconnect
            ? [
                {
                  id: i.id,
                  name: i.name,
                  address: i.address,
                  provider: i.oauthProvider,
                  reason: i.needsReconnect.reason,
                },
              ]
            : [],
        ),
      };
    },
  };

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  registerSecurityHeaders(app, { formActionOrigins: deps.services.mailOAuth?.authorizationOrigins() ?? [] });
  registerErrorHandlers(app, ctx);

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    request.principal = await resolvePrincipal(deps.repos, request, cookieName);
    // One rule per route (auth/route-rules.ts), before any body is read or handler runs.
    authorize(request);
  });
  // After body parsing, before any handler: forms carry the token in the body.
  app.addHook('preHandler', async (request) => checkCsrf(request));

  registerAuthorization(app);
  app.get('/healthz', async () => ({ ok: true }));
  registerAssetRoutes(app);
  registerAuthRoutes(
    app,
    ctx,
    createLoginLimiter(deps.repos, {
      maxFailures: deps.options.maxLoginFailures ?? DEFAULT_LOGIN_LIMITS.maxFailures,
      ...(deps.options.loginClock ? { now: deps.options.loginClock } : {}),
    }),
  );
  // Reset requests count against their own keys (see routes/account.ts), with sign-in's limits.
  registerAccountRoutes(
    app,
    ctx,
    createLoginLimiter(deps.repos, {
      maxFailures: deps.options.maxLoginFailures ?? DEFAULT_LOGIN_LIMITS.maxFailures,
      ...(deps.options.loginClock ? { now: deps.options.loginClock } : {}),
    }),
  );
  registerEventRoutes(app, ctx);
  registerInboxPages(app, ctx);
  registerMessagePages(app, ctx);
  registerIntegrationPages(app, ctx);
  registerInboxesPages(app, ctx);
  registerInboxConnectPages(app, ctx);
  registerInboxCheckPages(app, ctx);
  registerSettingsPages(app, ctx);
  registerMembersPages(app, ctx);
  registerAuditPages(app, ctx);
  registerShadowPages(app, ctx);
  registerMessagesApi(app, ctx);
  registerSettingsApi(app, ctx);
  registerIntegrationsApi(app, ctx);
  await registerInboxesApi(app, ctx);
  registerSenderAuthRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  return app;
}
