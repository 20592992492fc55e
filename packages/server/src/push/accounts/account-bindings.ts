/**
 * Account ↔ token bindings (TPNS account API, tpns-and-im-offline-push.md §1.9): a token holds at most one
 * account per account type, an account is bound to at most 100 tokens, and the newest binding is the
 * account's "most recent device" (account_push_type 0). Every function runs inside the caller's transaction.
 */
import type { Kysely } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { Database } from '../../store/schema.ts';
import { MAX_TOKENS_PER_ACCOUNT } from '../model/limits.ts';
import type { AccountRef } from '../model/normalize-account-operation.ts';

export type { AccountRef };

/** One account per type: a later entry of the same type overrides an earlier one. */
export function onePerType(accounts: readonly AccountRef[]): AccountRef[] {
  const byType = new Map<number, AccountRef>();
  for (const a of accounts) {
    byType.delete(a.accountType);
    byType.set(a.accountType, a);
  }
  return [...byType.values()];
}

async function checkTokenLimit(db: Kysely<Database>, accessId: number, token: string, ref: AccountRef): Promise<void> {
  const row = await db.selectFrom('account_binding')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('access_id', '=', accessId).where('account', '=', ref.account).where('account_type', '=', ref.accountType)
    .where('token', '!=', token)
    .executeTakeFirst();
  if (Number(row?.n ?? 0) >= MAX_TOKENS_PER_ACCOUNT) {
    throw heraldError('ACCOUNT_TOKEN_LIMIT', `Account ${ref.account} (type ${ref.accountType}) is already bound to ${MAX_TOKENS_PER_ACCOUNT} tokens`);
  }
}

/** Binds each account to the token, replacing the token's account of the same type (SDK upsertAccounts). */
export async function upsertTokenAccounts(db: Kysely<Database>, accessId: number, token: string, accounts: readonly AccountRef[], now: number): Promise<void> {
  for (const ref of onePerType(accounts)) {
    await checkTokenLimit(db, accessId, token, ref);
    await db.deleteFrom('account_binding')
      .where('access_id', '=', accessId).where('token', '=', token).where('account_type', '=', ref.accountType)
      .execute();
    await db.insertInto('account_binding')
      .values({ access_id: accessId, token, account: ref.account, account_type: ref.accountType, bound_at: now })
      .execute();
  }
}

/** Replaces all of the token's accounts with `accounts` (TPNS operator_type 2, and 1 which now acts as 2). */
export async function overwriteTokenAccounts(db: Kysely<Database>, accessId: number, token: string, accounts: readonly AccountRef[], now: number): Promise<void> {
  await db.deleteFrom('account_binding').where('access_id', '=', accessId).where('token', '=', token).execute();
  await upsertTokenAccounts(db, accessId, token, accounts, now);
}

/** Unbinds the given accounts from the token (TPNS operator_type 3). */
export async function unbindTokenAccounts(db: Kysely<Database>, accessId: number, token: string, accounts: readonly AccountRef[]): Promise<void> {
  for (const ref of accounts) {
    await db.deleteFrom('account_binding')
      .where('access_id', '=', accessId).where('token', '=', token)
      .where('account', '=', ref.account).where('account_type', '=', ref.accountType)
      .execute();
  }
}

/** Unbinds the token's accounts of the given types, or all of them (TPNS operator_type 4, SDK delAccounts/clearAccounts). */
export async function unbindTokenTypes(db: Kysely<Database>, accessId: number, token: string, types?: readonly number[]): Promise<void> {
  if (types !== undefined && types.length === 0) return;
  let query = db.deleteFrom('account_binding').where('access_id', '=', accessId).where('token', '=', token);
  if (types !== undefined) query = query.where('account_type', 'in', [...types]);
  await query.execute();
}

/** Unbinds an account from every token (TPNS operator_type 5). */
export async function unbindAccountEverywhere(db: Kysely<Database>, accessId: number, ref: AccountRef): Promise<void> {
  await db.deleteFrom('account_binding')
    .where('access_id', '=', accessId).where('account', '=', ref.account).where('account_type', '=', ref.accountType)
    .execute();
}

/** Tokens bound to the account, most recent binding first. */
export async function accountTokens(db: Kysely<Database>, accessId: number, ref: AccountRef): Promise<string[]> {
  const rows = await db.selectFrom('account_binding').select('token')
    .where('access_id', '=', accessId).where('account', '=', ref.account).where('account_type', '=', ref.accountType)
    .orderBy('bound_at', 'desc').orderBy('token')
    .execute();
  return rows.map((r) => r.token);
}

export async function tokenAccounts(db: Kysely<Database>, accessId: number, token: string): Promise<AccountRef[]> {
  const rows = await db.selectFrom('account_binding').select(['account', 'account_type'])
    .where('access_id', '=', accessId).where('token', '=', token)
    .orderBy('account_type')
    .execute();
  return rows.map((r) => ({ account: r.account, accountType: Number(r.account_type) }));
}
