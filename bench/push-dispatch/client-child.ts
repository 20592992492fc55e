/**
 * What both client children of the harness answer alike: open one client, run it in the measured window, close.
 * The window is the client's `run` only: the run's inputs and the client's own targets are made before it, after
 * a forced GC; wall time and the process's user+system CPU (every thread) are measured around it.
 */
import { performance } from 'node:perf_hooks';
import { serveParent } from '../shared/serve-parent.ts';
import type { BenchClient } from './bench-client.ts';
import type { ChildRequest, ClientRunResult } from './types.ts';

type OpenRequest = Extract<ChildRequest, { type: 'open' | 'open-http' }>;

export interface ClientChild<O extends OpenRequest, C extends BenchClient> {
  /** Names the process in errors. */
  what: string;
  openType: O['type'];
  load(name: O['client'], config: O['config']): Promise<C>;
  /** What one run sends to: `count` inputs for the client's `prepare`. */
  inputs(config: O['config'], count: number, tokenPrefix: string): string[];
  /** Handles `reauth`, for clients that hold an access token; others refuse it. */
  reauth?(client: C): Promise<void>;
}

export function serveClientChild<O extends OpenRequest, C extends BenchClient>(child: ClientChild<O, C>): void {
  let opened: { client: C; request: O } | undefined;
  const open = (): { client: C; request: O } => {
    if (opened === undefined) throw new Error('client not open');
    return opened;
  };
  serveParent<ChildRequest>(async (r) => {
    if (r.type === child.openType) {
      if (opened !== undefined) throw new Error('client already open');
      const request = r as O;
      const client = await child.load(request.client, request.config);
      opened = { client, request };
      await client.open();
      return null;
    }
    switch (r.type) {
      case 'reauth':
        if (child.reauth === undefined) break;
        await child.reauth(open().client);
        return null;
      case 'run': {
        const { client, request } = open();
        const prepared = client.prepare(child.inputs(request.config, r.count, r.tokenPrefix));
        globalThis.gc?.();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const tally = await client.run(prepared);
        const wallSeconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const result: ClientRunResult = {
          client: request.client,
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
        await opened?.client.close();
        opened = undefined;
        return null;
    }
    throw new Error(`${child.what} cannot handle '${r.type}'`);
  });
}
