/**
 * Offline push of the IM service, native mode and device reports (reference §4.1, §4.5, §4.13).
 *
 * `im_push_certificate`: the IM console's "offline push certificates". Each has a numeric certificate ID
 * (`business_id`, Tencent's businessID) unique per IM app, and points at a credential already saved on a push
 * app: (access_id, channel, environment), plus `voip` for the APNs VoIP certificate. A deleted certificate keeps
 * its row (`deleted_at`) so its ID is never handed out again: a device still reporting it must not silently
 * reach whatever certificate would take the number next.
 *
 * `im_offline_push_config`: what each IM device reported with setOfflinePushConfig — a raw vendor token for one
 * certificate (native mode) or a Herald push token (TPNS mode). One row per device, removed at logout and kick.
 * `token_hash` finds the other devices that reported the same token, so one phone never receives a previous
 * user's pushes.
 */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration } from './migration.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export const imOfflinePushMigration: Migration = {
  version: 5,
  name: 'im-offline-push',
  async up(db, dialect) {
    const withoutRowid = (t: TableBuilder): TableBuilder => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);

    await withoutRowid(
      db.schema.createTable('im_push_certificate')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('business_id', 'bigint', (c) => c.notNull())
        .addColumn('access_id', 'bigint', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('voip', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'bigint')
        .addPrimaryKeyConstraint('im_push_certificate_pk', ['sdk_app_id', 'business_id']),
    ).execute();
    // One live certificate per credential and push type in an IM app; deleted ones do not count.
    await db.schema.createIndex('im_push_certificate_target_idx').on('im_push_certificate')
      .columns(['sdk_app_id', 'access_id', 'channel', 'environment', 'voip']).unique()
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
    await db.schema.createIndex('im_push_certificate_app_idx').on('im_push_certificate').columns(['access_id']).execute();

    // A rowid table: Web Push tokens are subscriptions of several hundred bytes, too wide for WITHOUT ROWID.
    await db.schema.createTable('im_offline_push_config')
      .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('business_id', 'bigint', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('voip', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('invalid_reason', 'text')
      .addColumn('invalid_at', 'bigint')
      .addColumn('reported_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('im_offline_push_config_pk', ['sdk_app_id', 'user_id', 'device_id'])
      .execute();
    await db.schema.createIndex('im_offline_push_config_token_idx').on('im_offline_push_config').columns(['sdk_app_id', 'token_hash']).execute();
  },
};
