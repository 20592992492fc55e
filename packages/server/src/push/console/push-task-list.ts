/**
 * An app's push tasks for the console, newest first and paged, each with its status, what it said, to whom, and
 * its funnel per channel. Every query is scoped to the app.
 */
import { heraldError } from '@herald/protocol';
import type { Kysely } from 'kysely';
import type { Database, PushTaskRow } from '../../store/schema.ts';
import type { PushRequest } from '../model/push-request.ts';
import { FUNNEL_SUMS, funnelView, toFunnel, type ChannelFunnel, type Funnel } from './funnel.ts';

/** How many of a token or account audience's targets a task view names (the count is always given). */
const TARGETS_SHOWN = 10;

export interface PushTaskView {
  pushId: string;
  planId: string;
  status: string;
  audienceType: string;
  /** Tokens or accounts of a token/account audience (the first ten), tags of a tag audience; else empty. */
  targets: string[];
  targetCount: number;
  uploadId: number | null;
  messageType: string;
  environment: string;
  title: string;
  content: string;
  sendAt: number;
  expireAt: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  funnel: { channels: ChannelFunnel[]; total: Funnel };
}

function targetsOf(req: PushRequest): string[] {
  const a = req.audience;
  if (a.type === 'token' || a.type === 'token_list') return a.tokens;
  if (a.type === 'account' || a.type === 'account_list') return a.accounts;
  if (a.type === 'tag') return [...new Set(a.tagRules.flatMap((r) => r.tagItems.flatMap((it) => it.tags)))];
  return [];
}

function toView(task: PushTaskRow, channels: ChannelFunnel[]): PushTaskView {
  const req = JSON.parse(task.request_json) as PushRequest;
  const targets = targetsOf(req);
  return {
    pushId: task.push_id,
    planId: task.plan_id,
    status: task.status,
    audienceType: task.audience_type,
    targets: targets.slice(0, TARGETS_SHOWN),
    targetCount: targets.length,
    uploadId: task.upload_id,
    messageType: task.message_type,
    environment: task.environment,
    title: req.message.title,
    content: req.message.content,
    sendAt: task.send_at,
    expireAt: task.expire_at,
    createdAt: task.created_at,
    startedAt: task.started_at,
    finishedAt: task.finished_at,
    funnel: funnelView(channels),
  };
}

async function funnelsOf(db: Kysely<Database>, accessId: number, pushIds: string[]): Promise<Map<string, ChannelFunnel[]>> {
  const byTask = new Map<string, ChannelFunnel[]>();
  if (pushIds.length === 0) return byTask;
  const rows = await db
    .selectFrom('push_stat')
    .select(['push_id', 'channel'])
    .select(FUNNEL_SUMS)
    .where('access_id', '=', accessId)
    .where('push_id', 'in', pushIds)
    .groupBy(['push_id', 'channel'])
    .execute();
  for (const row of rows) {
    const list = byTask.get(row.push_id) ?? [];
    list.push({ channel: row.channel, ...toFunnel(row) });
    byTask.set(row.push_id, list);
  }
  return byTask;
}

export async function listPushTasks(db: Kysely<Database>, accessId: number, offset: number, limit: number): Promise<{ total: number; offset: number; limit: number; pushes: PushTaskView[] }> {
  const base = db.selectFrom('push_task').where('access_id', '=', accessId);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('push_id', 'desc').offset(offset).limit(limit).execute();
  const funnels = await funnelsOf(db, accessId, rows.map((r) => r.push_id));
  return { total: Number(count.n), offset, limit, pushes: rows.map((r) => toView(r, funnels.get(r.push_id) ?? [])) };
}

export async function getPushTask(db: Kysely<Database>, accessId: number, pushId: string): Promise<PushTaskView> {
  const task = await db.selectFrom('push_task').selectAll().where('push_id', '=', pushId).where('access_id', '=', accessId).executeTakeFirst();
  if (task === undefined) throw heraldError('PUSH_TASK_NOT_FOUND', `pushId: no task ${pushId} for this app`);
  const funnels = await funnelsOf(db, accessId, [pushId]);
  return toView(task, funnels.get(pushId) ?? []);
}
