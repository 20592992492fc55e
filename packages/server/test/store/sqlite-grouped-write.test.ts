/**
 * SQLite's group commit and off-thread checkpoints (sqlite-write-batch.ts, sqlite-checkpointer.ts): writes queued
 * together commit in one transaction, a write that throws is rolled back alone, kysely transactions never see a
 * grouped write inside them, and the WAL reaches the database file without the main connection checkpointing.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { createStore } from '../../src/store/create-store.ts';
import { withStatementCache } from '../../src/store/sqlite-statement-cache.ts';
import { createSqliteWriteBatch } from '../../src/store/sqlite-write-batch.ts';
import type { Store } from '../../src/store/store.ts';

async function withSqlite(fn: (store: Store, dataDir: string) => Promise<void>, o: { sqliteCommitDelayMs?: number } = {}): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-grouped-'));
  const store = await createStore({ dataDir, databaseUrl: '', ...o });
  try {
    await sql`create table grouped_t (k text primary key, v integer not null)`.execute(store.db);
    await fn(store, dataDir);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const count = async (store: Store) => Number(((await sql`select count(*) as n from grouped_t`.execute(store.db)).rows[0] as { n: number }).n);

describe('sqlite grouped writes', () => {
  it('commits queued writes together; the one that throws is rolled back alone and only its caller sees the error', () =>
    withSqlite(async (store) => {
      const write = store.groupedWrite!;
      let runsOfA = 0;
      const results = await Promise.allSettled([
        write((q) => {
          runsOfA += 1;
          return q.run('insert into grouped_t (k, v) values (?, ?)', ['a', 1]);
        }),
        write((q) => {
          q.run('insert into grouped_t (k, v) values (?, ?)', ['b', 2]);
          // Same key again: the savepoint rolls back 'b' as well.
          return q.run('insert into grouped_t (k, v) values (?, ?)', ['b', 3]);
        }),
        write((q) => q.get('select v from grouped_t where k = ?', ['a'])),
      ]);
      assert.equal(results[0].status, 'fulfilled');
      assert.equal(results[1].status, 'rejected');
      assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE/);
      // The third write ran after the first in the same transaction and saw its row.
      assert.deepEqual((results[2] as PromiseFulfilledResult<unknown>).value, { v: 1 });
      assert.equal(await count(store), 1);
      // The group ran once without savepoints, was rolled back when the second write threw, and ran again in them.
      assert.equal(runsOfA, 2);
    }));

  it('runs each write of a group once when none throws', () =>
    withSqlite(async (store) => {
      const runs = [0, 0, 0];
      await Promise.all(runs.map((_, i) => store.groupedWrite!((q) => {
        runs[i]! += 1;
        return q.run('insert into grouped_t (k, v) values (?, ?)', [`k${i}`, i]);
      })));
      assert.deepEqual(runs, [1, 1, 1]);
      assert.equal(await count(store), 3);
    }));

  /**
   * Whether a write queued a turn of the event loop after another shares its group: if so, the second one throwing
   * rolls the group back and the first one runs again (in a savepoint).
   */
  async function runsOfFirstWhenALaterTurnThrows(store: Pick<Store, 'groupedWrite'>, count: () => Promise<number>): Promise<number> {
    let runs = 0;
    const first = store.groupedWrite!((q) => {
      runs += 1;
      return q.run('insert into grouped_t (k, v) values (?, ?)', ['first', 1]);
    });
    await new Promise((r) => setImmediate(r));
    const second = store.groupedWrite!(() => {
      throw new Error('refused');
    });
    await first;
    await assert.rejects(second, /refused/);
    assert.equal(await count(), 1);
    return runs;
  }

  it('without a commit delay, a group holds only the writes queued in one turn of the event loop', () =>
    withSqlite(async (store) => {
      assert.equal(await runsOfFirstWhenALaterTurnThrows(store, () => count(store)), 1);
    }));

  /** A write batch on its own connection, with the load signal in the test's hands. */
  function directBatch(o: { commitDelayMs: number; busy: () => boolean }) {
    const raw = new BetterSqlite3(':memory:');
    raw.exec('create table grouped_t (k text primary key, v integer not null)');
    const batch = createSqliteWriteBatch(withStatementCache(raw), async (fn) => fn(), { commitDelayMs: o.commitDelayMs, isBusy: o.busy });
    const rows = async () => Number((raw.prepare('select count(*) as n from grouped_t').get() as { n: number }).n);
    return { store: { groupedWrite: batch.run }, batch, raw, rows };
  }

  it('with a commit delay, writes of later turns share the group while the event loop is busy, not while it is quiet', async () => {
    let busy = false;
    const { store, raw, rows } = directBatch({ commitDelayMs: 50, busy: () => busy });
    try {
      assert.equal(await runsOfFirstWhenALaterTurnThrows(store, rows), 1);
      raw.exec('delete from grouped_t');
      busy = true;
      assert.equal(await runsOfFirstWhenALaterTurnThrows(store, rows), 2);
    } finally {
      raw.close();
    }
  });

  it('a group waiting out the delay commits at once when flushed', async () => {
    const { store, batch, raw, rows } = directBatch({ commitDelayMs: 60_000, busy: () => true });
    try {
      const write = store.groupedWrite((q) => q.run('insert into grouped_t (k, v) values (?, ?)', ['k', 1]));
      await new Promise((r) => setImmediate(r));
      assert.equal(await rows(), 0, 'still waiting for company');
      batch.flush();
      assert.equal(await write, 1);
      assert.equal(await rows(), 1);
    } finally {
      raw.close();
    }
  });

  it('closing the store commits a group that waits out the delay', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-grouped-'));
    try {
      const store = await createStore({ dataDir, databaseUrl: '', sqliteCommitDelayMs: 50 });
      await sql`create table grouped_t (k text primary key, v integer not null)`.execute(store.db);
      // Keep the event loop busy for a sampling period so the next write waits for company.
      for (const end = performance.now() + 250; performance.now() < end;);
      await new Promise((r) => setTimeout(r, 0));
      const write = store.groupedWrite!((q) => q.run('insert into grouped_t (k, v) values (?, ?)', ['k', 1]));
      await store.close();
      assert.equal(await write, 1);
      const raw = new BetterSqlite3(join(dataDir, 'herald.db'), { readonly: true });
      assert.deepEqual(raw.prepare('select k, v from grouped_t').all(), [{ k: 'k', v: 1 }]);
      raw.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('never lands inside a kysely transaction that is in progress', () =>
    withSqlite(async (store) => {
      let grouped: Promise<number> | undefined;
      await assert.rejects(store.transaction(async (trx) => {
        await sql`insert into grouped_t (k, v) values ('in-trx', 1)`.execute(trx);
        grouped = store.groupedWrite!((q) => q.run('insert into grouped_t (k, v) values (?, ?)', ['grouped', 2]));
        // Give the grouped write every chance to run now; it must wait for the transaction.
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('roll back');
      }), /roll back/);
      assert.equal(await grouped, 1);
      const keys = (await sql<{ k: string }>`select k from grouped_t order by k`.execute(store.db)).rows.map((r) => r.k);
      assert.deepEqual(keys, ['grouped']);
    }));

  it('folds the WAL into the database file from the checkpoint worker', () =>
    withSqlite(async (store, dataDir) => {
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      assert.equal(await pragma('wal_autocheckpoint'), 0);
      const dbFile = join(dataDir, 'herald.db');
      const before = statSync(dbFile).size;
      const rows = Array.from({ length: 2000 }, (_, i) => i);
      await Promise.all(rows.map((i) => store.groupedWrite!((q) => q.run('insert into grouped_t (k, v) values (?, ?)', [`k${i}-${'x'.repeat(200)}`, i]))));
      for (let i = 0; i < 100 && statSync(dbFile).size <= before; i += 1) await new Promise((r) => setTimeout(r, 50));
      assert.ok(statSync(dbFile).size > before, 'the database file grew: the worker checkpointed the WAL');
      assert.equal(await count(store), 2000);
    }));
});
