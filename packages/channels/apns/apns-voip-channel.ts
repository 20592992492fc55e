/**
 * One APNs channel for an app whose VoIP pushes need another TLS identity than its other pushes: with `.p12`
 * certificates, VoIP (`apns-push-type: voip`, topic `<bundle>.voip`) is allowed only on a certificate listing
 * that topic (vendor-push-protocols.md §1.3, §1.6), which an app's push certificate often does not. Each push
 * goes by its push type to the channel holding the right certificate. When the app has no certificate for VoIP,
 * a VoIP push is answered `failed` with `noVoipReason` on each device, without calling APNs: APNs would answer
 * TopicDisallowed, a credential error that pauses the whole channel, alerts included.
 */
import type { ChannelNotification, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';

export interface ApnsVoipRoutingOptions {
  /** Every push but VoIP. */
  main: PushChannel;
  /** VoIP pushes; undefined when the app has no certificate for them. */
  voip: PushChannel | undefined;
  /** Why a VoIP push cannot be sent, for each device's outcome. */
  noVoipReason: string;
}

export function createApnsVoipRouting(o: ApnsVoipRoutingOptions): PushChannel {
  return {
    id: 'apns',
    async send(notification: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
      if (notification.pushType !== 'voip') return o.main.send(notification, targets);
      if (o.voip !== undefined) return o.voip.send(notification, targets);
      return targets.map((t) => ({ kind: 'failed', token: t.token, reason: o.noVoipReason }));
    },
    async close(): Promise<void> {
      await Promise.all([o.main.close(), o.voip?.close()]);
    },
  };
}
