/**
 * C2C messages stored once. Version 3 kept every message twice, one full row in each inbox, each row in four
 * B-trees keyed by its owner (primary key, inbox seq, de-duplication, time): a send dirtied some ten scattered
 * pages that every COMMIT wrote to the WAL, the largest part of a chat send's cost. Now the body (elements, time,
 * sender, recipient, MsgRandom) is one row in `im_c2c_body`, appended in id order, and each inbox keeps a small
 * `im_c2c_inbox` row: conversation seq, inbox seq, the body's id and whether it was recalled. The time index goes:
 * REST's roaming query by time walks the conversation by seq, newest first, and retention uses the body's expiry
 * index. Retries are found by the body's (sender, recipient, random), one B-tree entry per message instead of one
 * per inbox.
 *
 * `im_c2c_message` becomes a view with the columns of the old table, one row per inbox row, so every reader is
 * unchanged; only the writers (send, recall, retention) write the two tables.
 */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration } from './migration.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export const imC2cBodyMigration: Migration = {
  version: 8,
  name: 'im-c2c-body',
  async up(db, dialect) {
    const withoutRowid = (t: TableBuilder): TableBuilder => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);

    // On SQLite `integer primary key` is the rowid: appends go to the last page. Not AUTOINCREMENT, which writes
    // sqlite_sequence on every insert; an id is only reused after its inbox rows are gone.
    await db.schema.createTable('im_c2c_body')
      .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigserial', (c) => c.primaryKey())
      .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
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
      .execute();
    await db.schema.createIndex('im_c2c_body_dedupe_idx').unique().on('im_c2c_body')
      .columns(['sdk_app_id', 'from_user', 'to_user', 'random']).execute();
    await db.schema.createIndex('im_c2c_body_expiry_idx').on('im_c2c_body').columns(['time']).execute();

    await withoutRowid(
      db.schema.createTable('im_c2c_inbox')
        .addColumn('sdk_app_id', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('peer', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('inbox_seq', 'bigint', (c) => c.notNull())
        .addColumn('body_id', 'bigint', (c) => c.notNull())
        .addColumn('recalled', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('im_c2c_inbox_pk', ['sdk_app_id', 'owner', 'peer', 'seq']),
    ).execute();
    await db.schema.createIndex('im_c2c_inbox_seq_idx').unique().on('im_c2c_inbox').columns(['sdk_app_id', 'owner', 'inbox_seq']).execute();
    // Body ids grow, so this index is appended to as well; it finds a body's inbox rows (retries, retention).
    await db.schema.createIndex('im_c2c_inbox_body_idx').on('im_c2c_inbox').columns(['body_id']).execute();

    // Both copies of a message hold the same body; (sdk_app_id, from, to, random) was already unique per inbox.
    await sql`insert into im_c2c_body (sdk_app_id, msg_key, from_user, to_user, random, time, priority, elements_json,
        cloud_custom_data, offline_push_json, excluded_from_unread)
      select sdk_app_id, min(msg_key), from_user, to_user, random, min(time), min(priority), min(elements_json),
        min(cloud_custom_data), min(offline_push_json), min(excluded_from_unread)
      from im_c2c_message group by sdk_app_id, from_user, to_user, random
      order by min(time)`.execute(db);
    await sql`insert into im_c2c_inbox (sdk_app_id, owner, peer, seq, inbox_seq, body_id, recalled)
      select m.sdk_app_id, m.owner, m.peer, m.seq, m.inbox_seq, b.id, m.recalled
      from im_c2c_message m inner join im_c2c_body b on b.sdk_app_id = m.sdk_app_id and b.from_user = m.from_user
        and b.to_user = m.to_user and b.random = m.random`.execute(db);
    await db.schema.dropTable('im_c2c_message').execute();

    await db.schema.createView('im_c2c_message').as(
      // The app id on both sides of the join, so a filter on the view's sdk_app_id reaches the body's indexes too.
      db.selectFrom('im_c2c_inbox as i')
        .innerJoin('im_c2c_body as b', (j) => j.onRef('b.id', '=', 'i.body_id').onRef('b.sdk_app_id', '=', 'i.sdk_app_id'))
        .select([
          'i.sdk_app_id', 'i.owner', 'i.peer', 'i.seq', 'i.inbox_seq', 'b.msg_key', 'b.from_user', 'b.to_user', 'b.random',
          'b.time', 'b.priority', 'b.elements_json', 'b.cloud_custom_data', 'b.offline_push_json', 'b.excluded_from_unread',
          'i.recalled',
        ]),
    ).execute();
  },
};
