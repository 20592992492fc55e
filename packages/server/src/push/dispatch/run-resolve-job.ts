/**
 * A resolve job turns one page of a task's audience into send jobs of `queueBatchSize` tokens, and hands the
 * rest of the audience to a new resolve job with the next cursor, all in one transaction with its own
 * completion: a crash before the commit replays the page, a crash after it never repeats it.
 */
import type { ServerContext } from '../../context.ts';
import type { QueueJobRow } from '../../store/schema.ts';
import type { NewQueueJob } from '../../store/store.ts';
import { parseCursor } from '../audience/audience-cursor.ts';
import { resolveAudiencePage } from '../audience/resolve-audience-page.ts';
import { JobLeaseLost } from './job-lease-lost.ts';
import { finishIfDone, startTaskForJob } from './task-progress.ts';

/** Devices (or package lines) read per resolve step. */
const RESOLVE_PAGE = 2000;

export async function runResolveJob(ctx: ServerContext, job: QueueJobRow, owner: string): Promise<void> {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const started = await startTaskForJob(ctx, job, owner, now);
  if (started === undefined) return;
  const { task, req } = started;
  const cursor = parseCursor(job.cursor, now);
  const page = await resolveAudiencePage(db, req, {
    accessId: task.access_id,
    environment: task.environment,
    utcOffsetMinutes: ctx.config.tpnsUtcOffsetMinutes,
    pageSize: RESOLVE_PAGE,
  }, cursor);

  const jobs: NewQueueJob[] = [];
  const batch = ctx.config.queueBatchSize;
  let sent = cursor.sent;
  for (let i = 0; i < page.tokens.length; i += batch) {
    const tokens = page.tokens.slice(i, i + batch);
    // push_speed: the batch starting at the n-th token of the task may leave no earlier than n / speed seconds
    // after the first page was resolved.
    const paced = req.pushSpeed === undefined ? now : cursor.startedAt + Math.floor((sent / req.pushSpeed) * 1000);
    jobs.push({ push_id: task.push_id, access_id: task.access_id, kind: 'send', tokens, available_at: Math.max(now, paced) });
    sent += tokens.length;
  }
  if (page.next !== undefined) {
    jobs.push({ push_id: task.push_id, access_id: task.access_id, kind: 'resolve', cursor: JSON.stringify({ ...page.next, sent }), available_at: now });
  }
  try {
    await ctx.store.transaction(async (trx) => {
      if (!(await ctx.store.queue.complete(job.job_id, owner, trx))) throw new JobLeaseLost();
      await ctx.store.queue.enqueue(jobs, trx);
      await finishIfDone(trx, task.push_id, now);
    });
  } catch (err) {
    if (err instanceof JobLeaseLost) return;
    throw err;
  }
  if (jobs.length > 0) ctx.work.notify();
}
