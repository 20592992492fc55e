/**
 * Whether this process's event loop has been busy lately: the share of the last sampling period it spent running
 * code rather than waiting for I/O (Node's event-loop utilization). The SQLite write batch waits for more writes
 * to share a commit only when the loop is busy: then the CPU a commit saves matters and more writes are coming;
 * on a quiet server the wait would only add latency.
 */
import { performance } from 'node:perf_hooks';

export interface EventLoopLoad {
  busy(): boolean;
  stop(): void;
}

const SAMPLE_MS = 100;
/** Above this share of a sampling period spent running, the loop counts as busy. */
const BUSY_UTILIZATION = 0.5;

export function watchEventLoopLoad(): EventLoopLoad {
  let last = performance.eventLoopUtilization();
  let busy = false;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    busy = performance.eventLoopUtilization(now, last).utilization > BUSY_UTILIZATION;
    last = now;
  }, SAMPLE_MS);
  timer.unref();
  return { busy: () => busy, stop: () => clearInterval(timer) };
}
