/**
 * Task status transitions driven by the queue: PUSH_INIT/PUSH_WAIT → PUSH_STARTED when a worker first runs one
 * of its jobs, PUSH_STARTED → PUSH_FINISHED when its last job is done.
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../../context.ts';
import type { Database, PushTaskRow, QueueJobRow } from '../../store/schema.ts';
import type { PushRequest } from '../model/push-request.ts';
import { NOT_DISPATCHED, TaskStatus } from '../tasks/task-status.ts';

/** Returns false when the task was closed (cancelled or stopped) meanwhile: the job must send nothing. */
export async function markStarted(db: Kysely<Database>, pushId: string, now: number): Promise<boolean> {
  await db
    .updateTable('push_task')
    .set({ status: TaskStatus.started, started_at: now, updated_at: now })
    .where('push_id', '=', pushId)
    .where('status', 'in', [...NOT_DISPATCHED])
    .execute();
  const row = await db.selectFrom('push_task').select('status').where('push_id', '=', pushId).executeTakeFirst();
  return row?.status === TaskStatus.started;
}

/**
 * Loads the task a job belongs to and moves it to PUSH_STARTED. When the task is gone or was closed (cancelled,
 * stopped) the job is completed unsent and undefined is returned. A task already started costs one read.
 */
export async function startTaskForJob(
  ctx: ServerContext,
  job: QueueJobRow,
  owner: string,
  now: number,
): Promise<{ task: PushTaskRow; req: PushRequest } | undefined> {
  const db = ctx.store.db;
  const task = await db.selectFrom('push_task').selectAll().where('push_id', '=', job.push_id).executeTakeFirst();
  const running = task !== undefined && (task.status === TaskStatus.started || (await markStarted(db, job.push_id, now)));
  if (!running) {
    await ctx.store.queue.complete(job.job_id, owner);
    return undefined;
  }
  return { task, req: JSON.parse(task.request_json) as PushRequest };
}

/** Call inside the transaction that completed a job of the task. */
export async function finishIfDone(db: Kysely<Database>, pushId: string, now: number): Promise<void> {
  const open = await db
    .selectFrom('queue_job')
    .select('job_id')
    .where('push_id', '=', pushId)
    .where('state', 'in', ['pending', 'leased'])
    .limit(1)
    .executeTakeFirst();
  if (open !== undefined) return;
  await db
    .updateTable('push_task')
    .set({ status: TaskStatus.finished, finished_at: now, updated_at: now })
    .where('push_id', '=', pushId)
    .where('status', '=', TaskStatus.started)
    .execute();
}
