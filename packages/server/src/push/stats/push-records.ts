/**
 * `get_push_record`: one task by pushId, or the app's tasks sent within a date range, newest first, paged.
 */
import { heraldError } from '@herald/protocol';
import type { Kysely } from 'kysely';
import type { Database, PushTaskRow } from '../../store/schema.ts';
import { MAX_RECORD_LIMIT } from '../model/limits.ts';
import type { PushRequest } from '../model/push-request.ts';
import { dayStart, formatTpnsDateTime } from './tpns-dates.ts';

export interface RecordQuery {
  pushId?: unknown;
  startDate?: unknown;
  endDate?: unknown;
  msgType?: unknown;
  offset?: unknown;
  limit?: unknown;
}

function record(task: PushTaskRow, offsetMinutes: number) {
  const req = JSON.parse(task.request_json) as PushRequest;
  const a = req.audience;
  return {
    date: formatTpnsDateTime(task.send_at, offsetMinutes),
    pushId: task.push_id,
    title: req.message.title,
    content: req.message.content,
    status: task.status,
    pushType: a.type,
    messageType: task.message_type === 'notify' ? 'notification' : 'message',
    environment: task.environment,
    expireTime: req.expireTime,
    xgMediaResources: req.message.xgMediaResources ?? '',
    multiPkg: req.multiPkg,
    targetList: a.type === 'token' || a.type === 'token_list' ? a.tokens : a.type === 'account' || a.type === 'account_list' ? a.accounts : [],
    collapseID: task.collapse_id,
    tagSet:
      a.type === 'tag'
        ? { op: a.tagRules[0]?.tagItems[0]?.tagsOperator ?? 'OR', tagWithType: a.tagRules.flatMap((r) => r.tagItems.flatMap((it) => it.tags.map((t) => ({ tagTypeName: it.tagType, tagValue: t })))) }
        : null,
    uploadId: task.upload_id ?? 0,
    planId: task.plan_id,
    pushConfig: { iOS: req.message.ios ?? null },
  };
}

function nonNegativeInt(v: unknown, field: string, def: number): number {
  if (v === undefined || v === null) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw heraldError('REQUEST_PARAM_INVALID', `${field}: must be a non-negative integer`);
  return v;
}

export async function pushRecords(db: Kysely<Database>, accessId: number, q: RecordQuery, offsetMinutes: number) {
  if (q.pushId !== undefined && q.pushId !== null && q.pushId !== '') {
    const task = await db.selectFrom('push_task').selectAll().where('push_id', '=', String(q.pushId)).where('access_id', '=', accessId).executeTakeFirst();
    if (task === undefined) throw heraldError('PUSH_TASK_NOT_FOUND', `pushId: no task ${String(q.pushId)} for this app`);
    return { pushRecordData: [record(task, offsetMinutes)] };
  }
  if (q.startDate === undefined || q.endDate === undefined) throw heraldError('REQUEST_PARAM_MISSING', 'pushId, or startDate and endDate, required');
  const from = dayStart(q.startDate, 'startDate', offsetMinutes);
  const to = dayStart(q.endDate, 'endDate', offsetMinutes) + 86_400_000;
  const offset = nonNegativeInt(q.offset, 'offset', 0);
  const limit = Math.min(nonNegativeInt(q.limit, 'limit', 20), MAX_RECORD_LIMIT);
  let base = db.selectFrom('push_task').where('access_id', '=', accessId).where('send_at', '>=', from).where('send_at', '<', to);
  if (q.msgType !== undefined && q.msgType !== null && q.msgType !== '') {
    const msgType = q.msgType === 'notification' ? 'notify' : q.msgType;
    if (msgType !== 'notify' && msgType !== 'message') throw heraldError('REQUEST_PARAM_INVALID', 'msgType: must be notify or message');
    base = base.where('message_type', '=', msgType);
  }
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('send_at', 'desc').orderBy('push_id', 'desc').offset(offset).limit(limit).execute();
  return { pushRecordData: rows.map((t) => record(t, offsetMinutes)), count: Number(count.n) };
}
