import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database, QueueJobRow } from './schema.ts';
import type { PushQueue } from './store.ts';
import { buildLeaseQuery, createSqlQueue, sortJobs } from './sql-queue.ts';

/**
 * SQLite queue. kysely's SQLite driver has one connection guarded by a mutex, and its transactions hold that
 * mutex across `await`s; running raw statements on the better-sqlite3 handle at an arbitrary moment could land
 * inside someone else's open kysely transaction. So `lease` first takes the connection through kysely
 * (`db.connection()`, which waits for any open transaction to finish), then runs select-and-update as one
 * synchronous BEGIN IMMEDIATE transaction on the raw handle. Nothing can interleave with a synchronous call in
 * this process, and IMMEDIATE takes the write lock before reading, so another process sharing the file waits
 * (busy_timeout) rather than reading the same candidates.
 */
export function createSqliteQueue(db: Kysely<Database>, raw: BetterSqlite3.Database, now: () => number): PushQueue {
  let cached: { sql: string; stmt: BetterSqlite3.Statement } | undefined;

  return createSqlQueue({ db, now }, async (owner, limit, leaseMs, at) => {
    if (limit <= 0) return [];
    const compiled = buildLeaseQuery(db, { owner, limit, leaseMs, now: at }, false).compile();
    return db.connection().execute(async () => {
      if (cached?.sql !== compiled.sql) cached = { sql: compiled.sql, stmt: raw.prepare(compiled.sql) };
      const stmt = cached.stmt;
      const take = raw.transaction(() => stmt.all(compiled.parameters) as QueueJobRow[]);
      return sortJobs(take.immediate());
    });
  });
}
