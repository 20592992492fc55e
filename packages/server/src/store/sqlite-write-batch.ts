/**
 * Group commit for SQLite. A commit is the most expensive statement of a chat send (it writes the WAL), and
 * every write waits for the single connection anyway, so writes that queue up while the connection is busy are
 * run together: one BEGIN IMMEDIATE … COMMIT for the whole group, each write in its own savepoint so one that
 * throws is rolled back alone and only its caller sees the error. A write alone on an idle connection starts at
 * once: nothing waits for a group to fill. Each caller's promise settles after the group's COMMIT, so "resolved"
 * still means "durable".
 *
 * The writes are synchronous functions over prepared statements, run while kysely's connection lock is held, so
 * they never interleave with a kysely transaction.
 */
import type { SyncSql } from './store.ts';
import type { StatementCache } from './sqlite-statement-cache.ts';

interface PendingWrite {
  write: (sql: SyncSql) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Exclusive = (fn: () => void) => Promise<void>;

export function createSqliteWriteBatch(statements: StatementCache, exclusive: Exclusive) {
  const sql: SyncSql = {
    all: (text, params = []) => statements.prepare(text).all(params) as Record<string, unknown>[],
    get: (text, params = []) => statements.prepare(text).get(params) as Record<string, unknown> | undefined,
    run: (text, params = []) => Number(statements.prepare(text).run(params).changes),
  };
  let pending: PendingWrite[] = [];
  let scheduled = false;

  function runGroup(): void {
    scheduled = false;
    const group = pending;
    pending = [];
    let results: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }>;
    try {
      results = writeGroup(group);
    } catch (err) {
      // The transaction itself failed (BEGIN, a savepoint or COMMIT): nothing of the group is durable.
      try {
        sql.run('rollback');
      } catch {
        // No transaction was left open.
      }
      for (const w of group) w.reject(err);
      return;
    }
    group.forEach((w, i) => {
      const r = results[i]!;
      if (r.ok) w.resolve(r.value);
      else w.reject(r.err);
    });
  }

  function writeGroup(group: readonly PendingWrite[]): Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> {
    const results: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
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

  return {
    run<T>(write: (sql: SyncSql) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (scheduled) return;
        scheduled = true;
        exclusive(runGroup).catch((err: unknown) => {
          // The lock itself failed (the store is closing): nothing of the group ran.
          scheduled = false;
          const group = pending;
          pending = [];
          for (const w of group) w.reject(err);
        });
      });
    },
  };
}
