import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Store, StoreOptions } from './store.ts';
import { runMigrations } from './migrations.ts';
import { createPostgresQueue } from './postgres-queue.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * pg returns int8 (bigint columns, count(*), sum of integers) and numeric as strings, while SQLite returns
 * numbers; parse both to Number so one query layer serves both dialects. Set per pool rather than with the
 * global `pg.types.setTypeParser`, so nothing else in the process is affected. Epoch-ms times and ids stay far
 * below 2^53.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** host:port/database of a connection URL, without credentials, for error messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

export async function openPostgresStore(url: string, o: StoreOptions): Promise<Store> {
  const now = o.now ?? Date.now;
  const pool = new pg.Pool({ connectionString: url, max: o.pgPoolMax ?? 10, types });
  // An idle client whose connection dies emits 'error' on the pool; unhandled, that would crash the process.
  // The pool drops that client and the next query connects afresh.
  pool.on('error', (err) => o.onBackgroundError?.(err));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await runMigrations(db, 'postgres', now);
  } catch (err) {
    await db.destroy();
    const code = (err as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01' || code === '28000') {
      throw new Error(`Cannot open PostgreSQL at ${describePostgresUrl(url)}: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }

  let closed = false;
  return {
    dialect: 'postgres',
    db,
    queue: createPostgresQueue(db, now),
    transaction: (fn) => db.transaction().execute(fn),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
