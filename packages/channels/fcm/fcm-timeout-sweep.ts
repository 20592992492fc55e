/**
 * Request timeouts for the FCM channel as one channel-wide sweep instead of a timer per request (the APNs
 * channel does the same): in-flight requests sit in a list in dispatch order, and a repeating timer a few times
 * per timeout expires the oldest ones. A request times out between `timeoutMs` and about `timeoutMs` + 2 sweeps
 * after it left. The timer runs only while something is in flight and never keeps the process alive.
 */

/** What the sweep keeps on each tracked item, so tracking allocates nothing. */
export interface Sweepable<T> {
  /** Sweep tick at dispatch; -1 while not tracked. */
  sweepTick: number;
  older: T | undefined;
  newer: T | undefined;
}

export interface TimeoutSweep<T> {
  track(item: T): void;
  untrack(item: T): void;
  /** Stops the timer; items still tracked never time out. */
  stop(): void;
}

export function createTimeoutSweep<T extends Sweepable<T>>(timeoutMs: number, onTimeout: (item: T) => void): TimeoutSweep<T> {
  const sweepMs = Math.max(10, Math.min(1000, Math.ceil(timeoutMs / 4)));
  const sweepTicks = Math.ceil(timeoutMs / sweepMs);
  let oldest: T | undefined;
  let newest: T | undefined;
  let tick = 0;
  let timer: NodeJS.Timeout | undefined;

  function untrack(item: T): void {
    if (item.sweepTick < 0) return;
    item.sweepTick = -1;
    const { older, newer } = item;
    if (older !== undefined) older.newer = newer;
    else oldest = newer;
    if (newer !== undefined) newer.older = older;
    else newest = older;
    item.older = undefined;
    item.newer = undefined;
  }

  function sweep(): void {
    tick++;
    if (oldest === undefined) {
      clearInterval(timer);
      timer = undefined;
      return;
    }
    while (oldest !== undefined && tick - oldest.sweepTick > sweepTicks) {
      const item = oldest;
      untrack(item);
      onTimeout(item);
    }
  }

  return {
    track(item) {
      item.sweepTick = tick;
      item.older = newest;
      item.newer = undefined;
      if (newest !== undefined) newest.newer = item;
      else oldest = item;
      newest = item;
      if (timer === undefined) {
        timer = setInterval(sweep, sweepMs);
        timer.unref();
      }
    },
    untrack,
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
