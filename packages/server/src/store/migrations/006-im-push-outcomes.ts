/**
 * What the IM offline push decided, kept for the operators and for calls.
 *
 * `im_offline_push_outcome`: for each user, the last message that could have been pushed to them and, per device
 * with a push config, whether it was pushed and why not (the reasons of im/offline-push/device-push-decision.ts).
 * The offline push self-check reads it. One row per user: the question it answers is "why did my last message not
 * arrive", and a row per message would grow with every group message times its members.
 *
 * `im_call_push`: the push tasks queued for a call invite, so that the node handling the cancel (not always the
 * one that queued them) can stop those not yet sent.
 */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration } from './migration.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export const imPushOutcomesMigration: Migration = {
  version: 6,
  name: 'im-push-outcomes',
  async up(db, dialect) {
    const withoutRowid = (t: TableBuilder): TableBuilder => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);

    await db.schema.createTable('im_offline_push_outcome')
      .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      /** 'c2c' | 'group' | 'call' */
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('from_user', 'text', (c) => c.notNull())
      /** The peer for C2C and calls, the group ID for group messages. */
      .addColumn('conversation', 'text', (c) => c.notNull())
      /** The message's sequence in its conversation, or the call's invite ID. */
      .addColumn('message_ref', 'text', (c) => c.notNull())
      /** [{ deviceId, reason, pushId? }] */
      .addColumn('devices_json', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('im_offline_push_outcome_pk', ['sdk_app_id', 'user_id'])
      .execute();

    await withoutRowid(
      db.schema.createTable('im_call_push')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('invite_id', 'text', (c) => c.notNull())
        .addColumn('push_id', 'text', (c) => c.notNull())
        /** The invitee the push rings. */
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('access_id', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('im_call_push_pk', ['sdk_app_id', 'invite_id', 'push_id']),
    ).execute();
    await db.schema.createIndex('im_call_push_created_idx').on('im_call_push').columns(['created_at']).execute();
  },
};
