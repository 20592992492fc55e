/**
 * The push worker: leases due jobs from the durable queue and runs up to `workerConcurrency` of them at once.
 * It wakes on the work signal (a task was accepted, a resolve step enqueued sends) and otherwise polls every
 * `queuePollMs`. Leases of long jobs are extended while they run. `stop(grace)` stops leasing, lets running
 * jobs finish for up to `grace` ms, then gives the rest back to the queue: tokens not yet answered are sent by
 * whichever worker leases the job next, and tokens already answered are skipped through `push_delivery`.
 */
import { randomUUID } from 'node:crypto';
import type { ServerContext } from '../../context.ts';
import type { QueueJobRow } from '../../store/schema.ts';
import { createBreakers, type BreakerSet } from './breaker.ts';
import type { ChannelRegistry } from './channel-registry.ts';
import { runResolveJob } from './run-resolve-job.ts';
import { runSendJob, type JobControl } from './run-send-job.ts';

export interface PushWorkerDeps {
  channels: ChannelRegistry;
  onWork(listener: () => void): void;
  workerId?: string;
  /** Shared breakers (several workers in one process); one set per worker otherwise. */
  breakers?: BreakerSet;
  /** Runners of the queue's other job kinds (the IM offline push of group messages), by kind. */
  jobRunners?: ReadonlyMap<string, QueueJobRunner>;
}

/** Runs one leased job to its end: completes it, or throws to have it released and retried. */
export type QueueJobRunner = (job: QueueJobRow, owner: string) => Promise<void>;

export interface PushWorker {
  start(): void;
  stop(graceMs: number): Promise<void>;
}

interface Running {
  job: QueueJobRow;
  control: JobControl;
  done: Promise<void>;
}

export function createPushWorker(ctx: ServerContext, deps: PushWorkerDeps): PushWorker {
  const owner = deps.workerId ?? `worker-${randomUUID()}`;
  const breakers = deps.breakers ?? createBreakers(ctx.clock, ctx.metrics);
  const { queuePollMs, queueLeaseMs, workerConcurrency } = ctx.config;
  const running = new Map<number, Running>();
  let state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  let wake: (() => void) | undefined;
  let woken = false;
  let loopDone: Promise<void> = Promise.resolve();
  let depthAt = 0;

  /** The queue-depth gauge, refreshed at most once a second (it is a COUNT over the queue). */
  async function reportDepth(): Promise<void> {
    const now = ctx.clock.now();
    if (now - depthAt < 1000) return;
    depthAt = now;
    try {
      ctx.metrics.queueDepth.set(await ctx.store.queue.depth());
    } catch (err) {
      ctx.logger.warn({ err }, 'reading the push queue depth failed');
    }
  }

  function signal(): void {
    woken = true;
    wake?.();
  }

  function sleep(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        woken = false;
        resolve();
      }
      wake = done;
    });
  }

  async function run(job: QueueJobRow, control: JobControl): Promise<void> {
    // Keep the lease while the job runs, so nobody takes over a slow but healthy job.
    const renew = setInterval(() => {
      void ctx.store.queue.extend(job.job_id, owner, ctx.clock.now() + queueLeaseMs).catch(() => {});
    }, Math.max(500, Math.floor(queueLeaseMs / 3)));
    try {
      if (job.kind === 'resolve') await runResolveJob(ctx, job, owner);
      else if (job.kind === 'send') await runSendJob({ ctx, channels: deps.channels, breakers, owner }, job, control);
      else {
        const runner = deps.jobRunners?.get(job.kind);
        if (runner === undefined) throw new Error(`no runner for queue jobs of kind ${job.kind}`);
        await runner(job, owner);
      }
    } catch (err) {
      ctx.logger.error({ err, jobId: job.job_id, pushId: job.push_id }, 'push job failed; it goes back to the queue');
      if (!control.abandoned) {
        await ctx.store.queue
          .release(job.job_id, owner, ctx.clock.now() + queuePollMs * 4, { bumpAttempt: true })
          .catch((e: unknown) => ctx.logger.error({ err: e }, 'releasing a failed job failed'));
      }
    } finally {
      clearInterval(renew);
    }
  }

  async function loop(): Promise<void> {
    while (state === 'running') {
      const free = workerConcurrency - running.size;
      let leased: QueueJobRow[] = [];
      if (free > 0) {
        try {
          leased = await ctx.store.queue.lease(owner, free, queueLeaseMs, ctx.clock.now());
        } catch (err) {
          ctx.logger.error({ err }, 'leasing push jobs failed');
        }
      }
      // A stop() that arrived while leasing: give back what was just taken.
      if (state !== 'running') {
        await Promise.all(leased.map((j) => ctx.store.queue.release(j.job_id, owner, j.available_at)));
        break;
      }
      for (const job of leased) {
        const control: JobControl = { abandoned: false };
        const done = run(job, control).finally(() => {
          running.delete(job.job_id);
          signal();
        });
        running.set(job.job_id, { job, control, done });
      }
      if (leased.length === 0 || running.size >= workerConcurrency) {
        await reportDepth();
        await sleep(queuePollMs);
      }
    }
  }

  return {
    start() {
      if (state !== 'idle') return;
      state = 'running';
      deps.onWork(() => {
        if (state === 'running') signal();
      });
      loopDone = loop();
    },
    async stop(graceMs) {
      if (state !== 'running') {
        state = 'stopped';
        return;
      }
      state = 'stopping';
      signal();
      await loopDone;
      const inFlight = [...running.values()];
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      await Promise.race([Promise.all(inFlight.map((r) => r.done)), graceOver]);
      clearTimeout(timer);
      const unfinished = [...running.values()];
      await Promise.all(
        unfinished.map(async (r) => {
          r.control.abandoned = true;
          await ctx.store.queue.release(r.job.job_id, owner, ctx.clock.now());
        }),
      );
      state = 'stopped';
    },
  };
}
