/**
 * The IM service's identity tables: IM apps (SDKAppID, secret key, admins), their users (accounts), and the
 * devices users log in from, with the device state Tencent defines (Online, background, PushOnline, Offline).
 * Messages, conversations and groups come in later migrations.
 */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration } from './migration.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export const imIdentityMigration: Migration = {
  version: 2,
  name: 'im-identity',
  async up(db, dialect) {
    const withoutRowid = (t: TableBuilder): TableBuilder => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);

    await db.schema.createTable('im_app')
      .addColumn('sdk_app_id', 'bigint', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('secret_key_sealed', 'text', (c) => c.notNull())
      .addColumn('admins_json', 'text', (c) => c.notNull())
      .addColumn('auto_create_users', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await withoutRowid(
      db.schema.createTable('im_user')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('nickname', 'text', (c) => c.notNull())
        .addColumn('face_url', 'text', (c) => c.notNull())
        .addColumn('profile_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_user_pk', ['sdk_app_id', 'user_id']),
    ).execute();

    await withoutRowid(
      db.schema.createTable('im_device')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('node_id', 'text')
        .addColumn('logged_in_at', 'bigint', (c) => c.notNull())
        .addColumn('state_changed_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_device_pk', ['sdk_app_id', 'user_id', 'device_id']),
    ).execute();
    await db.schema.createIndex('im_device_state_idx').on('im_device').columns(['state', 'state_changed_at']).execute();
  },
};
