/**
 * The IM service's kinds of push queue job, for the push worker (which knows only its own kinds): today the
 * offline push of group messages.
 */
import type { ServerContext } from '../../context.ts';
import type { QueueJobRunner } from '../../push/dispatch/create-push-worker.ts';
import { GROUP_PUSH_JOB, runGroupPushJob } from './group-push-job.ts';

export function imJobRunners(ctx: ServerContext): ReadonlyMap<string, QueueJobRunner> {
  return new Map([[GROUP_PUSH_JOB, (job, owner) => runGroupPushJob(ctx, job, owner)]]);
}
