/**
 * The per-app concurrency limit of a channel: at most `maxInFlight` vendor requests at once; the excess waits in
 * order, up to `maxQueued`, and beyond that is refused at once (the caller answers those targets `retry`). Both
 * cases are counted and reported to the observer, so an operator sees what the limit delayed or dropped.
 */
import type { ChannelId, ChannelObserver } from '../types.ts';

export interface SendLimiter {
  /** Runs `fn` under the limit; resolves `undefined` without running it when the queue is full. */
  run<T>(fn: () => Promise<T>): Promise<T | undefined>;
  readonly stats: { readonly inFlight: number; readonly queued: number; readonly delayed: number; readonly dropped: number };
}

export function createSendLimiter(channel: ChannelId, o: { maxInFlight: number; maxQueued: number; observer?: ChannelObserver | undefined }): SendLimiter {
  let inFlight = 0;
  let delayed = 0;
  let dropped = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    inFlight -= 1;
    const next = waiting.shift();
    if (next !== undefined) {
      inFlight += 1;
      next();
    }
  };
  return {
    async run(fn) {
      if (inFlight >= o.maxInFlight) {
        if (waiting.length >= o.maxQueued) {
          dropped += 1;
          o.observer?.onLimited?.(channel, 'dropped');
          return undefined;
        }
        delayed += 1;
        o.observer?.onLimited?.(channel, 'delayed');
        // The slot is handed over by release(), already counted.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        inFlight += 1;
      }
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get stats() {
      return { inFlight, queued: waiting.length, delayed, dropped };
    },
  };
}
