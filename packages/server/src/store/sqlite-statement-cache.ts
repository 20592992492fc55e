/**
 * kysely's SQLite driver calls `prepare` for every execution, and preparing costs more than running most of our
 * statements (a quarter of the server's CPU under chat load). The driver only needs `prepare` and `close`, so it
 * gets the database behind a bounded cache of prepared statements keyed by SQL text; the grouped writes
 * (sqlite-write-batch.ts) share the cache. Reusing a statement is safe: one query runs at a time on the single
 * connection, so no cached statement is ever busy when reused, and SQLite re-prepares a statement by itself when a
 * migration changes the schema under it.
 */
import type BetterSqlite3 from 'better-sqlite3';

/** Enough for every distinct statement the server runs; lists of varying length (`in (?, ?, …)`) rotate out. */
const DEFAULT_MAX_STATEMENTS = 2000;

export interface StatementCache {
  prepare(sql: string): BetterSqlite3.Statement;
  close(): void;
}

export function withStatementCache(db: BetterSqlite3.Database, maxStatements = DEFAULT_MAX_STATEMENTS): StatementCache {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string): BetterSqlite3.Statement {
      const cached = statements.get(sql);
      if (cached !== undefined) return cached;
      const prepared = db.prepare(sql);
      // Oldest first out: a Map iterates in insertion order.
      if (statements.size >= maxStatements) statements.delete(statements.keys().next().value!);
      statements.set(sql, prepared);
      return prepared;
    },
  };
}
