/**
 * The web console's sign-in: admin accounts, their server-side sessions, the sign-in failure counters and the
 * one-time setup token that creates the first admin.
 *
 * `console_session` holds only the sha256 of the id the cookie carries, so a copy of the database opens no
 * session; a session row dies with its admin (deleted in the same transaction) or with a password change.
 * `console_signin_throttle` and `console_setup_token` live in the store, not in a node's memory or data dir, so
 * every node of a deployment counts the same failures and accepts the same setup tokens.
 */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration } from './migration.ts';

type TableBuilder = CreateTableBuilder<string, string>;

export const consoleAdminsMigration: Migration = {
  version: 7,
  name: 'console-admins',
  async up(db, dialect) {
    const withoutRowid = (t: TableBuilder): TableBuilder => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);

    await withoutRowid(
      db.schema.createTable('console_admin')
        .addColumn('username', 'text', (c) => c.primaryKey())
        /** `$scrypt$ln=…,r=…,p=…$<salt>$<key>`: the parameters travel with the hash so they can be raised later. */
        .addColumn('password_hash', 'text', (c) => c.notNull())
        /** 'admin' | 'viewer' */
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull()),
    ).execute();

    await withoutRowid(
      db.schema.createTable('console_session')
        /** sha256 hex of the 256-bit id in the cookie. */
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull()),
    ).execute();
    await db.schema.createIndex('console_session_username_idx').on('console_session').columns(['username']).execute();

    await withoutRowid(
      db.schema.createTable('console_signin_throttle')
        /** `ip:<address>` or `user:<address>:<lower-cased username>`. */
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_started_at', 'bigint', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull()),
    ).execute();
    await db.schema.createIndex('console_signin_throttle_window_idx').on('console_signin_throttle').columns(['window_started_at']).execute();

    await withoutRowid(
      db.schema.createTable('console_setup_token')
        /** sha256 hex of a setup token written to a node's data dir; one row per node that made one. */
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'bigint', (c) => c.notNull()),
    ).execute();
  },
};
