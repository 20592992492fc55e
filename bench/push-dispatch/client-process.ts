/**
 * Child process: one benchmark client, alone on its CPU. It measures itself — wall time and the process's
 * user+system CPU (every thread) around the send window only; token generation and target building happen
 * before the window, after a forced GC.
 */
import { performance } from 'node:perf_hooks';
import type { BenchClient } from './bench-client.ts';
import { serveParent } from '../shared/serve-parent.ts';
import { deviceTokens } from './workload.ts';
import type { ChildRequest, ClientConfig, ClientName, ClientRunResult } from './types.ts';

let client: BenchClient | undefined;
let name: ClientName | undefined;

async function load(n: ClientName, config: ClientConfig): Promise<BenchClient> {
  switch (n) {
    case 'herald':
      return (await import('./client-herald.ts')).createHeraldClient(config) as BenchClient;
    case 'node-apn':
      return (await import('./client-node-apn.ts')).createNodeApnClient(config) as BenchClient;
    case 'bare-h2':
      return (await import('./client-bare-h2.ts')).createBareH2Client(config) as BenchClient;
  }
}

serveParent<ChildRequest>(async (r) => {
  switch (r.type) {
    case 'open': {
      if (client !== undefined) throw new Error('client already open');
      name = r.client;
      client = await load(r.client, r.config);
      await client.open();
      return null;
    }
    case 'run': {
      if (client === undefined || name === undefined) throw new Error('client not open');
      const prepared = client.prepare(deviceTokens(r.tokenPrefix, r.count));
      globalThis.gc?.();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const tally = await client.run(prepared);
      const wallSeconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const result: ClientRunResult = {
        client: name,
        count: r.count,
        delivered: tally.delivered,
        failures: tally.failures,
        wallSeconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      };
      if (tally.grantedStreams !== undefined) result.grantedStreams = tally.grantedStreams;
      return result;
    }
    case 'close':
      await client?.close();
      client = undefined;
      return null;
    default:
      throw new Error(`client process cannot handle '${r.type}'`);
  }
});
