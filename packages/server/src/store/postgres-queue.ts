import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { PushQueue } from './store.ts';
import { buildLeaseQuery, createSqlQueue, sortJobs } from './sql-queue.ts';

/**
 * PostgreSQL queue. `lease` is one statement whose candidate rows are taken FOR UPDATE SKIP LOCKED: concurrent
 * leasers (other pool connections, other nodes) skip rows another transaction is claiming instead of waiting
 * for it, and a row that was claimed and committed meanwhile is re-checked against the WHERE clause under
 * READ COMMITTED, so it no longer qualifies. No job is handed out twice.
 */
export function createPostgresQueue(db: Kysely<Database>, now: () => number): PushQueue {
  return createSqlQueue({ db, now }, async (owner, limit, leaseMs, at) => {
    if (limit <= 0) return [];
    const rows = await buildLeaseQuery(db, { owner, limit, leaseMs, now: at }, true).execute();
    return sortJobs(rows);
  });
}
