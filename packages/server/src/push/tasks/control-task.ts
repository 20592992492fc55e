/**
 * cancel_timing_task and stop_push_msg. Both flip the task's status with one conditional UPDATE first, so a
 * worker that starts the task at the same moment either sees the new status and sends nothing, or wins and
 * the cancel is refused; then every pending job of the task is closed.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { NOT_DISPATCHED, TaskStatus } from './task-status.ts';

async function requireTask(ctx: ServerContext, accessId: number, pushId: string): Promise<{ status: string }> {
  const task = await ctx.store.db
    .selectFrom('push_task')
    .select('status')
    .where('push_id', '=', pushId)
    .where('access_id', '=', accessId)
    .executeTakeFirst();
  if (task === undefined) throw heraldError('PUSH_TASK_NOT_FOUND', `pushId: no task ${pushId} for this app`);
  return task;
}

async function transition(ctx: ServerContext, accessId: number, pushId: string, from: readonly string[], to: string): Promise<boolean> {
  const now = ctx.clock.now();
  const r = await ctx.store.db
    .updateTable('push_task')
    .set({ status: to, updated_at: now, finished_at: now })
    .where('push_id', '=', pushId)
    .where('access_id', '=', accessId)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Cancels a task that has not started dispatching: nothing of it is ever sent. */
export async function cancelTimingTask(ctx: ServerContext, accessId: number, pushId: string): Promise<void> {
  const task = await requireTask(ctx, accessId, pushId);
  if (task.status === TaskStatus.canceled) return;
  if (!(await transition(ctx, accessId, pushId, NOT_DISPATCHED, TaskStatus.canceled))) {
    throw heraldError('PUSH_TASK_STATE', `pushId: task ${pushId} is ${task.status}; only tasks not yet dispatched can be cancelled`);
  }
  await ctx.store.queue.closeTask(pushId, 'cancelled');
}

/** Stops whatever of a task is not yet delivered; batches already handed to the vendor stay delivered. */
export async function stopPushMsg(ctx: ServerContext, accessId: number, pushId: string): Promise<void> {
  const task = await requireTask(ctx, accessId, pushId);
  if (task.status === TaskStatus.stopped) return;
  const from = [...NOT_DISPATCHED, TaskStatus.started];
  if (!(await transition(ctx, accessId, pushId, from, TaskStatus.stopped))) {
    throw heraldError('PUSH_TASK_STATE', `pushId: task ${pushId} is ${task.status}; only waiting or running tasks can be stopped`);
  }
  await ctx.store.queue.closeTask(pushId, 'cancelled');
}
