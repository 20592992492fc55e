/**
 * Times out unanswered signaling invitations (docs/protocol.md §10).
 *
 * One sweep claims every due invitee with a single atomic UPDATE (signaling-store.ts), so with a sweeper on
 * every node each timeout is claimed, stored and delivered once. The next sweep is armed for the nearest stored
 * deadline, but never later than the safety poll: invitations created on other nodes are only learnt by
 * polling, ones created here re-arm the timer at once (signaling-wakeup.ts).
 */
import type { BackgroundTaskStarter } from '../background-tasks.ts';
import { createSignalingService } from './signaling-service.ts';
import { claimDueInvitees, nearestDeadline } from './signaling-store.ts';
import { onInviteDeadline } from './signaling-wakeup.ts';

export const SIGNALING_POLL_MS = 1000;

export const startSignalingSweeper: BackgroundTaskStarter = (ctx, realtime) => {
  const service = createSignalingService(ctx, realtime);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Epoch ms (ctx.clock) the armed timer fires at. */
  let armedFor = Number.POSITIVE_INFINITY;
  let running: Promise<void> | undefined;
  /** A wake-up arrived while sweeping: sweep again right after. */
  let again = false;

  function arm(at: number): void {
    if (stopped) return;
    if (timer !== undefined && at >= armedFor) return;
    if (timer !== undefined) clearTimeout(timer);
    armedFor = at;
    timer = setTimeout(fire, Math.max(0, at - ctx.clock.now()));
    timer.unref?.();
  }

  function fire(): void {
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = sweep().finally(() => {
      running = undefined;
      if (stopped) return;
      if (again) {
        again = false;
        arm(ctx.clock.now());
      }
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

  const unsubscribe = onInviteDeadline(ctx, (deadline) => arm(deadline));
  arm(ctx.clock.now());

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
};
