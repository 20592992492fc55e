/**
 * The `web-push` library (the usual Node sender) as the Web Push row's peer: `sendNotification` per message with
 * the app's VAPID details, aes128gcm, and a keep-alive https.Agent with `concurrency` sockets, `concurrency`
 * calls in flight. It is used as documented: it encrypts each message and signs a VAPID token on every call
 * (it has no token cache), which is part of what it costs.
 */
import https from 'node:https';
import webpush, { WebPushError, type PushSubscription, type RequestOptions } from 'web-push';
import { countFailure } from './bench-client.ts';
import type { HttpBenchClient } from './http-bench-client.ts';
import type { RunTally, WebPushClientConfig } from './types.ts';

export function createWebPushLibClient(c: WebPushClientConfig): HttpBenchClient<readonly string[]> {
  const agent = new https.Agent({ keepAlive: true, maxSockets: c.concurrency, ca: c.caCertPem });
  const payload = JSON.stringify(c.payload);
  const options: RequestOptions = {
    vapidDetails: { subject: c.vapid.subject, publicKey: c.vapid.publicKey, privateKey: c.vapid.privateKey },
    TTL: c.ttlSeconds,
    contentEncoding: 'aes128gcm',
    agent,
  };

  async function run(subscriptions: readonly string[]): Promise<RunTally> {
    const tally: RunTally = { delivered: 0, failures: {} };
    let next = 0;
    async function sender(): Promise<void> {
      while (next < subscriptions.length) {
        const subscription = JSON.parse(subscriptions[next++]!) as PushSubscription;
        try {
          await webpush.sendNotification(subscription, payload, options);
          tally.delivered++;
        } catch (e) {
          countFailure(tally.failures, e instanceof WebPushError ? `HTTP${e.statusCode}` : e instanceof Error ? e.message : String(e));
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(c.concurrency, subscriptions.length) }, sender));
    return tally;
  }

  return {
    async open() {
      const first = c.subscriptions[0];
      if (first === undefined) throw new Error('web-push: no subscriptions');
      const tally = await run([first]);
      if (tally.delivered !== 1) throw new Error(`web-push: first message not delivered: ${JSON.stringify(tally.failures)}`);
    },
    reauth: () => Promise.resolve(),
    prepare: (subscriptions) => subscriptions,
    run,
    async close() {
      agent.destroy();
    },
  };
}
