/**
 * The unread totals compiled once (unread-totals.ts compiledUnreadTotals) give the SQL and parameters that
 * compiling the templates for the owner gives, on both dialects, whatever the owner's id looks like.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { c2cUnreadTotalSql, compiledUnreadTotals, groupUnreadTotalSql } from '../../src/im/messages/unread-totals.ts';

const owners = [
  { sdkAppId: 1400000001, userId: 'alice' },
  { sdkAppId: 1400000002, userId: 'user "quoted" 用户' },
  { sdkAppId: 1, userId: '1400000001' },
];

test('compiled once, substituted per owner: the same statements as compiling for that owner', () => {
  const sqlite = new BetterSqlite3(':memory:');
  const dialects = [
    new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }),
    // Compiling needs no connection.
    new Kysely<unknown>({ dialect: new PostgresDialect({ pool: {} as never }) }),
  ];
  try {
    for (const db of dialects) {
      const compiled = compiledUnreadTotals(db);
      for (const owner of owners) {
        const c2c = c2cUnreadTotalSql(owner).compile(db);
        const group = groupUnreadTotalSql(owner).compile(db);
        assert.deepEqual(compiled.c2c(owner), { sql: c2c.sql, parameters: [...c2c.parameters] });
        assert.deepEqual(compiled.group(owner), { sql: group.sql, parameters: [...group.parameters] });
      }
    }
  } finally {
    sqlite.close();
  }
});
