/**
 * TPNS statistics API (retCode/errMsg style): get_push_record, get_push_task_stat_channel,
 * get_push_group_stat_channel, get_push_channel_stat_overview.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { requirePushApp } from '../../http/tpns-auth.ts';
import { defaultPlanId } from '../plans/ensure-default-plan.ts';
import { pushRecords, type RecordQuery } from '../stats/push-records.ts';
import { overviewStats, planStats, taskStats } from '../stats/stat-queries.ts';
import { statDay } from '../stats/tpns-dates.ts';
import { GetPushChannelStatOverviewBody, GetPushGroupStatChannelBody, GetPushRecordBody, GetPushTaskStatChannelBody } from '../model/schemas.ts';
import { tpnsRouteDoc } from './tpns-route-doc.ts';

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const b = request.body;
  if (b === undefined || b === null) throw heraldError('REQUEST_PARAM_MISSING', 'body: required');
  if (typeof b !== 'object' || Array.isArray(b)) throw heraldError('REQUEST_PARAM_INVALID', 'body: must be a JSON object');
  return b as Record<string, unknown>;
}

function requiredText(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (v === undefined || v === null || v === '') throw heraldError('REQUEST_PARAM_MISSING', `${key}: required`);
  if (typeof v !== 'string' && typeof v !== 'number') throw heraldError('REQUEST_PARAM_INVALID', `${key}: must be a string`);
  return String(v);
}

export async function v3StatisticsRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  const ok = { retCode: 0, errMsg: '' };
  const offset = ctx.config.tpnsUtcOffsetMinutes;

  scope.post('/statistics/get_push_record', tpnsRouteDoc('TPNS statistics', "Push records: one task or a date range", GetPushRecordBody), async (request) => {
    const app = requirePushApp(request);
    return { ...ok, ...(await pushRecords(ctx.store.db, app.row.access_id, bodyOf(request) as RecordQuery, offset)) };
  });

  scope.post('/statistics/get_push_task_stat_channel', tpnsRouteDoc('TPNS statistics', "One task's funnel per channel", GetPushTaskStatChannelBody), async (request) => {
    const app = requirePushApp(request);
    return { ...ok, pushStatDataAll: await taskStats(ctx.store.db, app.row.access_id, requiredText(bodyOf(request), 'pushId')) };
  });

  scope.post('/statistics/get_push_group_stat_channel', tpnsRouteDoc('TPNS statistics', "A plan's aggregated funnel per channel", GetPushGroupStatChannelBody), async (request) => {
    const app = requirePushApp(request);
    const body = bodyOf(request);
    // planId wins over the deprecated groupId; Herald files group_id-only tasks under the default plan.
    const planValue = body['planId'] ?? body['groupId'];
    if (planValue === undefined || planValue === null || planValue === '') throw heraldError('REQUEST_PARAM_MISSING', 'planId: required');
    const planId = body['planId'] !== undefined && body['planId'] !== '' ? String(planValue) : defaultPlanId(app.row.access_id);
    const from = statDay(body['startDate'], 'startDate');
    const to = statDay(body['endDate'], 'endDate');
    const plan = await ctx.store.db.selectFrom('plan').select('plan_id').where('plan_id', '=', planId).where('access_id', '=', app.row.access_id).executeTakeFirst();
    if (plan === undefined) throw heraldError('PUSH_PLAN_NOT_FOUND', `planId: no plan ${planId} in this app`);
    return { ...ok, pushStatDataAll: await planStats(ctx.store.db, app.row.access_id, planId, from, to) };
  });

  scope.post('/statistics/get_push_channel_stat_overview', tpnsRouteDoc('TPNS statistics', "Daily funnel per channel", GetPushChannelStatOverviewBody), async (request) => {
    const app = requirePushApp(request);
    const body = bodyOf(request);
    const from = statDay(body['startDate'], 'startDate');
    const to = statDay(body['endDate'], 'endDate');
    return { ...ok, pushDateChannelStat: await overviewStats(ctx.store.db, app.row.access_id, from, to) };
  });
}
