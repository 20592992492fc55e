/**
 * Injected faults of an emulator: each answers the next `times` requests to its endpoint (all of them when
 * `times` is omitted) instead of the normal handling, in the order they were injected.
 */

export interface QueuedFault<E extends string> {
  endpoint: E;
  status: number;
  body: unknown;
  retryAfterSeconds?: number | undefined;
  times?: number | undefined;
}

export interface FaultQueue<E extends string> {
  add(f: QueuedFault<E>): void;
  /** The fault that answers this request, counting it down. */
  take(endpoint: E): QueuedFault<E> | undefined;
  clear(): void;
}

export function createFaultQueue<E extends string>(): FaultQueue<E> {
  let faults: Array<{ fault: QueuedFault<E>; remaining: number }> = [];
  return {
    add(fault) {
      faults.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    take(endpoint) {
      const i = faults.findIndex((f) => f.fault.endpoint === endpoint);
      if (i < 0) return undefined;
      const entry = faults[i]!;
      entry.remaining--;
      if (entry.remaining <= 0) faults.splice(i, 1);
      return entry.fault;
    },
    clear() {
      faults = [];
    },
  };
}

export function retryAfterHeader(fault: { retryAfterSeconds?: number | undefined }): Record<string, string> {
  return fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
}
