/**
 * What the harness asks of Herald's own store (inside the server process, through `ctx.store.db`): a member's rows
 * in every table its setup writes, whether the queue has drained, and what the queue and delivery rows say about
 * one fan-out or one dispatch. Read-only; the timelines are read after a phase, outside its measured window.
 */
import type { ServerContext } from '../../packages/server/src/context.ts';
import { groupPushJobIdPrefix } from '../../packages/server/src/im/offline-push-dispatch/group-push-job.ts';
import { CLOSED } from '../../packages/server/src/push/tasks/task-status.ts';
import { percentile } from '../chat-latency/stats.ts';
import { phoneDeviceId } from './member-names.ts';
import type { MemberRows, MemberScope, Row, ServerBacklog, ServerTimeline } from './types.ts';

export async function memberRows(ctx: ServerContext, scope: MemberScope, userIds: readonly string[]): Promise<Record<string, MemberRows>> {
  const db = ctx.store.db;
  const out: Record<string, MemberRows> = {};
  for (const userId of userIds) {
    const deviceId = phoneDeviceId(userId);
    const config = await db.selectFrom('im_offline_push_config').selectAll()
      .where('sdk_app_id', '=', scope.sdkAppId).where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
    const token = config?.token ?? '';
    const one = async <T>(q: Promise<T | undefined>): Promise<Row | null> => ((await q) as Row | undefined) ?? null;
    out[userId] = {
      im_user: await one(db.selectFrom('im_user').selectAll().where('sdk_app_id', '=', scope.sdkAppId).where('user_id', '=', userId).executeTakeFirst()),
      device: await one(db.selectFrom('device').selectAll().where('access_id', '=', scope.accessId).where('token', '=', token).executeTakeFirst()),
      account_binding: await one(db.selectFrom('account_binding').selectAll().where('access_id', '=', scope.accessId).where('token', '=', token).executeTakeFirst()),
      im_device: await one(db.selectFrom('im_device').selectAll()
        .where('sdk_app_id', '=', scope.sdkAppId).where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst()),
      im_offline_push_config: (config as Row | undefined) ?? null,
      im_group_member: await one(db.selectFrom('im_group_member').selectAll()
        .where('sdk_app_id', '=', scope.sdkAppId).where('group_id', '=', scope.groupId).where('user_id', '=', userId).executeTakeFirst()),
    };
  }
  return out;
}

export async function backlog(ctx: ServerContext): Promise<ServerBacklog> {
  const db = ctx.store.db;
  const jobs = await db.selectFrom('queue_job').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', ['pending', 'leased']).executeTakeFirstOrThrow();
  const tasks = await db.selectFrom('push_task').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'not in', [...CLOSED]).executeTakeFirstOrThrow();
  return { openJobs: Number(jobs.n), openTasks: Number(tasks.n) };
}

async function sendSide(ctx: ServerContext, pushIds: readonly string[]): Promise<Pick<ServerTimeline, 'resolveJobs' | 'sendJobs' | 'deliveries' | 'delivered' | 'lastSendDoneAt'>> {
  const db = ctx.store.db;
  if (pushIds.length === 0) return { resolveJobs: 0, sendJobs: 0, deliveries: 0, delivered: 0, lastSendDoneAt: null };
  const jobs = await db.selectFrom('queue_job').select(['kind', 'state', 'updated_at']).where('push_id', 'in', [...pushIds]).execute();
  const sends = jobs.filter((j) => j.kind === 'send');
  const outcomes = await db.selectFrom('push_delivery').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('push_id', 'in', [...pushIds]).groupBy('outcome').execute();
  const doneAt = sends.filter((j) => j.state === 'done').map((j) => Number(j.updated_at));
  return {
    resolveJobs: jobs.filter((j) => j.kind === 'resolve').length,
    sendJobs: sends.length,
    deliveries: outcomes.reduce((s, o) => s + Number(o.n), 0),
    delivered: Number(outcomes.find((o) => o.outcome === 'delivered')?.n ?? 0),
    lastSendDoneAt: doneAt.length === 0 ? null : Math.max(...doneAt),
  };
}

/**
 * The pages of one group message's offline push and the tasks they made. Pages name the message in `push_id`;
 * their tasks do not name it, so they are the token-list tasks created while the pages ran (the only other pushes
 * then are the 2-member group's, each a single-token task).
 */
export async function fanoutTimeline(ctx: ServerContext, sdkAppId: number, groupId: string, seq: number): Promise<ServerTimeline> {
  const db = ctx.store.db;
  const pages = await db.selectFrom('queue_job').select(['created_at', 'updated_at', 'state'])
    .where('push_id', '=', `${groupPushJobIdPrefix(sdkAppId)}${groupId}:${seq}`).orderBy('job_id').execute();
  const spans = pages.map((p) => Number(p.updated_at) - Number(p.created_at)).sort((a, b) => a - b);
  const from = pages.length === 0 ? 0 : Number(pages[0]!.created_at);
  const to = pages.length === 0 ? 0 : Math.max(...pages.map((p) => Number(p.updated_at)));
  const tasks = pages.length === 0 ? [] : await db.selectFrom('push_task').select('push_id')
    .where('audience_type', '=', 'token_list').where('created_at', '>=', from).where('created_at', '<=', to).execute();
  return {
    pages: pages.length,
    pageMsP50: percentile(spans, 0.5),
    pageMsMax: spans.at(-1) ?? Number.NaN,
    tasks: tasks.length,
    lastPlannedAt: pages.length === 0 ? null : to,
    ...(await sendSide(ctx, tasks.map((t) => t.push_id))),
  };
}

export async function dispatchTimeline(ctx: ServerContext, pushId: string): Promise<ServerTimeline> {
  const resolves = await ctx.store.db.selectFrom('queue_job').select('updated_at').where('push_id', '=', pushId).where('kind', '=', 'resolve').execute();
  return {
    pages: 0, pageMsP50: Number.NaN, pageMsMax: Number.NaN, tasks: 1,
    lastPlannedAt: resolves.length === 0 ? null : Math.max(...resolves.map((r) => Number(r.updated_at))),
    ...(await sendSide(ctx, [pushId])),
  };
}
