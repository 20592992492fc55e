/**
 * `/v3/push/plan/add_plan_push`, and the console's "Create plan": a named plan that groups tasks for aggregated
 * statistics. Plan ids are numeric strings like TPNS's ("48"). The source says where it was made (`api` for
 * add_plan_push, as TPNS answers; `console` for the management API).
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { Insertable } from 'kysely';
import type { PlanTable } from '../../store/schema.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
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

/** Attempts at a fresh id when another allocator (the other route, another process) took the same one. */
const ID_ATTEMPTS = 5;

async function insertPlan(ctx: ServerContext, newId: () => string, row: (planId: string) => Insertable<PlanTable>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const planId = newId();
    try {
      await ctx.store.db.insertInto('plan').values(row(planId)).execute();
      return planId;
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= ID_ATTEMPTS) throw err;
    }
  }
}

export type PlanSource = 'api' | 'console';

export async function addPlan(ctx: ServerContext, accessId: number, body: unknown, newId: () => string, source: PlanSource = 'api'): Promise<PlanRecord> {
  if (body === undefined || body === null) throw heraldError('REQUEST_PARAM_MISSING', 'body: required');
  if (typeof body !== 'object' || Array.isArray(body)) throw heraldError('REQUEST_PARAM_INVALID', 'body: must be a JSON object');
  const b = body as Record<string, unknown>;
  const planName = text(b, 'planName', MAX_PLAN_NAME_LENGTH);
  const planDescribe = text(b, 'planDescribe', MAX_PLAN_DESCRIBE_LENGTH);
  const now = ctx.clock.now();
  const planId = await insertPlan(ctx, newId, (id) => ({ plan_id: id, access_id: accessId, plan_name: planName, plan_describe: planDescribe, plan_push_source: source, created_at: now, updated_at: now }));
  const seconds = Math.floor(now / 1000);
  return { planId, planName, planDescribe, planPushSource: source, createdAt: seconds, updateAt: seconds };
}
