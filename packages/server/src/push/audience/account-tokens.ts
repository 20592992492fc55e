/**
 * Accounts → tokens for account audiences. A token holds one account per account type, so within one
 * `account_type` no token belongs to two accounts and the result has no duplicates across accounts.
 * `account_push_type` 0 picks each account's most recently bound eligible device, 1 all of them.
 */
import type { Kysely } from 'kysely';
import type { Database, Environment } from '../../store/schema.ts';

/** Accounts per query: keeps the IN list well inside bind-parameter limits. */
const ACCOUNT_CHUNK = 500;

export async function tokensOfAccounts(
  db: Kysely<Database>,
  scope: { accessId: number; environment: Environment },
  accounts: readonly string[],
  accountType: number,
  accountPushType: 0 | 1,
): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < accounts.length; i += ACCOUNT_CHUNK) {
    const chunk = accounts.slice(i, i + ACCOUNT_CHUNK);
    const rows = await db
      .selectFrom('account_binding as b')
      .innerJoin('device as d', 'd.token', 'b.token')
      .select(['b.account', 'b.token', 'b.bound_at'])
      .where('b.access_id', '=', scope.accessId)
      .where('b.account_type', '=', accountType)
      .where('b.account', 'in', chunk)
      .where('d.access_id', '=', scope.accessId)
      .where('d.status', '=', 'active')
      .where('d.environment', '=', scope.environment)
      .orderBy('b.account')
      .orderBy('b.bound_at', 'desc')
      .orderBy('b.token')
      .execute();
    if (accountPushType === 1) {
      tokens.push(...rows.map((r) => r.token));
    } else {
      let previous: string | undefined;
      for (const r of rows) {
        if (r.account !== previous) tokens.push(r.token);
        previous = r.account;
      }
    }
  }
  return [...new Set(tokens)];
}
