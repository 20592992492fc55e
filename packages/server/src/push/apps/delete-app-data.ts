/**
 * Removes an app and everything stored under its AccessID, inside the caller's transaction (IM push
 * certificates pointing at it are retired). Used when an app or its product is deleted; the receipts and upload items have no access_id column and go by their parents.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { retireOfflinePushOfPushApp } from '../../im/offline-push-config/offline-push-cleanup.ts';

export async function deleteAppData(db: Kysely<Database>, accessId: number, now: number): Promise<void> {
  await retireOfflinePushOfPushApp(db, accessId, now);
  await db.deleteFrom('push_receipt')
    .where('push_id', 'in', db.selectFrom('push_task').select('push_id').where('access_id', '=', accessId))
    .execute();
  await db.deleteFrom('upload_item')
    .where('upload_id', 'in', db.selectFrom('upload').select('upload_id').where('access_id', '=', accessId))
    .execute();
  for (const table of ['upload', 'push_stat', 'push_delivery', 'queue_job', 'push_task', 'plan', 'tag', 'account_binding', 'device', 'credential', 'replay_guard', 'app'] as const) {
    await db.deleteFrom(table).where('access_id', '=', accessId).execute();
  }
}
