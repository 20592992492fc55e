/**
 * Token audiences are checked at acceptance (at most 1,000 tokens, one query): a token is a valid target only
 * if it is a device of THIS app, active, and registered in the push's environment. Tokens of another app are
 * invalid targets exactly like unknown ones, so they are never pushed and nothing about them leaks.
 */
import type { Kysely } from 'kysely';
import type { Database, Environment } from '../../store/schema.ts';

export interface TokenCheck {
  valid: string[];
  invalid: string[];
}

export async function checkTokenTargets(
  db: Kysely<Database>,
  accessId: number,
  environment: Environment,
  tokens: readonly string[],
): Promise<TokenCheck> {
  if (tokens.length === 0) return { valid: [], invalid: [] };
  const rows = await db
    .selectFrom('device')
    .select('token')
    .where('access_id', '=', accessId)
    .where('status', '=', 'active')
    .where('environment', '=', environment)
    .where('token', 'in', [...tokens])
    .execute();
  const ok = new Set(rows.map((r) => r.token));
  return { valid: tokens.filter((t) => ok.has(t)), invalid: tokens.filter((t) => !ok.has(t)) };
}
