/**
 * Herald's APNs channel as a benchmark client: targets handed over in chunks (as the dispatcher does) with a
 * few `send` calls in flight, so the channel's own queue keeps every granted stream busy.
 */
import { createApnsChannel } from '@herald/channels/apns';
import type { ChannelNotification, DeliveryTarget } from '@herald/channels';
import { countFailure, type BenchClient } from './bench-client.ts';
import type { ClientConfig, RunTally } from './types.ts';

export function createHeraldClient(c: ClientConfig): BenchClient<DeliveryTarget[]> {
  const channel = createApnsChannel({
    credential: { kind: 'p8', keyId: c.keyId, teamId: c.teamId, privateKeyPem: c.privateKeyPem, bundleId: c.bundleId },
    environment: 'product',
    baseUrl: c.url,
    ca: c.caCertPem,
    sessions: 1,
    maxInFlight: c.streams,
  });
  const notification: ChannelNotification = { payload: c.payload, pushType: 'alert' };
  let serial = 0;

  function targetsFor(tokens: readonly string[]): DeliveryTarget[] {
    // Herald's own token is 36 characters; its value does not matter to the channel.
    return tokens.map((vendorToken) => ({ token: `hb${(serial++).toString(36).padStart(34, '0')}`, vendorToken }));
  }

  async function run(targets: DeliveryTarget[]): Promise<RunTally> {
    const tally: RunTally = { delivered: 0, failures: {} };
    let next = 0;
    async function sender(): Promise<void> {
      while (next < targets.length) {
        const chunk = targets.slice(next, next + c.chunkSize);
        next += chunk.length;
        const outcomes = await channel.send(notification, chunk);
        for (const o of outcomes) {
          if (o.kind === 'delivered') tally.delivered++;
          else countFailure(tally.failures, `${o.kind}:${o.reason}`);
        }
      }
    }
    await Promise.all(Array.from({ length: c.sendsInFlight }, sender));
    tally.grantedStreams = channel.stats.grantedStreams;
    return tally;
  }

  return {
    async open() {
      const [warm] = targetsFor(['f'.repeat(64)]);
      const outcomes = await channel.send(notification, [warm!]);
      const first = outcomes[0];
      if (first?.kind !== 'delivered') throw new Error(`herald: first notification not delivered: ${JSON.stringify(first)}`);
    },
    prepare: targetsFor,
    run,
    close: () => channel.close(),
  };
}
