/**
 * Herald's FCM channel as a benchmark client: the service account parsed as the server parses it, one
 * keep-alive agent with `concurrency` sockets and requests in flight, fed in chunks like the dispatcher does.
 * The access-token cache is the channel's own kind, handed in so the harness can renew it after an emulator
 * reset without a 401 inside the measured window.
 */
import { createFcmAccessTokens, createFcmChannel, createFcmHttp, parseFcmCredential } from '@herald/channels/fcm';
import type { ChannelNotification, DeliveryTarget } from '@herald/channels';
import { feedInChunks, targetsFor } from './feed-channel.ts';
import type { HttpBenchClient } from './http-bench-client.ts';
import type { FcmClientConfig } from './types.ts';

export function createHeraldFcmClient(c: FcmClientConfig): HttpBenchClient<DeliveryTarget[]> {
  const credential = parseFcmCredential(c.serviceAccount);
  const tokenHttp = createFcmHttp({ ca: c.caCertPem, maxSockets: 1 });
  const tokens = createFcmAccessTokens(credential, { http: tokenHttp });
  const channel = createFcmChannel({
    credential,
    baseUrl: c.baseUrl,
    ca: c.caCertPem,
    maxInFlight: c.concurrency,
    maxSockets: c.concurrency,
    tokens,
  });
  let serial = 0;

  // Built per run, as the dispatcher builds it per push: the deadline is absolute.
  function notification(): ChannelNotification {
    return { payload: c.message, expiration: Math.floor(Date.now() / 1000) + c.ttlSeconds };
  }

  return {
    async open() {
      const outcomes = await channel.send(notification(), targetsFor(['warmup:APA91b' + 'w'.repeat(140)], serial++));
      const first = outcomes[0];
      if (first?.kind !== 'delivered') throw new Error(`herald-fcm: first message not delivered: ${JSON.stringify(first)}`);
    },
    async reauth() {
      tokens.invalidate(await tokens.get());
      await tokens.get();
    },
    prepare(vendorTokens) {
      const targets = targetsFor(vendorTokens, serial);
      serial += targets.length;
      return targets;
    },
    run: (targets) => feedInChunks((n, t) => channel.send(n, t), notification(), targets, c.chunkSize, c.sendsInFlight),
    async close() {
      await channel.close();
      tokenHttp.close();
    },
  };
}
