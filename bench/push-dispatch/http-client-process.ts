/**
 * Child process: one client of the FCM or Web Push row, alone on its CPU, measuring itself around the send window
 * only (client-child.ts); the run's tokens or subscriptions are made before the window. It also answers `reauth`:
 * after an FCM emulator reset the client fetches a fresh access token, outside the window.
 */
import { serveClientChild } from './client-child.ts';
import { fcmTokens } from './fcm-workload.ts';
import type { HttpBenchClient } from './http-bench-client.ts';
import { webPushTargets } from './webpush-workload.ts';
import type { ChildRequest, HttpClientConfig, HttpClientName } from './types.ts';

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

serveClientChild<Extract<ChildRequest, { type: 'open-http' }>, HttpBenchClient>({
  what: 'HTTP client process',
  openType: 'open-http',
  load,
  inputs: inputsFor,
  reauth: (client) => client.reauth(),
});
