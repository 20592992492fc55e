/**
 * The offline push of a group message runs through the push queue, a page of members per job, so the sender's
 * acknowledgement never waits for it and a 100,000-member group is a hundred short jobs rather than one long one.
 *
 * Each page commits in one transaction: the job's completion, the push tasks it made (one per push app,
 * environment and ext placement, at most 1,000 tokens each, in the IM message plan), the job for the next page and
 * the members' outcomes for the self-check. A crash before the commit replays the page; after it, the page is
 * never repeated. Native-mode device rows are written before (idempotently).
 */
import type { ServerContext } from '../../context.ts';
import { JobLeaseLost } from '../../push/dispatch/job-lease-lost.ts';
import { MAX_PUSH_TARGETS } from '../../push/model/limits.ts';
import { normalizePushRequest } from '../../push/model/normalize-push-request.ts';
import { ensureDefaultPlan } from '../../push/plans/ensure-default-plan.ts';
import { ensureImPlan } from '../../push/plans/ensure-im-plan.ts';
import { insertPushTask, type NewPushTask } from '../../push/tasks/insert-push-task.ts';
import type { QueueJobRow } from '../../store/schema.ts';
import type { NewQueueJob } from '../../store/store.ts';
import { buildOfflinePushContent } from '../offline-push/index.ts';
import { recordPushOutcomes } from '../offline-push-check/record-push-outcome.ts';
import { loadGroupPushMessage, type GroupPushAddress, type GroupPushMessage } from './group-push-message.ts';
import { planGroupPushPage, type PlannedSend } from './plan-group-push-page.ts';
import { contentPlatform, offlinePushBody, pushIds } from './send-offline-push.ts';

export const GROUP_PUSH_JOB = 'im_group_push';

/** Members read per job. */
const MEMBERS_PER_PAGE = 1000;

interface GroupPushCursor extends GroupPushAddress {
  /** The last UserID of the previous page ('' for the first). */
  after: string;
}

/** What the `push_id` of every group push job of the IM app starts with. */
export function groupPushJobIdPrefix(sdkAppId: number): string {
  return `im-group:${sdkAppId}:`;
}

function groupPushJob(c: GroupPushCursor, availableAt: number): NewQueueJob {
  return {
    // No task has this id: it names the message, so a job is found by it (and its cancellation would be too).
    push_id: `${groupPushJobIdPrefix(c.sdkAppId)}${c.groupId}:${c.seq}`,
    access_id: 0,
    kind: GROUP_PUSH_JOB,
    cursor: JSON.stringify(c),
    available_at: availableAt,
  };
}

/** Queues the offline push of a stored group message; the caller has already acknowledged the send. */
export async function queueGroupMessagePush(ctx: ServerContext, at: GroupPushAddress): Promise<void> {
  await ctx.store.queue.enqueue([groupPushJob({ ...at, after: '' }, ctx.clock.now())]);
  ctx.work.notify();
}

export async function runGroupPushJob(ctx: ServerContext, job: QueueJobRow, owner: string): Promise<void> {
  const cursor = JSON.parse(job.cursor ?? '{}') as GroupPushCursor;
  const now = ctx.clock.now();
  const message = await loadGroupPushMessage(ctx.store.db, cursor);
  const page = message === undefined
    ? { outcomes: [], sends: [], next: undefined }
    : await planGroupPushPage(ctx, message, cursor.after, MEMBERS_PER_PAGE);
  const tasks = message === undefined ? [] : await pushTasks(ctx, message, page.sends, now);
  try {
    await ctx.store.transaction(async (trx) => {
      if (!(await ctx.store.queue.complete(job.job_id, owner, trx))) throw new JobLeaseLost();
      for (const task of tasks) await insertPushTask(trx, ctx.store.queue, ctx.config.queueBatchSize, task);
      if (page.next !== undefined) await ctx.store.queue.enqueue([groupPushJob({ ...cursor, after: page.next }, now)], trx);
      if (message !== undefined) {
        await recordPushOutcomes(trx, cursor.sdkAppId, page.outcomes.map((o) => ({
          userId: o.userId, kind: 'group', fromUser: message.from, conversation: message.groupId, messageRef: String(message.seq), devices: o.devices,
        })), now);
      }
    });
  } catch (err) {
    if (err instanceof JobLeaseLost) return;
    throw err;
  }
  if (tasks.length > 0 || page.next !== undefined) ctx.work.notify();
}

/** The push tasks of a page: the content is built once per push app and ext placement, tokens go 1,000 a task. */
async function pushTasks(ctx: ServerContext, m: GroupPushMessage, sends: readonly PlannedSend[], now: number): Promise<NewPushTask[]> {
  const tasks: NewPushTask[] = [];
  const ids = pushIds(ctx);
  for (const send of sends) {
    const { app } = send;
    const content = buildOfflinePushContent({
      platform: contentPlatform(app), elements: m.elements, offlinePushInfo: m.offlinePushInfo,
      sender: m.sender, group: { groupId: m.groupId, name: m.groupName }, iosExtKey: send.iosExtKey,
    });
    // The page planner already refused custom messages without a desc; nothing else leaves the content empty.
    if (content === undefined) continue;
    const authorized = app.im_sdk_app_id !== null && Number(app.im_sdk_app_id) === m.sdkAppId;
    const planId = authorized ? await ensureImPlan(ctx.store.db, app.access_id, m.sdkAppId, now) : await ensureDefaultPlan(ctx.store.db, app.access_id, now);
    for (let i = 0; i < send.tokens.length; i += MAX_PUSH_TARGETS) {
      const tokens = send.tokens.slice(i, i + MAX_PUSH_TARGETS);
      const body = offlinePushBody(m.sdkAppId, app, tokens, send.environment, content);
      const req = normalizePushRequest(body, { platform: app.platform, now, utcOffsetMinutes: ctx.config.tpnsUtcOffsetMinutes });
      const pushId = ids.next();
      for (const r of send.results.slice(i, i + MAX_PUSH_TARGETS)) r.pushId = pushId;
      tasks.push({ pushId, accessId: app.access_id, planId, req, sendTokens: tokens, now });
    }
  }
  return tasks;
}
