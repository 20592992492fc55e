/**
 * The contract every vendor channel keeps (DESIGN.md §1): a channel takes one notification and a batch of
 * device targets and returns exactly one outcome per target. Per-token problems are values, never thrown.
 * Channel-wide problems (bad credentials, misconfiguration) are reported as a `failed` outcome with
 * `channelWide: true` on every target, so the dispatcher can trip the breaker for that app and channel.
 */

/** Stable lowercase ids used on the API, in config, in metrics labels and as folder names. */
export type ChannelId = 'apns' | 'fcm' | 'huawei' | 'honor' | 'xiaomi' | 'oppo' | 'vivo' | 'meizu' | 'webpush';

/** TPNS spells the push environment `product` and `dev`. */
export type PushEnvironment = 'product' | 'dev';

export interface DeliveryTarget {
  /** Herald's 36-character token: the key the outcome is reported under. */
  token: string;
  /** The vendor's device token (APNs: hex string). */
  vendorToken: string;
}

/** A notification already shaped for one vendor. For APNs, `payload` is the whole JSON body (aps + custom keys). */
export interface ChannelNotification {
  payload: Record<string, unknown>;
  /** APNs `apns-push-type`: alert | background | voip | … */
  pushType?: string;
  /** APNs `apns-topic`; defaults to the credential's bundle ID. */
  topic?: string;
  /** Epoch seconds after which the vendor must drop it; 0 = deliver now or never. */
  expiration?: number;
  /** 10, 5 or 1 for APNs. */
  priority?: number;
  collapseId?: string;
  /** Herald's push task id, carried for logs and for the vendor's message id where one exists. */
  pushId?: string;
}

export type PushOutcome =
  | { kind: 'delivered'; token: string; vendorId?: string }
  /** The token is dead: unbind it and never push to it again. */
  | { kind: 'rejected'; token: string; reason: string }
  /** Try again later, not before `retryAfterMs`. */
  | { kind: 'retry'; token: string; reason: string; retryAfterMs: number }
  /** Will not succeed as sent. `channelWide` marks credential or configuration problems. */
  | { kind: 'failed'; token: string; reason: string; channelWide?: boolean };

export type OutcomeKind = PushOutcome['kind'];

export interface PushChannel {
  readonly id: ChannelId;
  send(notification: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]>;
  close(): Promise<void>;
}

/** Observes vendor round trips for metrics without the channel knowing about Prometheus. */
export interface ChannelObserver {
  onVendorResponse?(channel: ChannelId, status: number | 'error', reason: string | undefined, seconds: number): void;
  /** A send had to wait for, or was refused by, the per-app concurrency limit. */
  onLimited?(channel: ChannelId, kind: 'delayed' | 'dropped'): void;
}
