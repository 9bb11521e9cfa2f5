import type { FastifyRequest } from 'fastify';

/**
 * Route options for routes with a secret in the path (invitation and reset links, the webhook
 * receiver's token): their request logs show the route pattern, not the path, so the token, which
 * is the key to an account or an integration, never reaches a log.
 */
export const hideToken = {
  logSerializers: {
    req: (req: FastifyRequest) => ({ method: req.method, url: req.routeOptions.url, remoteAddress: req.ip }),
  },
};
