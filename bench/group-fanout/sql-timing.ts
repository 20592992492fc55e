/**
 * Diagnostic (`--sql-timing`, SQLite only): wall time per SQL statement inside the server process, to say which
 * query a slow phase spends its time in. better-sqlite3 runs every statement synchronously, so timing `prepare`,
 * `run`, `all` and `get` on its prototypes covers every statement Herald runs (kysely's, the statement cache's, the
 * queue's and the grouped writes'), and nothing else is timed. Lists of placeholders are collapsed, so an
 * `in (?, ?, …)` of any length is one entry. It slows the server a little: leave it off for the figures.
 */
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';

export interface SqlStat {
  sql: string;
  calls: number;
  totalMs: number;
  maxMs: number;
}

export interface SqlTiming {
  /** The statements by total time, largest first; clears the counts. */
  take(top: number): SqlStat[];
}

function normalize(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').replace(/\?(, \?)+/g, '?…').replace(/(\(\?…\), )+\(\?…\)/g, '(?…), …');
  return s.length > 240 ? `${s.slice(0, 240)}…` : s;
}

type Method = (this: { source: string }, ...args: unknown[]) => unknown;

export function enableSqlTiming(): SqlTiming {
  const stats = new Map<string, SqlStat>();
  const record = (sql: string, ms: number): void => {
    let s = stats.get(sql);
    if (s === undefined) stats.set(sql, (s = { sql, calls: 0, totalMs: 0, maxMs: 0 }));
    s.calls += 1;
    s.totalMs += ms;
    if (ms > s.maxMs) s.maxMs = ms;
  };
  const timed = (label: (self: { source: string }) => string, original: Method): Method =>
    function (this: { source: string }, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        record(label(this), performance.now() - t0);
      }
    };

  const database = BetterSqlite3.prototype as unknown as { prepare: (sql: string) => object };
  const prepare = database.prepare;
  let statementsPatched = false;
  database.prepare = function (this: unknown, sql: string) {
    const t0 = performance.now();
    const statement = prepare.call(this, sql);
    record(`PREPARE ${normalize(sql)}`, performance.now() - t0);
    if (!statementsPatched) {
      statementsPatched = true;
      const proto = Object.getPrototypeOf(statement) as Record<string, Method>;
      for (const name of ['run', 'all', 'get']) proto[name] = timed((self) => normalize(self.source), proto[name]!);
    }
    return statement;
  };

  return {
    take(top) {
      const list = [...stats.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)
        .map((s) => ({ ...s, totalMs: Math.round(s.totalMs * 10) / 10, maxMs: Math.round(s.maxMs * 10) / 10 }));
      stats.clear();
      return list;
    },
  };
}
