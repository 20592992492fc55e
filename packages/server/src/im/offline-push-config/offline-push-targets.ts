/**
 * Where a user's offline pushes can go: each logged-in device's report whose token no vendor refused and whose
 * certificate still exists. The dispatcher of IM offline push reads this; which of these devices get a push for
 * a given message (device state, receive options, …) is decided elsewhere.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { SyncSql } from '../../store/store.ts';
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

interface TargetRow {
  user_id: string;
  device_id: string;
  platform: string;
  state: string;
  mode: string;
  business_id: number | string;
  access_id: number | string;
  channel: string;
  environment: string;
  voip: number | string;
  token: string;
}

/**
 * One statement for both executors: the async one (any store) and the synchronous one a SQLite grouped write
 * runs. A raw template rather than the query builder: building this join costs several times running it, on
 * every stored message.
 */
function targetsSql(sdkAppId: number, userIds: readonly string[]): RawBuilder<TargetRow> {
  return sql<TargetRow>`select c.user_id, c.device_id, d.platform, d.state, c.mode, c.business_id, c.access_id, c.channel,
      c.environment, c.voip, c.token
    from im_offline_push_config c
    inner join im_device d on d.sdk_app_id = c.sdk_app_id and d.user_id = c.user_id and d.device_id = c.device_id
    left join im_push_certificate p on p.sdk_app_id = c.sdk_app_id and p.business_id = c.business_id
    where c.sdk_app_id = ${sdkAppId} and c.user_id in (${sql.join([...new Set(userIds)])}) and c.status = 'active'
      and d.state <> 'offline' and (c.mode = 'tpns' or (p.business_id is not null and p.deleted_at is null))
    order by c.user_id, c.device_id`;
}

function targetFromRow(r: TargetRow): OfflinePushTarget {
  return {
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
  };
}

/** The targets of these users of the app (callers batch large audiences), by user and device. */
export async function listOfflinePushTargets(db: Kysely<Database>, sdkAppId: number, userIds: readonly string[]): Promise<OfflinePushTarget[]> {
  if (userIds.length === 0) return [];
  return (await targetsSql(sdkAppId, userIds).execute(db)).rows.map(targetFromRow);
}

/** listOfflinePushTargets inside a SQLite grouped write (`db` only compiles the statement). */
export function listOfflinePushTargetsSync(q: SyncSql, db: Kysely<Database>, sdkAppId: number, userIds: readonly string[]): OfflinePushTarget[] {
  if (userIds.length === 0) return [];
  const compiled = targetsSql(sdkAppId, userIds).compile(db);
  return (q.all(compiled.sql, compiled.parameters) as unknown as TargetRow[]).map(targetFromRow);
}
