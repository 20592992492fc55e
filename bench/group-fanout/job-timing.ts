/**
 * Wall time of each queue job the IM runners run (one `im_group_push` job = one page of members), from the
 * worker's call to its return: the page's own time, without the wait for a worker slot that the queue rows
 * include. The server child wraps the runner map it hands to the worker; nothing in Herald changes.
 */
import { performance } from 'node:perf_hooks';
import type { QueueJobRunner } from '../../packages/server/src/push/dispatch/create-push-worker.ts';

/** One run of a job: its `push_id` (for `im_group_push`, it names the group message) and how long it took. */
export interface JobRun {
  pushId: string;
  ms: number;
}

export interface JobTiming {
  runners: ReadonlyMap<string, QueueJobRunner>;
  /** Every job run since the last call, by kind; clears them. */
  take(): Record<string, JobRun[]>;
}

export function timeJobRunners(runners: ReadonlyMap<string, QueueJobRunner>): JobTiming {
  let runs: Record<string, JobRun[]> = {};
  const wrapped = new Map<string, QueueJobRunner>();
  for (const [kind, run] of runners) {
    wrapped.set(kind, async (job, owner) => {
      const t0 = performance.now();
      try {
        await run(job, owner);
      } finally {
        (runs[kind] ??= []).push({ pushId: job.push_id, ms: Math.round((performance.now() - t0) * 10) / 10 });
      }
    });
  }
  return {
    runners: wrapped,
    take() {
      const taken = runs;
      runs = {};
      return taken;
    },
  };
}
