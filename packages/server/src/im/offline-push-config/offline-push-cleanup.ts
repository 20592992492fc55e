/**
 * What must go with the rows offline push points at. Called inside the deleting transaction by whoever deletes
 * an IM app or a push app; without it, an IM app created again with the same SDKAppID would find the old app's
 * certificates and device reports.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { GROUP_PUSH_JOB, groupPushJobIdPrefix } from '../offline-push-dispatch/group-push-job.ts';

/**
 * An IM app is deleted: its certificates (IDs and all), every device report, the recorded push outcomes, call push
 * links and its group messages' push jobs not yet run go.
 */
export async function deleteImAppOfflinePushData(db: Kysely<Database>, sdkAppId: number): Promise<void> {
  await db.deleteFrom('im_offline_push_config').where('sdk_app_id', '=', sdkAppId).execute();
  await db.deleteFrom('im_push_certificate').where('sdk_app_id', '=', sdkAppId).execute();
  await db.deleteFrom('im_offline_push_outcome').where('sdk_app_id', '=', sdkAppId).execute();
  await db.deleteFrom('im_call_push').where('sdk_app_id', '=', sdkAppId).execute();
  await db.deleteFrom('queue_job').where('kind', '=', GROUP_PUSH_JOB).where('push_id', 'like', `${groupPushJobIdPrefix(sdkAppId)}%`).execute();
}

/**
 * A push app is deleted: certificates pointing at its credentials are deleted (their IDs stay taken) and TPNS
 * reports of its tokens go, since those tokens no longer exist.
 */
export async function retireOfflinePushOfPushApp(db: Kysely<Database>, accessId: number, now: number): Promise<void> {
  await db.updateTable('im_push_certificate').set({ deleted_at: now }).where('access_id', '=', accessId).where('deleted_at', 'is', null).execute();
  await db.deleteFrom('im_offline_push_config').where('access_id', '=', accessId).where('mode', '=', 'tpns').execute();
}

/**
 * A push app's authorization to the IM app is removed: the IM app's TPNS-mode reports of that push app's tokens
 * go, since a report is accepted only for authorized push apps. Native-mode certificates stay: they name a
 * credential, not an authorization.
 */
export async function forgetTpnsReportsOfPushApp(db: Kysely<Database>, sdkAppId: number, accessId: number): Promise<void> {
  await db.deleteFrom('im_offline_push_config').where('sdk_app_id', '=', sdkAppId).where('access_id', '=', accessId).where('mode', '=', 'tpns').execute();
}
