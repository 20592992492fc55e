/**
 * The "IM message" plan (TPNS: created when an IM app is authorized to the push app; the IM app's offline pushes
 * are counted there). One plan per push app and IM app: authorizing the same IM app again counts into the same
 * plan, while another IM app gets its own, so no plan mixes two IM apps' pushes. The plan outlives the
 * authorization, with its statistics.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export const IM_PLAN_NAME = 'IM message';

export function imPlanId(accessId: number, sdkAppId: number): string {
  return `im_${accessId}_${sdkAppId}`;
}

export async function ensureImPlan(db: Kysely<Database>, accessId: number, sdkAppId: number, now: number): Promise<string> {
  const planId = imPlanId(accessId, sdkAppId);
  await db
    .insertInto('plan')
    .values({
      plan_id: planId, access_id: accessId, plan_name: IM_PLAN_NAME, plan_describe: `Offline pushes of IM app ${sdkAppId}`,
      plan_push_source: 'im', created_at: now, updated_at: now,
    })
    .onConflict((oc) => oc.column('plan_id').doNothing())
    .execute();
  return planId;
}
