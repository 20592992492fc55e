/**
 * How long to wait before a retry: the vendor's `Retry-After` when it sent one (seconds or an HTTP date), else an
 * exponential backoff shared by the whole channel, so a struggling vendor sees fewer requests instead of a retry
 * storm. The level rises at most once per base delay and falls back to zero after the first success.
 */
export interface RetryDelays {
  /** Milliseconds to wait; `retryAfter` is the header value, if any. */
  next(baseMs: number, retryAfter?: string | null): number;
  /** A request succeeded: the backoff starts over. */
  succeeded(): void;
}

export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  // Not a number and not a date ("-5" would parse as a date in 2001): ignored.
  if (!/[A-Za-z]/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function createRetryDelays(o: { maxDelayMs: number; clock?: () => number }): RetryDelays {
  const clock = o.clock ?? Date.now;
  let level = 0;
  let bumpedAt = -Infinity;
  return {
    next(baseMs, retryAfter) {
      const now = clock();
      const told = parseRetryAfter(retryAfter, now);
      if (told !== undefined) return Math.min(o.maxDelayMs, told);
      if (now - bumpedAt >= baseMs) {
        if (level < 16) level += 1;
        bumpedAt = now;
      }
      return Math.min(o.maxDelayMs, baseMs * 2 ** (level - 1));
    },
    succeeded() {
      level = 0;
      bumpedAt = -Infinity;
    },
  };
}
