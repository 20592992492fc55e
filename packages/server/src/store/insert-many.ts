import type { Insertable, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * SQLite's default SQLITE_MAX_VARIABLE_NUMBER. PostgreSQL allows 65535 bind parameters; using the smaller limit
 * keeps one code path, and chunks of a few thousand rows are already past the point where bigger stops helping.
 */
const MAX_BIND_PARAMETERS = 32766;

export interface InsertManyOptions {
  /** Rows per statement; capped so that rows × columns stays within the bind-parameter limit. */
  chunkSize?: number;
  /** `ON CONFLICT DO NOTHING`: rows that hit a unique key are skipped (e.g. deliveries re-recorded after a takeover). */
  onConflictDoNothing?: boolean;
}

/**
 * Inserts `rows` with multi-row INSERTs in chunks. Pass a transaction to make the whole batch atomic (and, on
 * SQLite, much faster: one commit instead of one per chunk). Every row must have the same keys. Returns the
 * number of rows actually inserted.
 */
export async function insertMany<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  opts: InsertManyOptions = {},
): Promise<number> {
  const first = rows[0];
  if (first === undefined) return 0;
  const columns = Math.max(1, Object.keys(first).length);
  const limit = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / columns));
  const size = Math.max(1, Math.min(opts.chunkSize ?? limit, limit));
  // The generic table parameter defeats kysely's per-table inference; the signature above keeps callers typed.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const anyDb = db as unknown as Kysely<any>;
  let inserted = 0;
  for (let i = 0; i < rows.length; i += size) {
    let q = anyDb.insertInto(table).values(rows.slice(i, i + size));
    if (opts.onConflictDoNothing === true) q = q.onConflict((oc) => oc.doNothing());
    const result = await q.executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}
