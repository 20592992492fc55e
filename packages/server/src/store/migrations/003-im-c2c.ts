/**
 * C2C messages, write-diffused: every message is one row in the sender's inbox and one in the recipient's (same
 * msg_key). `seq` is gap-free per (owner, conversation) and `inbox_seq` gap-free per owner; both come from
 * counter rows (`im_conversation.last_seq`, `im_inbox_counter.inbox_seq`) that a send increments inside its
 * transaction, so the row lock of the increment serialises concurrent sends to one owner on PostgreSQL too.
 */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration } from './migration.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export const imC2cMigration: Migration = {
  version: 3,
  name: 'im-c2c',
  async up(db, dialect) {
    const withoutRowid = (t: TableBuilder): TableBuilder => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);

    await withoutRowid(
      db.schema.createTable('im_c2c_message')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('peer', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('inbox_seq', 'bigint', (c) => c.notNull())
        .addColumn('msg_key', 'text', (c) => c.notNull())
        .addColumn('from_user', 'text', (c) => c.notNull())
        .addColumn('to_user', 'text', (c) => c.notNull())
        .addColumn('random', 'bigint', (c) => c.notNull())
        .addColumn('time', 'bigint', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('elements_json', 'text', (c) => c.notNull())
        .addColumn('cloud_custom_data', 'text')
        .addColumn('offline_push_json', 'text')
        .addColumn('excluded_from_unread', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_c2c_message_pk', ['sdk_app_id', 'owner', 'peer', 'seq']),
    ).execute();
    await db.schema.createIndex('im_c2c_message_inbox_idx').unique().on('im_c2c_message').columns(['sdk_app_id', 'owner', 'inbox_seq']).execute();
    await db.schema.createIndex('im_c2c_message_dedupe_idx').unique().on('im_c2c_message')
      .columns(['sdk_app_id', 'owner', 'from_user', 'to_user', 'random']).execute();
    await db.schema.createIndex('im_c2c_message_time_idx').on('im_c2c_message').columns(['sdk_app_id', 'owner', 'peer', 'time']).execute();

    await withoutRowid(
      db.schema.createTable('im_inbox_counter')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('inbox_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_inbox_counter_pk', ['sdk_app_id', 'owner']),
    ).execute();

    await withoutRowid(
      db.schema.createTable('im_conversation')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('peer', 'text', (c) => c.notNull())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .addColumn('read_seq', 'bigint', (c) => c.notNull())
        .addColumn('unread_count', 'bigint', (c) => c.notNull())
        .addColumn('pinned', 'integer', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('last_message_json', 'text')
        .addColumn('order_key', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_conversation_pk', ['sdk_app_id', 'owner', 'conversation_id']),
    ).execute();
    await db.schema.createIndex('im_conversation_order_idx').on('im_conversation').columns(['sdk_app_id', 'owner', 'order_key']).execute();
  },
};
