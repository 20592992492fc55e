/**
 * Reads an app row inside a transaction so that a concurrent change of the same app waits for it: on PostgreSQL
 * the row is locked (`FOR UPDATE`); on SQLite the transaction already holds the database's write lock.
 * Deleting an app and authorizing it to an IM app both decide on `im_sdk_app_id`, so both read it this way.
 */
import type { Transaction } from 'kysely';
import type { Dialect } from '../../store/store.ts';
import type { AppRow, Database } from '../../store/schema.ts';

export async function lockApp(trx: Transaction<Database>, dialect: Dialect, accessId: number): Promise<AppRow | undefined> {
  let query = trx.selectFrom('app').selectAll().where('access_id', '=', accessId);
  if (dialect === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}
