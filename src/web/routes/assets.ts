/** The stylesheet, script and icon as static responses (the CSP allows only same-origin files). */
import type { FastifyInstance } from 'fastify';
import { APP_JS } from '../assets/client.js';
import { INBOX_FORWARDING_JS } from '../assets/inbox-forwarding.js';
import { SHADOW_PROGRESS_JS } from '../assets/shadow-progress.js';
import { SHORTCUTS_JS } from '../assets/shortcuts.js';
import { APP_CSS, FAVICON_SVG } from '../assets/style.js';

export function registerAssetRoutes(app: FastifyInstance): void {
  const asset = (path: string, type: string, body: string) =>
    app.get(path, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=300').send(body),
    );
  asset('/assets/app.css', 'text/css; charset=utf-8', APP_CSS);
  // One script for every page (one request, one CSP source); each part checks the page it is on.
  asset(
    '/assets/app.js',
    'text/javascript; charset=utf-8',
    `${APP_JS}\n${SHORTCUTS_JS}\n${SHADOW_PROGRESS_JS}\n${INBOX_FORWARDING_JS}`,
  );
  asset('/assets/favicon.svg', 'image/svg+xml', FAVICON_SVG);
  // Browsers ask for this regardless of the <link>; answering avoids a console 404.
  app.get('/favicon.ico', async (_request, reply) => reply.redirect('/assets/favicon.svg', 301));
}
