/**
 * The first schema: every table of `schema.ts`. The same builder calls run on both dialects; only the
 * autoincrement ids and SQLite's WITHOUT ROWID tables differ. `bigint` is INTEGER affinity on SQLite (64-bit), so
 * epoch-ms times and AccessIDs fit on both.
 */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration } from './migration.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  async up(db, dialect) {
    const id = (t: TableBuilder, name: string): TableBuilder =>
      dialect === 'sqlite'
        ? t.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement())
        : t.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
    // Small rows keyed by a composite primary key: SQLite then stores them once, in the key's b-tree.
    const withoutRowid = (t: TableBuilder): TableBuilder =>
      dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t;

    await id(db.schema.createTable('product'), 'product_id')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('access_point', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema.createTable('app')
      .addColumn('access_id', 'bigint', (c) => c.primaryKey())
      .addColumn('product_id', 'bigint', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('bundle_id', 'text', (c) => c.notNull())
      .addColumn('access_key', 'text', (c) => c.notNull())
      .addColumn('secret_key_sealed', 'text', (c) => c.notNull())
      .addColumn('service_mode', 'text', (c) => c.notNull())
      .addColumn('im_sdk_app_id', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('app_product_platform_uq', ['product_id', 'platform'])
      .execute();

    await id(db.schema.createTable('credential'), 'credential_id')
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('meta_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('credential_app_channel_env_uq', ['access_id', 'channel', 'environment'])
      .execute();

    await db.schema.createTable('device')
      .addColumn('token', 'text', (c) => c.primaryKey())
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('vendor_token', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('app_version', 'text', (c) => c.notNull())
      .addColumn('sdk_version', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('system_version', 'text', (c) => c.notNull())
      .addColumn('device_brand', 'text', (c) => c.notNull())
      .addColumn('device_model', 'text', (c) => c.notNull())
      .addColumn('badge', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('invalid_reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('last_active_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('device_vendor_token_uq', ['access_id', 'channel', 'vendor_token'])
      .execute();
    // Paging all active devices of an app by token (keyset pagination).
    await db.schema.createIndex('device_app_status_token_idx').on('device').columns(['access_id', 'status', 'token']).execute();

    // One account per account type per token (TPNS rule), hence the primary key.
    await withoutRowid(db.schema.createTable('account_binding')
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('account_type', 'integer', (c) => c.notNull())
      .addColumn('bound_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('account_binding_pk', ['access_id', 'token', 'account_type']))
      .execute();
    // Account → tokens, newest binding first ("most recent device"), and the 100-tokens-per-account limit.
    await db.schema.createIndex('account_binding_account_idx').on('account_binding')
      .columns(['access_id', 'account', 'account_type', 'bound_at']).execute();

    await withoutRowid(db.schema.createTable('tag')
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('tag_type', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('tag_pk', ['access_id', 'token', 'tag']))
      .execute();
    // Tag → tokens, in token order so a tag audience can be paged by keyset.
    await db.schema.createIndex('tag_app_tag_token_idx').on('tag').columns(['access_id', 'tag', 'token']).execute();

    await db.schema.createTable('plan')
      .addColumn('plan_id', 'text', (c) => c.primaryKey())
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('plan_name', 'text', (c) => c.notNull())
      .addColumn('plan_describe', 'text', (c) => c.notNull())
      .addColumn('plan_push_source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('plan_app_idx').on('plan').column('access_id').execute();

    await db.schema.createTable('push_task')
      .addColumn('push_id', 'text', (c) => c.primaryKey())
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('audience_type', 'text', (c) => c.notNull())
      .addColumn('message_type', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('request_json', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('send_at', 'bigint', (c) => c.notNull())
      .addColumn('expire_at', 'bigint', (c) => c.notNull())
      .addColumn('collapse_id', 'bigint', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('upload_id', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('push_task_app_created_idx').on('push_task').columns(['access_id', 'created_at']).execute();

    await id(db.schema.createTable('queue_job'), 'job_id')
      .addColumn('push_id', 'text', (c) => c.notNull())
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('cursor', 'text')
      .addColumn('tokens_json', 'text')
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('available_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // lease (pending by available_at), depth, nextAvailableAt.
    await db.schema.createIndex('queue_job_state_available_idx').on('queue_job').columns(['state', 'available_at']).execute();
    // lease (expired leases to take over).
    await db.schema.createIndex('queue_job_state_lease_idx').on('queue_job').columns(['state', 'lease_until']).execute();
    // closeTask.
    await db.schema.createIndex('queue_job_push_state_idx').on('queue_job').columns(['push_id', 'state']).execute();

    await withoutRowid(db.schema.createTable('push_delivery')
      .addColumn('push_id', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('push_delivery_pk', ['push_id', 'token']))
      .execute();

    await db.schema.createTable('push_stat')
      .addColumn('push_id', 'text', (c) => c.notNull())
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('targeted', 'bigint', (c) => c.notNull())
      .addColumn('sent', 'bigint', (c) => c.notNull())
      .addColumn('arrived', 'bigint', (c) => c.notNull())
      .addColumn('clicked', 'bigint', (c) => c.notNull())
      .addColumn('failed', 'bigint', (c) => c.notNull())
      .addColumn('invalid', 'bigint', (c) => c.notNull())
      .addColumn('expired', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('push_stat_pk', ['push_id', 'channel'])
      .execute();
    // Channel overview per app and day range; plan (group) statistics per day range.
    await db.schema.createIndex('push_stat_app_day_idx').on('push_stat').columns(['access_id', 'day']).execute();
    await db.schema.createIndex('push_stat_plan_day_idx').on('push_stat').columns(['plan_id', 'day']).execute();

    await withoutRowid(db.schema.createTable('push_receipt')
      .addColumn('push_id', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('push_receipt_pk', ['push_id', 'token', 'kind']))
      .execute();

    await id(db.schema.createTable('upload'), 'upload_id')
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('line_count', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('upload_app_idx').on('upload').column('access_id').execute();

    await withoutRowid(db.schema.createTable('upload_item')
      .addColumn('upload_id', 'bigint', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('upload_item_pk', ['upload_id', 'seq']))
      .execute();

    await withoutRowid(db.schema.createTable('replay_guard')
      .addColumn('access_id', 'bigint', (c) => c.notNull())
      .addColumn('sign', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('replay_guard_pk', ['access_id', 'sign']))
      .execute();
    await db.schema.createIndex('replay_guard_expires_idx').on('replay_guard').column('expires_at').execute();
  },
};
