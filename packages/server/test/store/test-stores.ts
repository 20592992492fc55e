/**
 * Throwaway stores for tests anywhere in the repo:
 *   const { store, cleanup } = await createTestSqliteStore();   // temp dir, removed by cleanup()
 *   const { store, cleanup } = await createTestPostgresStore(); // throwaway database, dropped by cleanup()
 * PostgreSQL comes from HERALD_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres, trust auth).
 * An unreachable server is an error, never a skip: `npm test` starts one where the machine has none.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore } from '../../src/store/create-store.ts';
import { describePostgresUrl } from '../../src/store/postgres-store.ts';
import type { Store, StoreOptions } from '../../src/store/store.ts';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestStoreOptions = Omit<StoreOptions, 'databaseUrl' | 'dataDir'>;

export interface TestStore {
  store: Store;
  /** Closes the store (if still open) and removes its files or database. */
  cleanup(): Promise<void>;
}

export interface ThrowawayDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  /** Drops the database, disconnecting anyone still on it. */
  drop(): Promise<void>;
}

export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env['HERALD_TEST_DATABASE_URL'];
  return url === undefined || url === '' ? DEFAULT_TEST_DATABASE_URL : url;
}

async function withAdminClient<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL is not reachable at ${describePostgresUrl(adminUrl)} (${(err as Error).message}). ` +
        'The store tests need a PostgreSQL server with trust auth: set HERALD_TEST_DATABASE_URL, or run them ' +
        'through `npm test`, which starts a throwaway server on machines that lack one.',
      { cause: err },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `herald_test_<random>` on the test server. */
export async function createThrowawayPostgresDatabase(adminUrl: string = testDatabaseUrl()): Promise<ThrowawayDatabase> {
  const name = `herald_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdminClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export async function createTestSqliteStore(o: TestStoreOptions = {}): Promise<TestStore & { dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-store-'));
  let store: Store;
  try {
    store = await createStore({ ...o, dataDir });
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    store,
    dataDir,
    async cleanup() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTestPostgresStore(o: TestStoreOptions = {}): Promise<TestStore & { url: string }> {
  const database = await createThrowawayPostgresDatabase();
  let store: Store;
  try {
    store = await createStore({ ...o, databaseUrl: database.url, dataDir: '' });
  } catch (err) {
    await database.drop();
    throw err;
  }
  return {
    store,
    url: database.url,
    async cleanup() {
      await store.close();
      await database.drop();
    },
  };
}
