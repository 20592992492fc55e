/**
 * Child process: one client of the FCM or Web Push row, alone on its CPU. Like client-process.ts (the APNs row)
 * it measures itself: wall time and the process's user+system CPU (every thread) around the send window only;
 * the run's tokens or subscriptions and the client's own targets are made before the window, after a forced GC.
 */
import { performance } from 'node:perf_hooks';
import { serveParent } from '../shared/serve-parent.ts';
import { fcmTokens } from './fcm-workload.ts';
import type { HttpBenchClient } from './http-bench-client.ts';
import { webPushTargets } from './webpush-workload.ts';
import type { ChildRequest, ClientRunResult, HttpClientConfig, HttpClientName } from './types.ts';

let client: HttpBenchClient | undefined;
let name: HttpClientName | undefined;
let config: HttpClientConfig | undefined;

async function load(n: HttpClientName, c: HttpClientConfig): Promise<HttpBenchClient> {
  if (c.vendor === 'fcm') {
    switch (n) {
      case 'herald-fcm':
        return (await import('./client-herald-fcm.ts')).createHeraldFcmClient(c) as HttpBenchClient;
      case 'bare-fcm':
        return (await import('./client-bare-fcm.ts')).createBareFcmClient(c) as HttpBenchClient;
    }
  } else {
    switch (n) {
      case 'herald-webpush':
        return (await import('./client-herald-webpush.ts')).createHeraldWebPushClient(c) as HttpBenchClient;
      case 'bare-webpush':
        return (await import('./client-bare-webpush.ts')).createBareWebPushClient(c) as HttpBenchClient;
      case 'web-push':
        return (await import('./client-web-push-lib.ts')).createWebPushLibClient(c) as HttpBenchClient;
    }
  }
  throw new Error(`client ${n} does not speak ${c.vendor}`);
}

/** What one run sends to: fresh FCM tokens, or the first `count` stored Web Push subscriptions. */
function inputsFor(c: HttpClientConfig, count: number, tokenPrefix: string): string[] {
  return c.vendor === 'fcm' ? fcmTokens(tokenPrefix, count) : webPushTargets(c.subscriptions, count);
}

serveParent<ChildRequest>(async (r) => {
  switch (r.type) {
    case 'open-http': {
      if (client !== undefined) throw new Error('client already open');
      name = r.client;
      config = r.config;
      client = await load(r.client, r.config);
      await client.open();
      return null;
    }
    case 'reauth':
      if (client === undefined) throw new Error('client not open');
      await client.reauth();
      return null;
    case 'run': {
      if (client === undefined || name === undefined || config === undefined) throw new Error('client not open');
      const prepared = client.prepare(inputsFor(config, r.count, r.tokenPrefix));
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
      return result;
    }
    case 'close':
      await client?.close();
      client = undefined;
      return null;
    default:
      throw new Error(`HTTP client process cannot handle '${r.type}'`);
  }
});
