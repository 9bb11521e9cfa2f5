/** `GET /v2/store` (Information & Settings scope) and `GET /v2/time` (any valid token). */
import { json } from '../http/reply.js';
import { renderStoreInfo } from '../wire/store-info.js';
import type { Route } from './context.js';

export const storeRoutes: Route[] = [
  { version: 'v2', pattern: /^\/v2\/store$/, scope: 'information', handle: (ctx) => json(renderStoreInfo(ctx.data)) },
  { version: 'v2', pattern: /^\/v2\/time$/, scope: null, handle: () => json({ time: Math.floor(Date.now() / 1000) }) },
];
