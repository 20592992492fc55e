/**
 * Times out unanswered signaling invitations (docs/protocol.md §10).
 *
 * One sweep claims every due invitee with a single atomic UPDATE (signaling-store.ts), so with a sweeper on
 * every node each timeout is claimed, stored and delivered once. The next sweep is armed for the nearest stored
 * deadline, but never later than the poll. The store is the only channel: no node is told of new invitations,
 * its own or others'. That is enough because the poll is no longer than the shortest timeout (whole seconds,
 * at least 1): a sweep reads every new invitation's deadline before it is due and arms the timer for it.
 */
import type { BackgroundTaskStarter } from '../background-tasks.ts';
import { createSignalingService } from './signaling-service.ts';
import { claimDueInvitees, nearestDeadline } from './signaling-store.ts';

/** At most the shortest invitation timeout (1 s), or a timeout could be noticed up to a poll late. */
export const SIGNALING_POLL_MS = 1000;

export const startSignalingSweeper: BackgroundTaskStarter = (ctx, realtime) => {
  const service = createSignalingService(ctx, realtime);
  let stopped = false;
  /** One timer or one sweep at a time: a sweep arms the next timer as it ends. */
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  function arm(at: number): void {
    if (stopped) return;
    timer = setTimeout(fire, Math.max(0, at - ctx.clock.now()));
    timer.unref?.();
  }

  function fire(): void {
    timer = undefined;
    running = sweep().finally(() => {
      running = undefined;
    });
  }

  async function sweep(): Promise<void> {
    let next = ctx.clock.now() + SIGNALING_POLL_MS;
    try {
      const claimed = await claimDueInvitees(ctx.store.db, ctx.clock.now());
      if (claimed.length > 0) await service.deliverTimeouts(claimed);
      const deadline = await nearestDeadline(ctx.store.db);
      if (deadline !== null) next = Math.min(next, deadline);
    } catch (err) {
      if (!stopped) ctx.logger.warn({ err }, 'signaling timeout sweep failed; retrying at the next poll');
    }
    arm(next);
  }

  arm(ctx.clock.now());

  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
};
