/**
 * Deletes chat messages older than the roaming period (HERALD_IM_ROAMING_DAYS): one pass when the gateway
 * starts, then one every few minutes on an unref'd timer (it never keeps the process alive). A pass still
 * running when the next is due is not doubled; `stop()` ends the pass between batches and waits for it.
 */
import type { BackgroundTaskStarter } from '../background-tasks.ts';
import { expireRoamingMessages } from './expire-roaming-messages.ts';

export const ROAMING_EXPIRY_INTERVAL_MS = 5 * 60_000;

export const startRoamingExpiry: BackgroundTaskStarter = (ctx) => {
  let stopped = false;
  let running: Promise<void> | undefined;
  const pass = (): void => {
    if (stopped || running !== undefined) return;
    running = expireRoamingMessages(ctx, ctx.clock.now(), { stopped: () => stopped })
      .then((r) => {
        if (r.c2cDeleted + r.groupDeleted > 0) ctx.logger.info(r, 'expired roaming messages');
      })
      .catch((err: unknown) => ctx.logger.warn({ err }, 'roaming message expiry failed'))
      .finally(() => {
        running = undefined;
      });
  };
  pass();
  const timer = setInterval(pass, ROAMING_EXPIRY_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
};
