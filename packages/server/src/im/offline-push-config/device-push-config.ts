/**
 * What each IM device reported with `setOfflinePushConfig` (Tencent's setOfflinePushConfig / setAPNS, reference
 * §4.5): a vendor token for one of the IM app's certificates (native mode), or a Herald push token of a device the
 * push SDK registered (TPNS mode). One report per (SDKAppID, UserID, deviceId); a new report replaces it.
 *
 * - A report is accepted only from the device's current login, so a report racing a logout cannot outlive it.
 * - Logout and kick remove it (session-manager.ts): no push after logout, and logging in again pushes only once
 *   the app reports again, as with Tencent.
 * - One token belongs to one device of the app: reporting a token another user's device reported removes that
 *   older report, so a shared phone never gets the previous user's pushes.
 * - The environment is the certificate's. An APNs sandbox token reported with a production certificate is
 *   stored as reported (only APNs can tell, at send time); the dispatcher records the vendor's refusal with
 *   `markOfflinePushTokenInvalid`, which the per-user query shows until the device reports again.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { heraldError, type OfflinePushConfigState } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { normalizeVendorToken } from '../../push/devices/device-channels.ts';
import type { Database, DeviceRow } from '../../store/schema.ts';
import { findPushCertificate } from './push-certificates.ts';

export interface DeviceKey {
  sdkAppId: number;
  userId: string;
  deviceId: string;
}

export interface OfflinePushConfigInput {
  businessID: number;
  token: string;
  isTPNSToken: boolean;
}

export type OfflinePushMode = 'native' | 'tpns';

/** The row values a report resolves to, before it is stored. */
interface ResolvedReport {
  mode: OfflinePushMode;
  business_id: number;
  token: string;
  access_id: number;
  channel: string;
  environment: string;
  voip: number;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The push device behind a TPNS-mode report. Until push-app authorization (push/authorization) is wired in, any
 * push app's registered device is accepted; it must then be narrowed to the push apps authorized to `sdkAppId`,
 * so that one IM app cannot push through another's devices.
 */
/** The push device of a Herald token, only in a push app authorized to this IM app (one app's keys never reach another's). */
export async function findTpnsDevice(db: Kysely<Database>, sdkAppId: number, token: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('device').selectAll('device')
    .innerJoin('app', 'app.access_id', 'device.access_id')
    .where('device.token', '=', token)
    .where('device.status', '!=', 'unregistered')
    .where('app.im_sdk_app_id', '=', sdkAppId)
    .executeTakeFirst();
}

async function resolveReport(db: Kysely<Database>, sdkAppId: number, input: OfflinePushConfigInput): Promise<ResolvedReport> {
  if (input.isTPNSToken) {
    if (input.businessID !== 0) throw heraldError('REQUEST_PARAM_INVALID', 'businessID: must be 0 with isTPNSToken');
    const device = await findTpnsDevice(db, sdkAppId, input.token);
    if (device === undefined) throw heraldError('DEVICE_NOT_FOUND', 'token: no push device has this Herald push token in a push app authorized to this IM app; register with the push SDK and authorize the push app first');
    return {
      mode: 'tpns', business_id: 0, token: device.token, access_id: Number(device.access_id),
      channel: device.channel, environment: device.environment, voip: 0,
    };
  }
  if (input.businessID === 0) throw heraldError('REQUEST_PARAM_INVALID', 'businessID: 0 is for TPNS tokens (isTPNSToken: true)');
  const certificate = await findPushCertificate(db, sdkAppId, input.businessID);
  if (certificate === undefined) throw heraldError('IM_PUSH_CERT_NOT_FOUND', `businessID: IM app ${sdkAppId} has no certificate ${input.businessID}`);
  const token = normalizeVendorToken(certificate.channel, input.token);
  if (token === undefined) throw heraldError('DEVICE_TOKEN_INVALID', `token: not a ${certificate.channel} device token`);
  return {
    mode: 'native', business_id: input.businessID, token, access_id: Number(certificate.access_id),
    channel: certificate.channel, environment: certificate.environment, voip: Number(certificate.voip),
  };
}

export function toConfigState(row: { mode: string; business_id: number | string; token: string; channel: string; environment: string; voip: number | string }): OfflinePushConfigState {
  return {
    businessID: Number(row.business_id),
    isTPNSToken: row.mode === 'tpns',
    token: row.token,
    channel: row.channel,
    environment: row.environment === '' ? null : (row.environment as 'dev' | 'product'),
    voip: Number(row.voip) === 1,
  };
}

/**
 * Stores the device's report (null: turns offline push off for it). `loggedInAt` names the login the report
 * belongs to; a device logged out or logged in again meanwhile answers WS_NOT_LOGGED_IN and stores nothing.
 */
export async function setOfflinePushConfig(
  ctx: ServerContext, device: DeviceKey & { loggedInAt: number }, input: OfflinePushConfigInput | null,
): Promise<OfflinePushConfigState | null> {
  if (input === null) {
    await clearOfflinePushConfig(ctx.store.db, device);
    return null;
  }
  const report = await resolveReport(ctx.store.db, device.sdkAppId, input);
  const hash = tokenHash(report.token);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (trx) => {
    // Logout writes the device row before it removes the report: holding that row (PostgreSQL; SQLite's write
    // lock already does) keeps a logout from slipping between this check and the write.
    let guard = trx.selectFrom('im_device').select('state')
      .where('sdk_app_id', '=', device.sdkAppId).where('user_id', '=', device.userId).where('device_id', '=', device.deviceId)
      .where('logged_in_at', '=', device.loggedInAt).where('state', '!=', 'offline');
    if (ctx.store.dialect === 'postgres') guard = guard.forUpdate();
    if ((await guard.executeTakeFirst()) === undefined) throw heraldError('WS_NOT_LOGGED_IN', 'This login has ended');
    await trx.deleteFrom('im_offline_push_config')
      .where('sdk_app_id', '=', device.sdkAppId).where('token_hash', '=', hash)
      .where((eb) => eb.or([eb('user_id', '!=', device.userId), eb('device_id', '!=', device.deviceId)]))
      .execute();
    const values = { ...report, token_hash: hash, status: 'active', invalid_reason: null, invalid_at: null, reported_at: now };
    await trx.insertInto('im_offline_push_config')
      .values({ sdk_app_id: device.sdkAppId, user_id: device.userId, device_id: device.deviceId, ...values })
      .onConflict((oc) => oc.columns(['sdk_app_id', 'user_id', 'device_id']).doUpdateSet(values))
      .execute();
  });
  return toConfigState(report);
}

/** Removes the device's report: logout, kick, or the app turning offline push off. */
export async function clearOfflinePushConfig(db: Kysely<Database>, device: DeviceKey): Promise<void> {
  await db.deleteFrom('im_offline_push_config')
    .where('sdk_app_id', '=', device.sdkAppId).where('user_id', '=', device.userId).where('device_id', '=', device.deviceId)
    .execute();
}

/**
 * A vendor refused the token (APNs BadDeviceToken — Tencent's "bad devicetoken" — Unregistered, an FCM
 * UNREGISTERED, …): the device gets no more pushes through it until it reports again. Only the token the push
 * was sent to is marked, so a report that replaced it meanwhile stays active.
 */
export async function markOfflinePushTokenInvalid(db: Kysely<Database>, device: DeviceKey & { token: string }, reason: string, now: number): Promise<boolean> {
  const result = await db.updateTable('im_offline_push_config')
    .set({ status: 'invalid', invalid_reason: reason, invalid_at: now })
    .where('sdk_app_id', '=', device.sdkAppId).where('user_id', '=', device.userId).where('device_id', '=', device.deviceId)
    .where('token', '=', device.token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
