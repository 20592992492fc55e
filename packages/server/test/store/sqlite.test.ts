import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createStore } from '../../src/store/create-store.ts';
import { describeStoreContract } from './contract.ts';
import { createTestSqliteStore } from './test-stores.ts';

describeStoreContract('sqlite', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-contract-'));
  return {
    open: (o) => createStore({ dataDir, ...o }),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
});

describe('sqlite store', () => {
  it('creates dataDir and opens the file with WAL, synchronous=NORMAL and foreign keys', async () => {
    const root = await mkdtemp(join(tmpdir(), 'herald-sqlite-'));
    const dataDir = join(root, 'nested', 'data');
    const store = await createStore({ dataDir, databaseUrl: '' });
    try {
      assert.equal(store.dialect, 'sqlite');
      assert.ok(existsSync(join(dataDir, 'herald.db')));
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('synchronous'), 1);
      assert.equal(await pragma('foreign_keys'), 1);
      assert.equal(await pragma('busy_timeout'), 5000);
    } finally {
      await store.close();
      await store.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('supports an in-memory database without touching dataDir', async () => {
    const dataDir = join(tmpdir(), `herald-never-created-${process.pid}`);
    const store = await createStore({ dataDir, sqliteFile: ':memory:' });
    try {
      await store.queue.enqueue([{ push_id: 'm', access_id: 1, kind: 'resolve', available_at: 0 }]);
      assert.equal(await store.queue.depth(), 1);
    } finally {
      await store.close();
    }
    assert.equal(existsSync(dataDir), false);
  });

  it('keeps data and pending jobs across close and reopen', async () => {
    const { store, dataDir, cleanup } = await createTestSqliteStore({ sqliteFile: 'durable.db' });
    try {
      await store.db.insertInto('replay_guard').values({ access_id: 7, sign: 'kept', expires_at: 2 ** 41 }).execute();
      await store.queue.enqueue([
        { push_id: 'd', access_id: 7, kind: 'send', tokens: ['x'], available_at: 10 },
        { push_id: 'd', access_id: 7, kind: 'send', tokens: ['y'], available_at: 10 },
        { push_id: 'd', access_id: 7, kind: 'resolve', cursor: 'c', available_at: 10 },
      ]);
      const [leased] = await store.queue.lease('before-crash', 1, 1_000, 10);
      assert.ok(leased);
      const [done] = await store.queue.lease('before-crash', 1, 1_000, 10);
      assert.ok(done && (await store.queue.complete(done.job_id, 'before-crash')));
      await store.close();
      assert.ok((await readdir(dataDir)).includes('durable.db'));

      const reopened = await createStore({ dataDir, sqliteFile: 'durable.db' });
      try {
        const guard = await reopened.db.selectFrom('replay_guard').selectAll().executeTakeFirst();
        assert.deepEqual(guard, { access_id: 7, sign: 'kept', expires_at: 2 ** 41 });
        assert.equal(await reopened.queue.depth(), 2);
        // The job leased before the close comes back once its lease has expired.
        const jobs = await reopened.queue.lease('after', 10, 1_000, 1_010);
        assert.equal(jobs.length, 2);
        assert.ok(jobs.some((j) => j.job_id === leased.job_id && j.attempt === 1));
      } finally {
        await reopened.close();
      }
    } finally {
      await cleanup();
    }
  });
});
