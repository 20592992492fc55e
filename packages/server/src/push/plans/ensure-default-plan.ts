/**
 * Every app has a default push plan (TPNS: "the console has a non-deletable default plan"); tasks without a
 * `plan_id` are counted there. Its id is derived from the AccessID so it can be created idempotently.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export function defaultPlanId(accessId: number): string {
  return `default_${accessId}`;
}

export async function ensureDefaultPlan(db: Kysely<Database>, accessId: number, now: number): Promise<string> {
  const planId = defaultPlanId(accessId);
  await db
    .insertInto('plan')
    .values({ plan_id: planId, access_id: accessId, plan_name: 'Default plan', plan_describe: 'Pushes without a plan_id', plan_push_source: 'default', created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('plan_id').doNothing())
    .execute();
  return planId;
}
