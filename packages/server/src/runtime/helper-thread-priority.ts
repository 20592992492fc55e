/**
 * Lowers every thread of the process but the main one to the lowest CPU priority (Linux; elsewhere a no-op), once,
 * at start, when the threads that exist are V8's platform workers (and the inspector's, when enabled).
 *
 * Why: V8 marks, sweeps and frees memory for the old generation on those workers while the event loop runs. On a
 * machine with one core (a container with one CPU, a pinned process) they take that core from the event loop in
 * slices of tens of milliseconds; V8's GC on the main thread alone (`--single-threaded-gc`) avoids that, but then a
 * full GC's marking and freeing all happen on the event loop: final pauses of 45–55 ms every ~35 s at 5,000
 * msg/s, with the messages queued behind them. At the lowest priority the workers get the time the event loop
 * leaves and the full GC's pause is 6–12 ms. With more cores they run beside the loop as before.
 *
 * Threads started later (libuv's pool, worker threads) keep their priority: their work is awaited by the loop.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

export const LOWEST_PRIORITY = 19;

export interface ThreadPriorityDeps {
  listThreadIds(): number[];
  mainThreadId: number;
  setPriority(threadId: number, priority: number): void;
}

const linux: ThreadPriorityDeps = {
  listThreadIds: () => readdirSync('/proc/self/task').map(Number),
  mainThreadId: process.pid,
  setPriority: (tid, priority) => setPriority(tid, priority),
};

/** Returns the threads lowered; none where threads cannot be listed. */
export function lowerHelperThreadPriority(deps: ThreadPriorityDeps = linux): number[] {
  let ids: number[];
  try {
    ids = deps.listThreadIds();
  } catch {
    return [];
  }
  const lowered: number[] = [];
  for (const tid of ids) {
    if (tid === deps.mainThreadId) continue;
    try {
      deps.setPriority(tid, LOWEST_PRIORITY);
      lowered.push(tid);
    } catch {
      // The thread has exited, or the system does not allow it: the helpers keep their priority.
    }
  }
  return lowered;
}
