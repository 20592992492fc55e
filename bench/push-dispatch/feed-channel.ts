/**
 * How the harness feeds a Herald channel, the way the dispatcher does: targets handed over in chunks, with a few
 * `send` calls in flight, so the channel's own queue keeps every request slot busy. Outcomes are counted by kind
 * and reason.
 */
import type { ChannelNotification, DeliveryTarget, PushOutcome } from '@herald/channels';
import { countFailure } from './bench-client.ts';
import type { RunTally } from './types.ts';

export type SendFn = (notification: ChannelNotification, targets: readonly DeliveryTarget[]) => Promise<PushOutcome[]>;

export async function feedInChunks(
  send: SendFn,
  notification: ChannelNotification,
  targets: readonly DeliveryTarget[],
  chunkSize: number,
  sendsInFlight: number,
): Promise<RunTally> {
  const tally: RunTally = { delivered: 0, failures: {} };
  let next = 0;
  async function sender(): Promise<void> {
    while (next < targets.length) {
      const chunk = targets.slice(next, next + chunkSize);
      next += chunk.length;
      const outcomes = await send(notification, chunk);
      for (const o of outcomes) {
        if (o.kind === 'delivered') tally.delivered++;
        else countFailure(tally.failures, `${o.kind}:${o.reason}`);
      }
    }
  }
  await Promise.all(Array.from({ length: sendsInFlight }, sender));
  return tally;
}

/** Herald's own 36-character tokens for a run's vendor tokens; their value does not matter to a channel. */
export function targetsFor(vendorTokens: readonly string[], first: number): DeliveryTarget[] {
  return vendorTokens.map((vendorToken, i) => ({ token: `hb${(first + i).toString(36).padStart(34, '0')}`, vendorToken }));
}
