/**
 * Groups, receive options, signaling, webhooks and recall.
 *
 * Groups are read-diffused: a group message is ONE row in `im_group_message` whatever the member count; each
 * member keeps a read sequence (`im_group_member.read_seq`) and unread counts come from it. `im_group.last_seq`
 * is the group's message counter, incremented under its row lock inside the send transaction, so seqs are
 * gap-free per group on PostgreSQL too. @ mentions are one `im_group_at` row per mentioned user ('__all__' for
 * @all), so a member's pending mentions are a range read.
 */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration } from './migration.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export const imGroupsMigration: Migration = {
  version: 4,
  name: 'im-groups',
  async up(db, dialect) {
    const withoutRowid = (t: TableBuilder): TableBuilder => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);

    await withoutRowid(
      db.schema.createTable('im_group')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('introduction', 'text', (c) => c.notNull())
        .addColumn('notification', 'text', (c) => c.notNull())
        .addColumn('face_url', 'text', (c) => c.notNull())
        .addColumn('max_members', 'integer', (c) => c.notNull())
        .addColumn('apply_join_option', 'text', (c) => c.notNull())
        .addColumn('mute_all', 'integer', (c) => c.notNull())
        .addColumn('member_count', 'integer', (c) => c.notNull())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .addColumn('last_message_json', 'text')
        .addColumn('last_time', 'bigint', (c) => c.notNull())
        .addColumn('custom_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_group_pk', ['sdk_app_id', 'group_id']),
    ).execute();

    await withoutRowid(
      db.schema.createTable('im_group_member')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('join_time', 'bigint', (c) => c.notNull())
        .addColumn('join_seq', 'bigint', (c) => c.notNull())
        .addColumn('read_seq', 'bigint', (c) => c.notNull())
        .addColumn('mute_until', 'bigint', (c) => c.notNull())
        .addColumn('name_card', 'text', (c) => c.notNull())
        .addColumn('recv_opt', 'integer', (c) => c.notNull())
        .addColumn('pinned', 'integer', (c) => c.notNull())
        .addColumn('hidden_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_group_member_pk', ['sdk_app_id', 'group_id', 'user_id']),
    ).execute();
    await db.schema.createIndex('im_group_member_user_idx').on('im_group_member').columns(['sdk_app_id', 'user_id']).execute();

    await withoutRowid(
      db.schema.createTable('im_group_message')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('msg_key', 'text', (c) => c.notNull())
        .addColumn('from_user', 'text', (c) => c.notNull())
        .addColumn('random', 'bigint', (c) => c.notNull())
        .addColumn('time', 'bigint', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('elements_json', 'text', (c) => c.notNull())
        .addColumn('cloud_custom_data', 'text')
        .addColumn('offline_push_json', 'text')
        .addColumn('at_json', 'text')
        .addColumn('to_users_json', 'text')
        .addColumn('excluded_from_unread', 'integer', (c) => c.notNull())
        .addColumn('is_tip', 'integer', (c) => c.notNull())
        .addColumn('recalled', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_group_message_pk', ['sdk_app_id', 'group_id', 'seq']),
    ).execute();
    await db.schema.createIndex('im_group_message_dedupe_idx').on('im_group_message').columns(['sdk_app_id', 'group_id', 'from_user', 'random']).execute();
    await db.schema.createIndex('im_group_message_time_idx').on('im_group_message').columns(['time']).execute();

    await withoutRowid(
      db.schema.createTable('im_group_at')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_group_at_pk', ['sdk_app_id', 'group_id', 'user_id', 'seq']),
    ).execute();

    await withoutRowid(
      db.schema.createTable('im_group_application')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_group_application_pk', ['sdk_app_id', 'group_id', 'user_id']),
    ).execute();

    await withoutRowid(
      db.schema.createTable('im_receive_opt')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('peer', 'text', (c) => c.notNull())
        .addColumn('opt', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_receive_opt_pk', ['sdk_app_id', 'owner', 'peer']),
    ).execute();

    await withoutRowid(
      db.schema.createTable('im_user_setting')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('global_opt', 'integer', (c) => c.notNull())
        .addColumn('dnd_start_second', 'integer')
        .addColumn('dnd_start_time', 'bigint')
        .addColumn('dnd_duration', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_user_setting_pk', ['sdk_app_id', 'user_id']),
    ).execute();

    await withoutRowid(
      db.schema.createTable('im_signal_invite')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('invite_id', 'text', (c) => c.notNull())
        .addColumn('inviter', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
        .addColumn('online_user_only', 'integer', (c) => c.notNull())
        .addColumn('offline_push_json', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('deadline', 'bigint')
        .addPrimaryKeyConstraint('im_signal_invite_pk', ['sdk_app_id', 'invite_id']),
    ).execute();

    await withoutRowid(
      db.schema.createTable('im_signal_invitee')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('invite_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('deadline', 'bigint')
        .addColumn('responded_at', 'bigint')
        .addPrimaryKeyConstraint('im_signal_invitee_pk', ['sdk_app_id', 'invite_id', 'user_id']),
    ).execute();
    await db.schema.createIndex('im_signal_invitee_due_idx').on('im_signal_invitee').columns(['state', 'deadline']).execute();
    await db.schema.createIndex('im_signal_invitee_user_idx').on('im_signal_invitee').columns(['sdk_app_id', 'user_id', 'state']).execute();

    await db.schema.alterTable('im_app').addColumn('callback_url', 'text').execute();
    await db.schema.alterTable('im_app').addColumn('callback_token_sealed', 'text').execute();
    await db.schema.alterTable('im_app').addColumn('callback_commands_json', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema.alterTable('im_app').addColumn('callback_deliver_on_timeout', 'integer', (c) => c.notNull().defaultTo(1)).execute();

    await db.schema.alterTable('im_c2c_message').addColumn('recalled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.createIndex('im_c2c_message_expiry_idx').on('im_c2c_message').columns(['time']).execute();
  },
};
