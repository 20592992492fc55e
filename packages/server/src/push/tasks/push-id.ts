/**
 * Push ids are numeric strings like TPNS's ("3895624686"): epoch milliseconds times 1000 plus a per-process
 * counter, so ids sort roughly by creation time and stay below 2^53. Processes sharing a store can collide on
 * the same millisecond and counter; the caller retries on the primary-key conflict.
 */
import { randomInt } from 'node:crypto';
import type { Clock } from '../../context.ts';

export interface PushIdAllocator {
  next(): string;
}

export function createPushIdAllocator(clock: Clock): PushIdAllocator {
  let lastMs = 0;
  let counter = randomInt(0, 1000);
  return {
    next() {
      let ms = clock.now();
      if (ms <= lastMs) {
        counter += 1;
        if (counter >= 1000) {
          // Borrow the next millisecond rather than wrap within this one.
          lastMs += 1;
          counter = 0;
        }
        ms = lastMs;
      } else {
        lastMs = ms;
        counter = randomInt(0, 100);
      }
      return String(ms * 1000 + counter);
    },
  };
}
