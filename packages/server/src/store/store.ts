/**
 * One store interface, two adapters (SQLite embedded default, PostgreSQL scaled out). Domain code writes
 * portable kysely queries against `db`; what differs between dialects (leasing queue jobs, opening, migrating)
 * lives behind this interface.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, QueueJobKind, QueueJobRow } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface NewQueueJob {
  push_id: string;
  access_id: number;
  kind: QueueJobKind;
  cursor?: string | null;
  tokens?: string[] | null;
  available_at: number;
}

export interface PushQueue {
  /** Adds jobs (inside `trx` when given, so a task and its first job commit together). */
  enqueue(jobs: readonly NewQueueJob[], trx?: Transaction<Database>): Promise<void>;
  /**
   * Takes up to `limit` jobs that are pending and available at `now`, or leased with an expired lease, and
   * leases them to `owner` until `now + leaseMs`. Two concurrent callers never get the same job.
   */
  lease(owner: string, limit: number, leaseMs: number, now: number): Promise<QueueJobRow[]>;
  /** Marks a leased job done. Returns false if the lease was lost (another worker took it over). */
  complete(jobId: number, owner: string, trx?: Transaction<Database>): Promise<boolean>;
  /** Gives a leased job back: pending again from `availableAt` (retry later, or shutdown). */
  release(jobId: number, owner: string, availableAt: number, opts?: { bumpAttempt?: boolean; tokens?: string[] }): Promise<boolean>;
  /** Pushes the lease of a long-running job forward. */
  extend(jobId: number, owner: string, leaseUntil: number): Promise<boolean>;
  /** Every pending or leased job of the task becomes `state` ('cancelled' or 'expired'); returns how many. */
  closeTask(pushId: string, state: 'cancelled' | 'expired'): Promise<number>;
  /** Jobs not yet done (pending + leased). */
  depth(): Promise<number>;
  /** Earliest `available_at` among pending jobs, or null when there is none. */
  nextAvailableAt(): Promise<number | null>;
}

/** Synchronous statements on SQLite's single connection (prepared once, cached by SQL text). */
export interface SyncSql {
  all(sql: string, params?: readonly unknown[]): Record<string, unknown>[];
  get(sql: string, params?: readonly unknown[]): Record<string, unknown> | undefined;
  /** Returns the number of changed rows. */
  run(sql: string, params?: readonly unknown[]): number;
}

export interface Store {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  readonly queue: PushQueue;
  /**
   * Runs `fn` in a transaction (BEGIN IMMEDIATE on SQLite). Inside it, use only `trx`: on SQLite the single
   * connection is held by the transaction, so a query on `db` would wait for the transaction and never finish.
   */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * SQLite only: runs a synchronous write inside a transaction shared with the other writes queued meanwhile
   * (group commit, see sqlite-write-batch.ts); resolves after the COMMIT. A write that throws is rolled back alone.
   * Hot paths use it where one transaction per write would cost a WAL commit each; PostgreSQL has none.
   */
  readonly groupedWrite?: <T>(write: (sql: SyncSql) => T) => Promise<T>;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** SQLite file name inside dataDir; ':memory:' for an in-memory database. */
  sqliteFile?: string;
  /** Clock for the store's own timestamps (queue `created_at`/`updated_at`, migrations); defaults to Date.now. */
  now?: () => number;
  /** PostgreSQL pool size (default 10). */
  pgPoolMax?: number;
  /** SQLite busy_timeout in ms (default 5000): how long a write waits for another process's write lock. */
  sqliteBusyTimeoutMs?: number;
  /**
   * While the event loop is busy, how long a grouped write (`groupedWrite`) waits for more writes to share its
   * COMMIT; 0 (the default here): only the writes queued in the same turn of the event loop.
   */
  sqliteCommitDelayMs?: number;
  /** Errors that happen outside any query (an idle PostgreSQL connection dropping); the pool recovers by itself. */
  onBackgroundError?: (err: Error) => void;
}
