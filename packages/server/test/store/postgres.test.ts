import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createStore } from '../../src/store/create-store.ts';
import { migrations } from '../../src/store/migrations.ts';
import { describeStoreContract } from './contract.ts';
import { createTestPostgresStore, createThrowawayPostgresDatabase } from './test-stores.ts';

describeStoreContract('postgres', async () => {
  const database = await createThrowawayPostgresDatabase();
  return {
    open: (o) => createStore({ databaseUrl: database.url, dataDir: '', ...o }),
    cleanup: () => database.drop(),
  };
});

describe('postgres store', () => {
  it('is chosen for postgres:// and postgresql:// URLs and returns int8 as numbers', async () => {
    const { store, url, cleanup } = await createTestPostgresStore();
    try {
      assert.equal(store.dialect, 'postgres');
      const other = await createStore({ databaseUrl: url.replace(/^postgres:/, 'postgresql:'), dataDir: '' });
      await other.close();
      await store.ping();
      const row = await store.db
        .selectFrom('queue_job')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.lit(2 ** 40)).as('s')])
        .executeTakeFirstOrThrow();
      assert.equal(row.n, 0);
      assert.equal(row.s, null);
    } finally {
      await cleanup();
    }
  });

  it('serialises migrations of nodes that open the same fresh database at once', async () => {
    const database = await createThrowawayPostgresDatabase();
    try {
      const stores = await Promise.all([1, 2, 3].map(() => createStore({ databaseUrl: database.url, dataDir: '' })));
      try {
        const rows = await sql<{ version: number }>`select version from herald_migration`.execute(stores[0]!.db);
        assert.deepEqual(rows.rows.map((r) => r.version), migrations.map((m) => m.version));
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    } finally {
      await database.drop();
    }
  });

  it('fails with a clear message when the server is unreachable', async () => {
    await assert.rejects(
      createStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '' }),
      (err: Error) => /Cannot open PostgreSQL at 127\.0\.0\.1:1\/none/.test(err.message),
    );
  });
});
