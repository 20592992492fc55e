/**
 * Task status transitions driven by the queue: PUSH_INIT/PUSH_WAIT → PUSH_STARTED when a worker first runs one
 * of its jobs, PUSH_STARTED → PUSH_FINISHED when its last job is done.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
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
