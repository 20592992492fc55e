/**
 * Native-mode reports hold a raw vendor token for a certificate's push app, while the push dispatcher works on
 * Herald device rows. Each reporting IM device therefore gets one device row in that push app, under a Herald
 * token derived from (push app, SDKAppID, UserID, deviceId), so the same IM device always lands on the same row and a new
 * report simply replaces its vendor token.
 *
 * When a vendor refuses the token, the dispatcher marks the row invalid (as for any device). That is read back
 * lazily, at the next push to the device: the report is then marked invalid too (markOfflinePushTokenInvalid),
 * so the per-user query shows it and no further pushes are attempted until the app reports again.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Environment, Platform } from '../../store/schema.ts';
import { markOfflinePushTokenInvalid } from '../offline-push-config/device-push-config.ts';
import type { OfflinePushTarget } from '../offline-push-config/offline-push-targets.ts';

/** Herald tokens are 36 characters; this one is never handed to an app, only used inside the push app. */
export function nativeHeraldToken(accessId: number, sdkAppId: number, userId: string, deviceId: string): string {
  // The push app is part of the key: tokens are unique across push apps, and a certificate may name another one.
  return createHash('sha256').update(`im-offline-push\u0000${accessId}\u0000${sdkAppId}\u0000${userId}\u0000${deviceId}`).digest('hex').slice(0, 36);
}

export interface NativeDevice {
  token: string;
  environment: Environment;
}

/**
 * The Herald device to push to for a native-mode target, created or refreshed; undefined when the vendor refused
 * the reported token (the report is then marked invalid).
 */
export async function ensureNativePushDevice(
  db: Kysely<Database>, sdkAppId: number, target: OfflinePushTarget, platform: Platform, now: number,
): Promise<NativeDevice | undefined> {
  const token = nativeHeraldToken(target.accessId, sdkAppId, target.userId, target.deviceId);
  const environment: Environment = target.environment ?? 'product';
  const existing = await db.selectFrom('device').select(['vendor_token', 'status', 'invalid_reason', 'channel', 'environment'])
    .where('access_id', '=', target.accessId).where('token', '=', token).executeTakeFirst();
  if (existing !== undefined && existing.vendor_token === target.token && existing.status === 'invalid') {
    await markOfflinePushTokenInvalid(db, { sdkAppId, userId: target.userId, deviceId: target.deviceId, token: target.token }, existing.invalid_reason ?? 'rejected by the vendor', now);
    return undefined;
  }
  const fresh = { vendor_token: target.token, channel: target.channel, environment, status: 'active', invalid_reason: null, updated_at: now, last_active_at: now };
  if (existing === undefined) {
    await db.insertInto('device').values({
      token, access_id: target.accessId, platform, ...fresh,
      secret_hash: '', app_version: '', sdk_version: '', locale: '', time_zone: '', system_version: '', device_brand: '', device_model: '',
      badge: 0, created_at: now,
    }).onConflict((oc) => oc.columns(['token']).doUpdateSet(fresh)).execute();
  } else if (existing.vendor_token !== target.token || existing.status !== 'active' || existing.channel !== target.channel || existing.environment !== environment) {
    await db.updateTable('device').set(fresh).where('access_id', '=', target.accessId).where('token', '=', token).execute();
  }
  return { token, environment };
}
