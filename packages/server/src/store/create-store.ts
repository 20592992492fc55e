import type { Store, StoreOptions } from './store.ts';
import { isPostgresUrl, openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';

/**
 * Opens the store and brings its schema up to date: PostgreSQL when `databaseUrl` is a postgres:// or
 * postgresql:// URL, otherwise SQLite at `${dataDir}/${sqliteFile ?? 'herald.db'}`.
 */
export async function createStore(o: StoreOptions): Promise<Store> {
  return isPostgresUrl(o.databaseUrl) ? openPostgresStore(o.databaseUrl, o) : openSqliteStore(o);
}
