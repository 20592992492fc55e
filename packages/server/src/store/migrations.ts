/**
 * Versioned schema migrations, run when a store opens. Applied versions are recorded in `herald_migration`; the
 * whole run is one transaction, so a half-applied schema never exists and opening twice is a no-op. On
 * PostgreSQL an advisory lock serialises nodes that start at the same moment; on SQLite the transaction is
 * BEGIN IMMEDIATE (see sqlite-store.ts), which does the same across processes.
 */
import { sql, type Kysely } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { Database } from './schema.ts';
import type { Dialect } from './store.ts';
import type { Migration } from './migrations/migration.ts';
import { initialMigration } from './migrations/001-initial.ts';
import { imIdentityMigration } from './migrations/002-im-identity.ts';
import { imC2cMigration } from './migrations/003-im-c2c.ts';
import { imGroupsMigration } from './migrations/004-im-groups.ts';
import { imOfflinePushMigration } from './migrations/005-im-offline-push.ts';
import { imPushOutcomesMigration } from './migrations/006-im-push-outcomes.ts';
import { consoleAdminsMigration } from './migrations/007-console-admins.ts';
import { imC2cBodyMigration } from './migrations/008-im-c2c-body.ts';

export type { Migration } from './migrations/migration.ts';

/** Every migration, in version order. Append only. */
export const migrations: readonly Migration[] = [initialMigration, imIdentityMigration, imC2cMigration, imGroupsMigration, imOfflinePushMigration, imPushOutcomesMigration, consoleAdminsMigration,
  imC2cBodyMigration];

/** Arbitrary fixed key ('herl') for pg_advisory_xact_lock; only Herald's migrator takes it. */
const MIGRATION_LOCK_KEY = 0x6865726c;

/** Applies the missing migrations; returns the versions it applied (empty when the schema was current). */
export async function runMigrations(
  db: Kysely<Database>,
  dialect: Dialect,
  now: () => number,
  list: readonly Migration[] = migrations,
): Promise<number[]> {
  const ordered = [...list].sort((a, b) => a.version - b.version);
  const latest = ordered.at(-1)?.version ?? 0;
  return db.transaction().execute(async (trx) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const t = trx as unknown as Kysely<any>;
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(t);
    await t.schema
      .createTable('herald_migration')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const rows: { version: number | string }[] = await t.selectFrom('herald_migration').select('version').execute();
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    if (newest > latest) {
      // An older Herald against a newer schema would write rows the newer code cannot read.
      throw heraldError('INTERNAL', `The database schema (version ${newest}) is newer than this Herald build (version ${latest})`);
    }
    const ran: number[] = [];
    for (const m of ordered) {
      if (applied.has(m.version)) continue;
      await m.up(t, dialect);
      await t.insertInto('herald_migration').values({ version: m.version, name: m.name, applied_at: now() }).execute();
      ran.push(m.version);
    }
    return ran;
  });
}
