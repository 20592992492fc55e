/**
 * The durable push queue over the `queue_job` table: everything both dialects share. Only `lease` differs
 * (row locking on PostgreSQL, a synchronous immediate transaction on SQLite); see sqlite-queue.ts and
 * postgres-queue.ts.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, QueueJobRow } from './schema.ts';
import type { PushQueue } from './store.ts';
import { insertMany } from './insert-many.ts';

export interface SqlQueueDeps {
  db: Kysely<Database>;
  now: () => number;
}

export interface LeaseArgs {
  owner: string;
  limit: number;
  leaseMs: number;
  now: number;
}

/**
 * Leases up to `limit` available jobs in one UPDATE … WHERE job_id IN (SELECT … LIMIT n) … RETURNING *.
 * A takeover of an expired lease counts as a new attempt, so a job that keeps killing its worker becomes
 * visible in `attempt` instead of looping silently.
 */
export function buildLeaseQuery(db: Kysely<Database>, a: LeaseArgs, lockRows: boolean) {
  return db
    .updateTable('queue_job')
    .set({
      state: 'leased',
      lease_owner: a.owner,
      lease_until: a.now + a.leaseMs,
      updated_at: a.now,
      attempt: sql<number>`case when state = 'leased' then attempt + 1 else attempt end`,
    })
    .where((eb) => {
      let candidates = eb
        .selectFrom('queue_job as c')
        .select('c.job_id')
        .where((w) =>
          w.or([
            w.and([w('c.state', '=', 'pending'), w('c.available_at', '<=', a.now)]),
            w.and([w('c.state', '=', 'leased'), w('c.lease_until', '<=', a.now)]),
          ]),
        )
        .orderBy('c.available_at')
        .orderBy('c.job_id')
        .limit(a.limit);
      if (lockRows) candidates = candidates.forUpdate().skipLocked();
      return eb('job_id', 'in', candidates);
    })
    .returningAll();
}

/** RETURNING order is unspecified on both dialects; callers get jobs in queue order. */
export function sortJobs(rows: QueueJobRow[]): QueueJobRow[] {
  return rows.sort((x, y) => x.available_at - y.available_at || x.job_id - y.job_id);
}

export function createSqlQueue(deps: SqlQueueDeps, lease: PushQueue['lease']): PushQueue {
  const { db, now } = deps;
  const on = (trx: Transaction<Database> | undefined): Kysely<Database> => trx ?? db;
  const changed = (r: { numUpdatedRows: bigint }): number => Number(r.numUpdatedRows);

  return {
    async enqueue(jobs, trx) {
      if (jobs.length === 0) return;
      const t = now();
      await insertMany(
        on(trx),
        'queue_job',
        jobs.map((j) => ({
          push_id: j.push_id,
          access_id: j.access_id,
          kind: j.kind,
          state: 'pending',
          cursor: j.cursor ?? null,
          tokens_json: j.tokens == null ? null : JSON.stringify(j.tokens),
          attempt: 0,
          available_at: j.available_at,
          lease_owner: null,
          lease_until: null,
          created_at: t,
          updated_at: t,
        })),
      );
    },

    lease,

    async complete(jobId, owner, trx) {
      const r = await on(trx)
        .updateTable('queue_job')
        .set({ state: 'done', lease_until: null, updated_at: now() })
        .where('job_id', '=', jobId)
        .where('state', '=', 'leased')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return changed(r) > 0;
    },

    async release(jobId, owner, availableAt, opts = {}) {
      const r = await db
        .updateTable('queue_job')
        .set((eb) => ({
          state: 'pending',
          available_at: availableAt,
          lease_owner: null,
          lease_until: null,
          updated_at: now(),
          ...(opts.bumpAttempt === true ? { attempt: eb('attempt', '+', 1) } : {}),
          ...(opts.tokens === undefined ? {} : { tokens_json: JSON.stringify(opts.tokens) }),
        }))
        .where('job_id', '=', jobId)
        .where('state', '=', 'leased')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return changed(r) > 0;
    },

    async extend(jobId, owner, leaseUntil) {
      const r = await db
        .updateTable('queue_job')
        .set({ lease_until: leaseUntil, updated_at: now() })
        .where('job_id', '=', jobId)
        .where('state', '=', 'leased')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return changed(r) > 0;
    },

    async closeTask(pushId, state) {
      const r = await db
        .updateTable('queue_job')
        .set({ state, lease_until: null, updated_at: now() })
        .where('push_id', '=', pushId)
        .where('state', 'in', ['pending', 'leased'])
        .executeTakeFirst();
      return changed(r);
    },

    async depth() {
      const row = await db
        .selectFrom('queue_job')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', 'in', ['pending', 'leased'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async nextAvailableAt() {
      const row = await db
        .selectFrom('queue_job')
        .select((eb) => eb.fn.min('available_at').as('at'))
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return row?.at == null ? null : Number(row.at);
    },
  };
}

/** Deletes finished jobs (done, cancelled, expired) last touched before `before`; returns how many. */
export async function pruneQueue(db: Kysely<Database>, before: number): Promise<number> {
  const r = await db
    .deleteFrom('queue_job')
    .where('state', 'in', ['done', 'cancelled', 'expired'])
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
