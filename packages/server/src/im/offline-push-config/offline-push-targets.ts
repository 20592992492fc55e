/**
 * Where a user's offline pushes can go: each logged-in device's report whose token no vendor refused and whose
 * certificate still exists. The dispatcher of IM offline push reads this; which of these devices get a push for
 * a given message (device state, receive options, …) is decided elsewhere.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { OfflinePushMode } from './device-push-config.ts';

export interface OfflinePushTarget {
  userId: string;
  deviceId: string;
  /** The login's platform (`iOS`, `Android`, …) and Tencent state of the device ('online', 'background', 'push_online'). */
  platform: string;
  deviceState: string;
  mode: OfflinePushMode;
  /** The certificate ID; 0 in TPNS mode. */
  businessID: number;
  /** Native mode: the push app whose credential the certificate names. TPNS mode: the push app of the Herald token. */
  accessId: number;
  channel: string;
  /** Native APNs: the certificate's environment, which selects the credential and the APNs host. */
  environment: 'dev' | 'product' | null;
  voip: boolean;
  /** Native mode: the vendor token. TPNS mode: the Herald push token. */
  token: string;
}

/** The targets of these users of the app (callers batch large audiences), by user and device. */
export async function listOfflinePushTargets(db: Kysely<Database>, sdkAppId: number, userIds: readonly string[]): Promise<OfflinePushTarget[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('im_offline_push_config as c')
    .innerJoin('im_device as d', (j) => j.onRef('d.sdk_app_id', '=', 'c.sdk_app_id').onRef('d.user_id', '=', 'c.user_id').onRef('d.device_id', '=', 'c.device_id'))
    .leftJoin('im_push_certificate as p', (j) => j.onRef('p.sdk_app_id', '=', 'c.sdk_app_id').onRef('p.business_id', '=', 'c.business_id'))
    .select([
      'c.user_id', 'c.device_id', 'd.platform', 'd.state', 'c.mode', 'c.business_id', 'c.access_id', 'c.channel', 'c.environment', 'c.voip', 'c.token',
    ])
    .where('c.sdk_app_id', '=', sdkAppId)
    .where('c.user_id', 'in', [...new Set(userIds)])
    .where('c.status', '=', 'active')
    .where('d.state', '!=', 'offline')
    .where((eb) => eb.or([eb('c.mode', '=', 'tpns'), eb.and([eb('p.business_id', 'is not', null), eb('p.deleted_at', 'is', null)])]))
    .orderBy('c.user_id').orderBy('c.device_id')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    deviceId: r.device_id,
    platform: r.platform,
    deviceState: r.state,
    mode: r.mode as OfflinePushMode,
    businessID: Number(r.business_id),
    accessId: Number(r.access_id),
    channel: r.channel,
    environment: r.environment === '' ? null : (r.environment as 'dev' | 'product'),
    voip: Number(r.voip) === 1,
    token: r.token,
  }));
}
