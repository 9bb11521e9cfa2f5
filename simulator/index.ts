/** The BigCommerce API simulator: a real HTTP server speaking the BigCommerce REST wire format. */
export { startSimulator } from './server.js';
export { generateStore } from './generator/index.js';
export type { GenerateOptions } from './generator/index.js';
export { loadStoreFile } from './load.js';
export { simulatorFromCliOptions } from './cli.js';
export type { SimulatorCliOptions } from './cli.js';
export { DEFAULT_TOKEN, ALL_READ_SCOPES } from './http/auth.js';
export { storeDataSchema, parseStoreData } from './store-data.js';
export type { StoreData, StoreDataInput, SimCustomer, SimOrder, SimProduct, SimShipment } from './store-data.js';
export type {
  SimFault,
  SimHook,
  SimRequestLog,
  SimStoreConfig,
  SimToken,
  Simulator,
  SimulatorOptions,
} from './types.js';
