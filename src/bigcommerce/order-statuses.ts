/** The store's order statuses and their labels: `GET /v2/order_statuses` (Orders scope). */
import type { OrderStatusInfo, RequestOptions } from '../shared/store-data.js';
import type { BigCommerceClient } from './client.js';
import { MAX_PAGE_SIZE } from './config.js';
import { textOrNull } from './normalise.js';
import { collectAll, v2Pages } from './paging.js';
import { orderStatusList, type WireOrderStatus } from './schemas.js';

export const ORDER_STATUSES_PATH = '/v2/order_statuses';

export async function listOrderStatuses(
  client: BigCommerceClient,
  options: RequestOptions = {},
): Promise<OrderStatusInfo[]> {
  const rows = await collectAll(v2Pages(client, ORDER_STATUSES_PATH, {}, orderStatusList, MAX_PAGE_SIZE, options));
  return rows.map(mapOrderStatus).sort((a, b) => a.id - b.id);
}

export function mapOrderStatus(wire: WireOrderStatus): OrderStatusInfo {
  const name = wire.name.trim();
  return {
    id: wire.id,
    name,
    customLabel: textOrNull(wire.custom_label) ?? name,
    description: textOrNull(wire.system_description),
  };
}
