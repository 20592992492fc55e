/**
 * Starting statistics for SQLite's query planner. Without `sqlite_stat1` SQLite assumes that equality on an
 * index's first column leaves about ten rows; nearly every index here starts with the tenant (`sdk_app_id`,
 * `access_id`), which leaves the whole table on a one-app server. So it took "the primary key, searched by app"
 * over the index that names the user: a user's group memberships read every membership of the app, and the
 * duplicate check of every C2C send read every message of both inboxes, work that grows with the data.
 *
 * For every index that has no row in `sqlite_stat1` (a new database, or one never analysed), this writes the
 * shape of a populated deployment: a million rows, tenant columns that narrow nothing, few-valued columns (a state,
 * a type) that narrow by four, a first identifier (a user, a group) that leaves a hundred rows and further ones
 * that narrow by a hundred, one row for a unique key. Rows ANALYZE wrote (`PRAGMA optimize` runs it on close once
 * a table has changed enough) are real figures and are kept.
 */
import type BetterSqlite3 from 'better-sqlite3';

const ASSUMED_ROWS = 1_000_000;
const TENANT_COLUMNS = new Set(['sdk_app_id', 'access_id', 'product_id']);
const FEW_VALUE_COLUMNS = new Set(['state', 'status', 'type', 'kind', 'channel', 'environment', 'voip', 'account_type', 'platform']);
const FEW_VALUE_NARROWING = 4;
/** The first identifier names a user, a group, a token: many of them. Further ones narrow within it. */
const FIRST_IDENTIFIER_NARROWING = 10_000;
const IDENTIFIER_NARROWING = 100;

interface IndexShape {
  table: string;
  /** The name `sqlite_stat1` uses: a WITHOUT ROWID table's primary key goes by the table's name. */
  statName: string;
  columns: string[];
  unique: boolean;
}

/** `sqlite_stat1`'s text for an index: the row count, then the rows left by each longer prefix of equalities. */
export function assumedIndexStat(columns: readonly string[], unique: boolean): string {
  const left: number[] = [];
  let rows = ASSUMED_ROWS;
  let identifiers = 0;
  for (const column of columns) {
    if (FEW_VALUE_COLUMNS.has(column)) rows /= FEW_VALUE_NARROWING;
    else if (!TENANT_COLUMNS.has(column)) rows /= identifiers++ === 0 ? FIRST_IDENTIFIER_NARROWING : IDENTIFIER_NARROWING;
    left.push(Math.max(1, Math.round(rows)));
  }
  if (unique && left.length > 0) left[left.length - 1] = 1;
  return [ASSUMED_ROWS, ...left].join(' ');
}

function indexShapes(raw: BetterSqlite3.Database): IndexShape[] {
  const tables = raw.prepare(`select name, wr from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%'`)
    .all() as { name: string; wr: number }[];
  const shapes: IndexShape[] = [];
  for (const t of tables) {
    const indexes = raw.prepare('select name, "unique", origin from pragma_index_list(?)').all(t.name) as { name: string; unique: number; origin: string }[];
    for (const i of indexes) {
      const columns = (raw.prepare('select name from pragma_index_info(?) order by seqno').all(i.name) as { name: string | null }[])
        .map((c) => c.name ?? '');
      shapes.push({ table: t.name, statName: t.wr === 1 && i.origin === 'pk' ? t.name : i.name, columns, unique: i.unique === 1 });
    }
  }
  return shapes;
}

/** Writes the assumed statistics of every index that has none and has the planner read them. */
export function seedPlannerStats(raw: BetterSqlite3.Database): void {
  // Creates sqlite_stat1 when missing (analysing the schema table itself writes nothing of ours).
  raw.exec('analyze sqlite_schema');
  const known = new Set((raw.prepare('select tbl, idx from sqlite_stat1').all() as { tbl: string; idx: string | null }[])
    .map((r) => `${r.tbl}\u0000${r.idx ?? ''}`));
  const missing = indexShapes(raw).filter((s) => !known.has(`${s.table}\u0000${s.statName}`));
  if (missing.length === 0) return;
  const insert = raw.prepare('insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)');
  raw.transaction(() => {
    for (const s of missing) insert.run(s.table, s.statName, assumedIndexStat(s.columns, s.unique));
  })();
  // The planner reads sqlite_stat1 when the schema loads; this reloads it.
  raw.exec('analyze sqlite_schema');
}
