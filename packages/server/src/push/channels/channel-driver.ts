/**
 * What the server knows about one vendor channel, in one place: how its credential is read from the API and
 * checked with the vendor, how its client is built from the sealed secret, how a TPNS push becomes its
 * notification, what its device tokens look like and what TPNS calls it in statistics and `channel_rules`.
 * The dispatcher, the credential API and device registration all go through drivers, so adding a vendor is
 * one file here plus its client in `@herald/channels`.
 */
import type { ChannelId, ChannelNotification, ChannelObserver, PushChannel, PushEnvironment } from '@herald/channels';
import type { Config } from '../../config/schema.ts';
import type { AppRow, Platform } from '../../store/schema.ts';
import type { PushRequest } from '../model/push-request.ts';

/** TPNS's channel names, used in `get_push_task_stat_channel`, push records and `channel_rules` (plus `web`). */
export type TpnsChannelName = 'apns' | 'fcm' | 'hw' | 'honor' | 'xm' | 'oppo' | 'vivo' | 'mz' | 'web';

export interface DriverDeps {
  config: Config;
  /** Extra trusted CA (PEM) for vendor connections, read from `config.vendorCaFile`. */
  ca?: string;
  /** Extra trusted CA (PEM) for APNs connections, read from `config.apnsCaFile`. */
  apnsCa?: string;
  clock: () => number;
  observer: ChannelObserver;
}

export type CredentialCheck =
  | { ok: true }
  /** `transient`: the vendor could not be asked (network, 5xx, rate limit); the credential may still be good. */
  | { ok: false; reason: string; transient: boolean };

export interface PreparedCredential {
  /** A short label of the credential's form, e.g. `service_account`, `client_secret`, `app_secret`, `vapid`. */
  kind: string;
  /** Sealed at rest; handed back to `validateCredential` and `createChannel`. JSON-serialisable. */
  secret: Record<string, unknown>;
  /** Shown on the API and console: ids, names, public keys, never a secret. */
  meta: Record<string, unknown>;
}

export interface BuildInput {
  /** The push, with `collapseId` always set: the one it named, or the task's own (so a later push can replace it). */
  req: PushRequest;
  /** True when the push named its collapse_id itself; false when `req.collapseId` is the task's assigned one. */
  collapseRequested?: boolean;
  pushId: string;
  /** Epoch ms at dispatch. */
  now: number;
  app: AppRow;
  /** The device's stored badge, for channels that count badges per device. */
  badge: { current: number };
  /** The meta of the credential the push goes out with (what `prepareCredential` returned as `meta`). */
  credentialMeta?: Record<string, unknown>;
}

export interface BuiltNotification {
  /** Undefined when this channel cannot carry the push (the reason says why); its devices are answered `failed`. */
  notification: ChannelNotification | undefined;
  skipReason?: string;
  /** The badge the device will show after this push, when the channel counts it; stored before sending. */
  nextBadge?: number;
}

export interface ChannelDriver {
  readonly id: ChannelId;
  /** The platform whose apps and devices this channel serves. */
  readonly platform: Platform;
  /** Further platforms it serves (Web Push also reaches Android apps through UnifiedPush distributors). */
  readonly alsoServes?: readonly Platform[];
  readonly statName: TpnsChannelName;
  /** True when the push environment (dev/product) selects a different credential (APNs only). */
  readonly environmentScoped: boolean;

  /**
   * Reads a credential as sent to `PUT /api/apps/:accessId/credentials/:channel` (JSON). Throws HeraldError
   * `REQUEST_PARAM_INVALID` naming the field when the input is malformed. No network.
   */
  prepareCredential(input: unknown, app: AppRow, deps: DriverDeps): PreparedCredential;
  /** Asks the vendor whether the credential works (an OAuth grant, an authenticated read). */
  validateCredential(secret: Record<string, unknown>, app: AppRow, deps: DriverDeps): Promise<CredentialCheck>;
  createChannel(secret: Record<string, unknown>, app: AppRow, environment: PushEnvironment, deps: DriverDeps): PushChannel;

  /**
   * Shapes the push for this vendor. Throws HeraldError for a push this vendor can never carry as sent (too
   * large); returns `notification: undefined` with a reason for one it has nothing to send for.
   */
  buildNotification(input: BuildInput): BuiltNotification;
  /** True when `buildNotification` depends on the device's badge (then it is built once per distinct badge). */
  perDeviceBadge(req: PushRequest): boolean;

  /** The canonical form of a device's vendor token, or undefined when it is not one this vendor issues. */
  normalizeVendorToken(vendorToken: string): string | undefined;
}
