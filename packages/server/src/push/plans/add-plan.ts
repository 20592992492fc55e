/**
 * `/v3/push/plan/add_plan_push`: a named plan that groups tasks for aggregated statistics. Plan ids are numeric
 * strings like TPNS's ("48").
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { MAX_PLAN_DESCRIBE_LENGTH, MAX_PLAN_NAME_LENGTH } from '../model/limits.ts';

export interface PlanRecord {
  planId: string;
  planName: string;
  planDescribe: string;
  planPushSource: string;
  /** Epoch seconds. */
  createdAt: number;
  updateAt: number;
}

function text(body: Record<string, unknown>, key: string, max: number): string {
  const v = body[key];
  if (v === undefined || v === null) throw heraldError('REQUEST_PARAM_MISSING', `${key}: required`);
  if (typeof v !== 'string') throw heraldError('REQUEST_PARAM_INVALID', `${key}: must be a string`);
  if (v.length === 0 || v.length > max) throw heraldError('REQUEST_PARAM_INVALID', `${key}: must be 1–${max} characters`);
  return v;
}

export async function addPlan(ctx: ServerContext, accessId: number, body: unknown, newId: () => string): Promise<PlanRecord> {
  if (body === undefined || body === null) throw heraldError('REQUEST_PARAM_MISSING', 'body: required');
  if (typeof body !== 'object' || Array.isArray(body)) throw heraldError('REQUEST_PARAM_INVALID', 'body: must be a JSON object');
  const b = body as Record<string, unknown>;
  const planName = text(b, 'planName', MAX_PLAN_NAME_LENGTH);
  const planDescribe = text(b, 'planDescribe', MAX_PLAN_DESCRIBE_LENGTH);
  const now = ctx.clock.now();
  const planId = newId();
  await ctx.store.db
    .insertInto('plan')
    .values({ plan_id: planId, access_id: accessId, plan_name: planName, plan_describe: planDescribe, plan_push_source: 'api', created_at: now, updated_at: now })
    .execute();
  const seconds = Math.floor(now / 1000);
  return { planId, planName, planDescribe, planPushSource: 'api', createdAt: seconds, updateAt: seconds };
}
