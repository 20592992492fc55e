/**
 * An app's push plans with their statistics over all time: the default plan, plans made through
 * `add_plan_push`, and the "IM message" plans of the IM apps it is or was authorized to. Each plan's funnel is the
 * sum of its tasks' counters per channel, as `get_push_group_stat_channel` sums them for a day range.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { FUNNEL_SUMS, funnelView, toFunnel, type ChannelFunnel, type Funnel } from './funnel.ts';

export interface PushPlanView {
  planId: string;
  planName: string;
  planDescribe: string;
  /** `default`, `api` (add_plan_push) or `im` (an IM app's offline pushes). */
  planPushSource: string;
  createdAt: number;
  updatedAt: number;
  taskCount: number;
  funnel: { channels: ChannelFunnel[]; total: Funnel };
}

export async function listPushPlans(db: Kysely<Database>, accessId: number): Promise<PushPlanView[]> {
  const plans = await db.selectFrom('plan').selectAll().where('access_id', '=', accessId).orderBy('created_at').orderBy('plan_id').execute();
  const counts = await db
    .selectFrom('push_task')
    .select('plan_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('access_id', '=', accessId)
    .groupBy('plan_id')
    .execute();
  const stats = await db
    .selectFrom('push_stat')
    .select(['plan_id', 'channel'])
    .select(FUNNEL_SUMS)
    .where('access_id', '=', accessId)
    .groupBy(['plan_id', 'channel'])
    .execute();
  const taskCount = new Map(counts.map((c) => [c.plan_id, Number(c.n)]));
  const channels = new Map<string, ChannelFunnel[]>();
  for (const row of stats) {
    const list = channels.get(row.plan_id) ?? [];
    list.push({ channel: row.channel, ...toFunnel(row) });
    channels.set(row.plan_id, list);
  }
  return plans.map((p) => ({
    planId: p.plan_id,
    planName: p.plan_name,
    planDescribe: p.plan_describe,
    planPushSource: p.plan_push_source,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    taskCount: taskCount.get(p.plan_id) ?? 0,
    funnel: funnelView(channels.get(p.plan_id) ?? []),
  }));
}
