/**
 * The persistence check: after a Herald run, which C2C messages (msgKeys) and how many inbox rows the server's own
 * database holds for the bench app. SQLite is opened read-only with better-sqlite3 after the server has stopped;
 * PostgreSQL runs in a database made for the run and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

export interface StoredMessages {
  msgKeys: Set<string>;
  inboxRows: number;
}

const KEYS_SQL = 'select msg_key from im_c2c_message where sdk_app_id = ';

export function readSqliteMessages(dataDir: string, sdkAppId: number): StoredMessages {
  const db = new BetterSqlite3(join(dataDir, 'herald.db'), { readonly: true, fileMustExist: true });
  try {
    const msgKeys = new Set<string>();
    let inboxRows = 0;
    for (const row of db.prepare(`${KEYS_SQL}?`).iterate(sdkAppId) as Iterable<{ msg_key: string }>) {
      msgKeys.add(row.msg_key);
      inboxRows += 1;
    }
    return { msgKeys, inboxRows };
  } finally {
    db.close();
  }
}

export async function readPostgresMessages(url: string, sdkAppId: number): Promise<StoredMessages> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ msg_key: string }>(`${KEYS_SQL}$1`, [sdkAppId]);
    return { msgKeys: new Set(rows.map((r) => r.msg_key)), inboxRows: rows.length };
  } finally {
    await client.end();
  }
}

/** A fresh database on the server of `adminUrl`; `drop` removes it (forcing off any connection left). */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `herald_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
