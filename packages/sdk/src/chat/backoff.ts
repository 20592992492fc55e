/** Exponential backoff with "equal jitter": half the delay fixed, half random, so clients spread out. */
export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const ceiling = Math.min(o.maxDelayMs, o.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + o.random() * (ceiling / 2));
}
