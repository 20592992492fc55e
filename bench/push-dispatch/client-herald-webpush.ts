/**
 * Herald's Web Push channel as a benchmark client: the VAPID credential parsed as the server parses it, the
 * stored subscriptions as vendor tokens, `concurrency` requests and keep-alive sockets to the push service, fed
 * in chunks like the dispatcher does. Per message the channel decodes the subscription, encrypts the payload
 * for it (RFC 8291, a fresh ECDH key pair each) and takes the VAPID header from its per-origin cache: all of
 * it inside the measured window.
 */
import { createWebPushChannel, parseWebPushCredential, type WebPushNotification } from '@herald/channels/webpush';
import type { DeliveryTarget } from '@herald/channels';
import { feedInChunks, targetsFor } from './feed-channel.ts';
import type { HttpBenchClient } from './http-bench-client.ts';
import type { WebPushClientConfig } from './types.ts';

export function createHeraldWebPushClient(c: WebPushClientConfig): HttpBenchClient<DeliveryTarget[]> {
  const channel = createWebPushChannel({
    credential: parseWebPushCredential(c.vapid),
    ca: c.caCertPem,
    maxInFlight: c.concurrency,
    maxSocketsPerOrigin: c.concurrency,
    maxQueued: c.chunkSize * c.sendsInFlight,
  });
  let serial = 0;

  function notification(): WebPushNotification {
    return { payload: c.payload, expiration: Math.floor(Date.now() / 1000) + c.ttlSeconds };
  }

  return {
    async open() {
      const first = c.subscriptions[0];
      if (first === undefined) throw new Error('herald-webpush: no subscriptions');
      const outcomes = await channel.send(notification(), targetsFor([first], serial++));
      if (outcomes[0]?.kind !== 'delivered') throw new Error(`herald-webpush: first message not delivered: ${JSON.stringify(outcomes[0])}`);
    },
    reauth: () => Promise.resolve(),
    prepare(subscriptions) {
      const targets = targetsFor(subscriptions, serial);
      serial += targets.length;
      return targets;
    },
    run: (targets) => feedInChunks((n, t) => channel.send(n, t), notification(), targets, c.chunkSize, c.sendsInFlight),
    close: () => channel.close(),
  };
}
