/**
 * Console accounts: create, list, delete, change password or role. Deleting an account or changing its password
 * ends its sessions in the same transaction; the last account with role 'admin' can be neither deleted nor made
 * read-only, so the console can always be administered.
 */
import type { Kysely, Transaction } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import type { Database } from '../store/schema.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';

export type ConsoleRole = 'admin' | 'viewer';

export interface ConsoleAdminView {
  username: string;
  role: ConsoleRole;
  createdAt: number;
  updatedAt: number;
}

type Row = { username: string; role: string; created_at: number; updated_at: number };

export function toAdminView(row: Row): ConsoleAdminView {
  return { username: row.username, role: row.role === 'admin' ? 'admin' : 'viewer', createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
}

export async function countAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('console_admin').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listAdmins(ctx: ServerContext): Promise<ConsoleAdminView[]> {
  const rows = await ctx.store.db.selectFrom('console_admin').select(['username', 'role', 'created_at', 'updated_at']).orderBy('username').execute();
  return rows.map(toAdminView);
}

export async function findAdmin(db: Kysely<Database>, username: string) {
  return db.selectFrom('console_admin').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Inserts an account inside `trx`; CONSOLE_ADMIN_EXISTS when the username is taken. */
export async function insertAdmin(trx: Transaction<Database>, username: string, passwordHash: string, role: ConsoleRole, now: number): Promise<ConsoleAdminView> {
  const row = { username, password_hash: passwordHash, role, created_at: now, updated_at: now };
  try {
    await trx.insertInto('console_admin').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw heraldError('CONSOLE_ADMIN_EXISTS');
    throw err;
  }
  return toAdminView(row);
}

export async function createAdmin(ctx: ServerContext, username: string, password: string, role: ConsoleRole): Promise<ConsoleAdminView> {
  const passwordHash = await ctx.passwords.hash(password);
  return ctx.store.transaction(async (trx) => {
    if ((await findAdmin(trx, username)) !== undefined) throw heraldError('CONSOLE_ADMIN_EXISTS');
    return insertAdmin(trx, username, passwordHash, role, ctx.clock.now());
  });
}

/**
 * The accounts with role 'admin', locked on PostgreSQL until the transaction ends: two transactions each removing
 * a different admin would otherwise both see the other one still there and leave none.
 */
async function lockedAdminNames(ctx: ServerContext, trx: Transaction<Database>): Promise<string[]> {
  const query = trx.selectFrom('console_admin').select('username').where('role', '=', 'admin');
  const rows = await (ctx.store.dialect === 'postgres' ? query.forUpdate() : query).execute();
  return rows.map((r) => r.username);
}

async function requireAdmin(trx: Transaction<Database>, username: string) {
  const row = await findAdmin(trx, username);
  if (row === undefined) throw heraldError('CONSOLE_ADMIN_NOT_FOUND');
  return row;
}

export async function deleteAdmin(ctx: ServerContext, username: string): Promise<void> {
  await ctx.store.transaction(async (trx) => {
    const admins = await lockedAdminNames(ctx, trx);
    const row = await requireAdmin(trx, username);
    if (row.role === 'admin' && admins.length <= 1) throw heraldError('CONSOLE_LAST_ADMIN');
    await trx.deleteFrom('console_session').where('username', '=', username).execute();
    await trx.deleteFrom('console_admin').where('username', '=', username).execute();
  });
}

export async function setAdminRole(ctx: ServerContext, username: string, role: ConsoleRole): Promise<ConsoleAdminView> {
  return ctx.store.transaction(async (trx) => {
    const admins = await lockedAdminNames(ctx, trx);
    const row = await requireAdmin(trx, username);
    if (row.role === 'admin' && role !== 'admin' && admins.length <= 1) throw heraldError('CONSOLE_LAST_ADMIN');
    if (row.role === role) return toAdminView(row);
    const now = ctx.clock.now();
    await trx.updateTable('console_admin').set({ role, updated_at: now }).where('username', '=', username).execute();
    return toAdminView({ ...row, role, updated_at: now });
  });
}

/**
 * Sets a new password and ends the account's sessions, all but `keepSessionHash` (the session making the change,
 * when an admin changes their own password).
 */
export async function setAdminPassword(ctx: ServerContext, username: string, password: string, keepSessionHash?: string): Promise<ConsoleAdminView> {
  const passwordHash = await ctx.passwords.hash(password);
  return ctx.store.transaction(async (trx) => {
    const row = await requireAdmin(trx, username);
    const now = ctx.clock.now();
    await trx.updateTable('console_admin').set({ password_hash: passwordHash, updated_at: now }).where('username', '=', username).execute();
    let ending = trx.deleteFrom('console_session').where('username', '=', username);
    if (keepSessionHash !== undefined) ending = ending.where('id_hash', '<>', keepSessionHash);
    await ending.execute();
    return toAdminView({ ...row, updated_at: now });
  });
}
