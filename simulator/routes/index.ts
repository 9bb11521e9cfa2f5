/** Every GET route the simulator serves, and the lookup by path. */
import type { Route } from './context.js';
import { catalogRoutes } from './v3-catalog.js';
import { customerRoutes } from './v3-customers.js';
import { orderDetailRoutes } from './v2-order-details.js';
import { orderRoutes } from './v2-orders.js';
import { storeRoutes } from './v2-store.js';

const ROUTES: Route[] = [...storeRoutes, ...orderRoutes, ...orderDetailRoutes, ...customerRoutes, ...catalogRoutes];

export function findRoute(path: string): { route: Route; params: string[] } | null {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((p) => p ?? '') };
  }
  return null;
}
