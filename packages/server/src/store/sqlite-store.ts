import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql, type DatabaseConnection, type Driver } from 'kysely';
import type { Database } from './schema.ts';
import type { Store, StoreOptions } from './store.ts';
import { runMigrations } from './migrations.ts';
import { createSqliteQueue } from './sqlite-queue.ts';
import { withStatementCache } from './sqlite-statement-cache.ts';
import { createSqliteWriteBatch } from './sqlite-write-batch.ts';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.ts';
import { seedPlannerStats } from './sqlite-planner-stats.ts';
import { watchEventLoopLoad } from './event-loop-load.ts';

/**
 * kysely begins SQLite transactions as DEFERRED. A deferred transaction that reads and then writes can fail
 * with SQLITE_BUSY on the upgrade when another process holds the write lock, and busy_timeout cannot help
 * there. IMMEDIATE takes the write lock up front, where busy_timeout applies. Within one process it changes
 * nothing: kysely already runs everything on one connection, one transaction at a time.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/** How often the checkpoint worker folds the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 1000;

export async function openSqliteStore(o: StoreOptions): Promise<Store> {
  const now = o.now ?? Date.now;
  const inMemory = o.sqliteFile === ':memory:';
  if (!inMemory) mkdirSync(o.dataDir, { recursive: true });
  const file = inMemory ? ':memory:' : join(o.dataDir, o.sqliteFile ?? 'herald.db');

  const raw = new BetterSqlite3(file, { timeout: o.sqliteBusyTimeoutMs ?? 5000 });
  try {
    raw.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power loss may drop the last commits but never corrupts the file; fsync per commit
    // (FULL) costs ~20x on single-statement writes.
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
  } catch (err) {
    raw.close();
    throw err;
  }

  const statements = withStatementCache(raw);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: statements }) });
  try {
    await runMigrations(db, 'sqlite', now);
    seedPlannerStats(raw);
  } catch (err) {
    await db.destroy();
    throw err;
  }

  const busyTimeoutMs = o.sqliteBusyTimeoutMs ?? 5000;
  // Holding kysely's connection (its lock) keeps grouped writes and checkpoints out of its transactions.
  const exclusive = (fn: () => void) => db.connection().execute(async () => fn());
  const checkpointer: Checkpointer | undefined = inMemory ? undefined : startCheckpointer(raw, {
    file, intervalMs: CHECKPOINT_INTERVAL_MS, busyTimeoutMs, exclusive, onError: (err) => o.onBackgroundError?.(err),
  });
  let closed = false;
  const commitDelayMs = o.sqliteCommitDelayMs ?? 0;
  const load = commitDelayMs > 0 ? watchEventLoopLoad() : undefined;
  // Once closing, nothing waits: a write queued then must reach the connection before it closes.
  const batch = createSqliteWriteBatch(statements, exclusive, { commitDelayMs, isBusy: () => !closed && (load?.busy() ?? false) });
  return {
    dialect: 'sqlite',
    db,
    queue: createSqliteQueue(db, raw, now),
    transaction: (fn) => db.transaction().execute(fn),
    groupedWrite: (write) => batch.run(write),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      load?.stop();
      batch.flush();
      await checkpointer?.stop();
      // A grouped write queued now takes the connection on the next turn: let it queue before closing does.
      await new Promise((resolve) => setImmediate(resolve));
      // Waits for the connection mutex, so queries already queued finish first.
      await db.connection().execute(async () => {
        if (!inMemory) raw.pragma('optimize');
      });
      await db.destroy();
    },
  };
}
