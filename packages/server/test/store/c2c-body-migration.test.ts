/**
 * Migration 008 (C2C bodies stored once): C2C messages stored under version 7, one full row per inbox, read the same
 * through the `im_c2c_message` view afterwards, each message keeps one body, and sending goes on from the migrated
 * counters and de-duplicates against migrated messages. On SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { createStore } from '../../src/store/create-store.ts';
import { migrations, runMigrations } from '../../src/store/migrations.ts';
import type { Database } from '../../src/store/schema.ts';
import type { Dialect, Store } from '../../src/store/store.ts';
import { storeC2cMessage, type NewC2cMessage } from '../../src/im/messages/store-message.ts';
import { createThrowawayPostgresDatabase } from './test-stores.ts';

const APP = 1400000001;
const BEFORE = migrations.filter((m) => m.version < 8);

/** Version-7 rows: m1 in both inboxes (bob's copy recalled), m2 only in alice's (bob did not receive), m3 in carol's. */
const OLD_ROWS = [
  { owner: 'alice', peer: 'bob', seq: 1, inbox_seq: 1, msg_key: 'k1', from_user: 'alice', to_user: 'bob', random: 11, time: 1000, recalled: 0 },
  { owner: 'bob', peer: 'alice', seq: 1, inbox_seq: 1, msg_key: 'k1', from_user: 'alice', to_user: 'bob', random: 11, time: 1000, recalled: 1 },
  { owner: 'alice', peer: 'bob', seq: 2, inbox_seq: 2, msg_key: 'k2', from_user: 'alice', to_user: 'bob', random: 12, time: 2000, recalled: 0 },
  { owner: 'carol', peer: 'alice', seq: 1, inbox_seq: 1, msg_key: 'k3', from_user: 'alice', to_user: 'carol', random: 13, time: 3000, recalled: 0 },
].map((r) => ({
  sdk_app_id: APP, ...r, priority: 'normal', elements_json: `[{"type":"TIMTextElem","content":{"text":"${r.msg_key}"}}]`,
  cloud_custom_data: r.msg_key === 'k1' ? 'ccd' : null, offline_push_json: null, excluded_from_unread: 0,
}));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function seedVersion7(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await runMigrations(db, dialect, () => 0, BEFORE);
  await db.insertInto('im_c2c_message').values(OLD_ROWS).execute();
  await db.insertInto('im_inbox_counter').values([
    { sdk_app_id: APP, owner: 'alice', inbox_seq: 2 }, { sdk_app_id: APP, owner: 'bob', inbox_seq: 1 }, { sdk_app_id: APP, owner: 'carol', inbox_seq: 1 },
  ]).execute();
  await db.insertInto('im_conversation').values([
    ['alice', 'bob', 2], ['bob', 'alice', 1], ['alice', 'carol', 0], ['carol', 'alice', 1],
  ].map(([owner, peer, lastSeq]) => ({
    sdk_app_id: APP, owner, conversation_id: `c2c_${peer}`, type: 'c2c', peer, last_seq: lastSeq, read_seq: 0, unread_count: 0,
    pinned: 0, deleted: 0, last_message_json: null, order_key: 0, updated_at: 0,
  }))).execute();
}

const message = (o: Partial<NewC2cMessage>): NewC2cMessage => ({
  sdkAppId: APP, from: 'alice', to: 'bob', random: 99, time: 5000, msgKey: 'k-new', priority: 'normal',
  elements: [{ type: 'TIMTextElem', content: { text: 'after' } }], excludedFromUnread: false, senderCopy: true, ...o,
});

async function checkMigrated(store: Store): Promise<void> {
  const rows = await store.db.selectFrom('im_c2c_message').selectAll().orderBy('owner').orderBy('inbox_seq').execute();
  const expected = [...OLD_ROWS].sort((a, b) => a.owner.localeCompare(b.owner) || a.inbox_seq - b.inbox_seq);
  assert.deepEqual(rows.map((r) => ({ ...r, sdk_app_id: Number(r.sdk_app_id), seq: Number(r.seq), inbox_seq: Number(r.inbox_seq),
    random: Number(r.random), time: Number(r.time) })), expected);
  const bodies = await store.db.selectFrom('im_c2c_body').select(['msg_key']).orderBy('id').execute();
  assert.deepEqual(bodies.map((b) => b.msg_key), ['k1', 'k2', 'k3'], 'one body per message, in time order');

  // A retry of a migrated message finds it; a new message continues the migrated counters and shares one body.
  const retry = await storeC2cMessage(store, message({ random: 11, msgKey: 'k1-again', time: 1001 }));
  assert.equal(retry.created, false);
  assert.deepEqual(retry.rows.map((r) => [r.owner, r.msg_key]), [['alice', 'k1'], ['bob', 'k1']]);
  const sent = await storeC2cMessage(store, message({}));
  assert.deepEqual(sent.rows.map((r) => [r.owner, Number(r.seq), Number(r.inbox_seq)]), [['alice', 3, 3], ['bob', 2, 2]]);
  const newBody = await store.db.selectFrom('im_c2c_body').select('id').where('msg_key', '=', 'k-new').execute();
  assert.equal(newBody.length, 1);
  const inboxOfNew = await store.db.selectFrom('im_c2c_inbox').select('owner').where('body_id', '=', newBody[0]!.id).orderBy('owner').execute();
  assert.deepEqual(inboxOfNew.map((r) => r.owner), ['alice', 'bob']);
}

describe('migration 008: C2C bodies stored once', () => {
  it('on SQLite', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-c2c-body-'));
    try {
      const raw = new BetterSqlite3(join(dataDir, 'herald.db'));
      const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
      await seedVersion7(old, 'sqlite');
      await old.destroy();
      const store = await createStore({ dataDir, databaseUrl: '' });
      try {
        await checkMigrated(store);
      } finally {
        await store.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL', async () => {
    const database = await createThrowawayPostgresDatabase();
    try {
      const old = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }) });
      await seedVersion7(old, 'postgres');
      await old.destroy();
      const store = await createStore({ databaseUrl: database.url, dataDir: '' });
      try {
        await checkMigrated(store);
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
