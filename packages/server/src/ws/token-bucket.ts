/**
 * A token bucket (`capacity` tokens, refilled at `perSecond`) whose whole state is one number the caller keeps:
 * the time at which the bucket is full again (the GCRA form). A connection stores that number in a field instead
 * of holding a bucket object with its own closure, which matters with tens of thousands of idle sockets.
 */
export interface RateLimit {
  capacity: number;
  perSecond: number;
}

export class TokenBucketRule {
  /** Milliseconds one token takes to come back. */
  private readonly intervalMs: number;
  /** How far past `now` the full-again time may lie while a token is still left. */
  private readonly toleranceMs: number;

  constructor(limit: RateLimit) {
    this.intervalMs = 1000 / limit.perSecond;
    this.toleranceMs = (limit.capacity - 1) * this.intervalMs;
  }

  /**
   * Takes a token from the bucket whose state is `fullAt`: returns the new state, or NaN when the bucket is
   * empty (the state is then unchanged). Any `fullAt` not after `now` is a full bucket, so a new one starts at now.
   */
  take(fullAt: number, now: number): number {
    const from = fullAt > now ? fullAt : now;
    if (from - now > this.toleranceMs) return Number.NaN;
    return from + this.intervalMs;
  }
}
