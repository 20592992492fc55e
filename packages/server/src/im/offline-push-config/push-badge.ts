/**
 * The badge an app reports when it goes to the background (Tencent's `doBackground(unreadCount)`): the base the
 * next offline pushes count up from. It is kept on the Herald push device the device's report leads to (the
 * reported token in TPNS mode, the derived device in native mode), where the dispatcher reads and advances it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { nativeHeraldToken } from '../offline-push-dispatch/native-push-device.ts';

export interface ImDeviceKey {
  sdkAppId: number;
  userId: string;
  deviceId: string;
}

/** Returns false when the device has no push report (nothing to badge). */
export async function setOfflinePushBadge(db: Kysely<Database>, device: ImDeviceKey, badge: number, now: number): Promise<boolean> {
  const report = await db.selectFrom('im_offline_push_config').select(['mode', 'access_id', 'token'])
    .where('sdk_app_id', '=', device.sdkAppId).where('user_id', '=', device.userId).where('device_id', '=', device.deviceId)
    .executeTakeFirst();
  if (report === undefined) return false;
  const accessId = Number(report.access_id);
  const token = report.mode === 'tpns' ? report.token : nativeHeraldToken(accessId, device.sdkAppId, device.userId, device.deviceId);
  await db.updateTable('device').set({ badge, updated_at: now }).where('access_id', '=', accessId).where('token', '=', token).execute();
  return true;
}
