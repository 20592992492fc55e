/**
 * The starting statistics (sqlite-planner-stats.ts): on a new database the lookups by user and the C2C duplicate
 * check use the index that names them instead of searching the primary key by app; statistics ANALYZE wrote
 * are kept.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { createStore } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/store.ts';
import { assumedIndexStat } from '../../src/store/sqlite-planner-stats.ts';

async function withStore(dataDir: string, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await createStore({ dataDir, databaseUrl: '' });
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

async function planOf(store: Store, query: string, parameters: unknown[]): Promise<string> {
  const compiled = sql`select 1`.compile(store.db);
  const rows = (await store.db.executeQuery({ ...compiled, sql: `explain query plan ${query}`, parameters })).rows;
  return rows.map((r) => String((r as { detail: string }).detail)).join('\n');
}

test('assumed statistics: tenants narrow nothing, the first identifier leaves a hundred rows, a unique key one', () => {
  assert.equal(assumedIndexStat(['sdk_app_id', 'group_id', 'user_id'], true), '1000000 1000000 100 1');
  assert.equal(assumedIndexStat(['sdk_app_id', 'user_id'], false), '1000000 1000000 100');
  assert.equal(assumedIndexStat(['sdk_app_id', 'owner', 'peer', 'time'], false), '1000000 1000000 100 1 1');
  assert.equal(assumedIndexStat(['state', 'available_at'], false), '1000000 250000 25');
});

test('on a new database, lookups by user and the C2C duplicate check use their indexes', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-planner-stats-'));
  try {
    await withStore(dataDir, async (store) => {
      const memberships = await planOf(store, 'select * from im_group_member where sdk_app_id = ? and user_id = ?', [1, 'alice']);
      assert.match(memberships, /USING INDEX im_group_member_user_idx \(sdk_app_id=\? AND user_id=\?\)/);
      // Through the view: the body by its (sender, recipient, random), then its inbox rows by the body's id.
      const duplicate = await planOf(store,
        'select * from im_c2c_message where sdk_app_id = ? and from_user = ? and to_user = ? and random = ?',
        [1, 'alice', 'bob', 7]);
      assert.match(duplicate, /SEARCH b USING INDEX im_c2c_body_dedupe_idx \(sdk_app_id=\? AND from_user=\? AND to_user=\? AND random=\?\)/);
      assert.match(duplicate, /SEARCH i USING INDEX im_c2c_inbox_body_idx \(body_id=\?/);
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('statistics ANALYZE wrote are kept when the store opens again', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-planner-stats-'));
  try {
    await withStore(dataDir, async () => undefined);
    const raw = new BetterSqlite3(join(dataDir, 'herald.db'));
    raw.prepare(`update sqlite_stat1 set stat = '42 42 3' where tbl = 'im_group_member' and idx = 'im_group_member_user_idx'`).run();
    raw.prepare(`delete from sqlite_stat1 where tbl = 'im_user'`).run();
    raw.close();
    await withStore(dataDir, async (store) => {
      const rows = (await sql<{ tbl: string; idx: string; stat: string }>`select tbl, idx, stat from sqlite_stat1
        where tbl in ('im_group_member', 'im_user')`.execute(store.db)).rows;
      const stat = (tbl: string, idx: string) => rows.find((r) => r.tbl === tbl && r.idx === idx)?.stat;
      assert.equal(stat('im_group_member', 'im_group_member_user_idx'), '42 42 3');
      // A WITHOUT ROWID table's primary key goes by the table's name; the deleted row is written again.
      assert.equal(stat('im_user', 'im_user'), '1000000 1000000 1');
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
