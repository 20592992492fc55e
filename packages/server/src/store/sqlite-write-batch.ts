/**
 * Group commit for SQLite. A commit is the most expensive statement of a chat send (it writes the WAL), and
 * every write waits for the single connection anyway, so writes that queue up while the connection is busy are
 * run together: one BEGIN IMMEDIATE … COMMIT for the whole group. A write that throws must be rolled back alone
 * and only its caller see the error; savepoints around every write would do that at two statements a write, so
 * the group first runs without them and, only if a write throws, is rolled back and run again with each write in
 * its own savepoint. A group starts on the next turn of the event loop (setImmediate), so it takes every write
 * queued while this turn's socket reads were handled: started at once, each chat message was a group of its own
 * (each read's microtasks run before the next read), and one COMMIT a message, with the WAL pages it writes, cost
 * a third of the server's CPU under chat load. Even so, at a few thousand messages a second a turn reads only one
 * to three of them, and a group of one costs about 1.6 times as much per message as a group of twenty (the pages
 * two messages share are written once). So while the event loop is busy (`isBusy`) a group also waits
 * `commitDelayMs` for later writes: a millisecond or two added to each write for a seventh to a fifth less CPU,
 * where CPU is short. On a quiet loop it starts on the next turn, as without a delay. Each caller's promise settles
 * after the group's COMMIT, so "resolved" still means "durable".
 *
 * The writes are synchronous functions over prepared statements, run while kysely's connection lock is held, so
 * they never interleave with a kysely transaction. A write may run twice (see above), so it must act on the
 * database only, never on state of its own.
 */
import type { SyncSql } from './store.ts';
import type { StatementCache } from './sqlite-statement-cache.ts';

interface PendingWrite {
  write: (sql: SyncSql) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Exclusive = (fn: () => void) => Promise<void>;

type WriteResult = { ok: true; value: unknown } | { ok: false; err: unknown };

export interface WriteBatchOptions {
  /**
   * 0: a group takes the writes queued in the current turn of the event loop; more: while `isBusy()`, also those
   * of the next `commitDelayMs`.
   */
  commitDelayMs: number;
  /** Whether the event loop is busy now (event-loop-load.ts): only then is a group worth waiting for. */
  isBusy: () => boolean;
}

export function createSqliteWriteBatch(statements: StatementCache, exclusive: Exclusive, o: WriteBatchOptions) {
  const sql: SyncSql = {
    all: (text, params = []) => statements.prepare(text).all(params) as Record<string, unknown>[],
    get: (text, params = []) => statements.prepare(text).get(params) as Record<string, unknown> | undefined,
    run: (text, params = []) => Number(statements.prepare(text).run(params).changes),
  };
  let pending: PendingWrite[] = [];
  let scheduled = false;

  function rollbackIfOpen(): void {
    try {
      sql.run('rollback');
    } catch {
      // No transaction was left open (SQLite ends one by itself on some errors).
    }
  }

  function runGroup(): void {
    scheduled = false;
    const group = pending;
    pending = [];
    let results: WriteResult[];
    try {
      results = writeGroup(group);
    } catch (err) {
      // The transaction itself failed (BEGIN, a savepoint or COMMIT): nothing of the group is durable.
      rollbackIfOpen();
      for (const w of group) w.reject(err);
      return;
    }
    group.forEach((w, i) => {
      const r = results[i]!;
      if (r.ok) w.resolve(r.value);
      else w.reject(r.err);
    });
  }

  function writeGroup(group: readonly PendingWrite[]): WriteResult[] {
    sql.run('begin immediate');
    const values: unknown[] = [];
    try {
      for (const w of group) values.push(w.write(sql));
    } catch {
      rollbackIfOpen();
      return writeGroupInSavepoints(group);
    }
    sql.run('commit');
    return values.map((value) => ({ ok: true, value }));
  }

  function writeGroupInSavepoints(group: readonly PendingWrite[]): WriteResult[] {
    const results: WriteResult[] = [];
    sql.run('begin immediate');
    for (const w of group) {
      sql.run('savepoint grouped_write');
      try {
        results.push({ ok: true, value: w.write(sql) });
        sql.run('release grouped_write');
      } catch (err) {
        sql.run('rollback to grouped_write');
        sql.run('release grouped_write');
        results.push({ ok: false, err });
      }
    }
    sql.run('commit');
    return results;
  }

  /** A group waiting out the commit delay. */
  let delayed: NodeJS.Timeout | undefined;

  function start(): void {
    delayed = undefined;
    exclusive(runGroup).catch((err: unknown) => {
      // The lock itself failed (the store is closing): nothing of the group ran.
      scheduled = false;
      const group = pending;
      pending = [];
      for (const w of group) w.reject(err);
    });
  }

  return {
    run<T>(write: (sql: SyncSql) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (scheduled) return;
        scheduled = true;
        if (o.commitDelayMs > 0 && o.isBusy()) delayed = setTimeout(start, o.commitDelayMs);
        else setImmediate(start);
      });
    },
    /** Starts a group that is waiting out the delay now (the store is closing): it queues for the connection. */
    flush(): void {
      if (delayed === undefined) return;
      clearTimeout(delayed);
      start();
    },
  };
}
