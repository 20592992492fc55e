/**
 * Child process: one client of the APNs row, alone on its CPU, measuring itself around the send window only
 * (client-child.ts); the run's device tokens are made before the window.
 */
import type { BenchClient } from './bench-client.ts';
import { serveClientChild } from './client-child.ts';
import { deviceTokens } from './workload.ts';
import type { ChildRequest, ClientConfig, ClientName } from './types.ts';

// Loaded on demand, so a child imports only the client it runs.
const loaders: Record<ClientName, (config: ClientConfig) => Promise<BenchClient>> = {
  herald: async (c) => (await import('./client-herald.ts')).createHeraldClient(c) as BenchClient,
  'node-apn': async (c) => (await import('./client-node-apn.ts')).createNodeApnClient(c) as BenchClient,
  'bare-h2': async (c) => (await import('./client-bare-h2.ts')).createBareH2Client(c) as BenchClient,
};

serveClientChild<Extract<ChildRequest, { type: 'open' }>, BenchClient>({
  what: 'client process',
  openType: 'open',
  load: (name, config) => loaders[name](config),
  inputs: (_config, count, tokenPrefix) => deviceTokens(tokenPrefix, count),
});
