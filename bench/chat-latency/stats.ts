/** Percentiles of latency samples (medians of rounds come from ../shared/stats.ts). */
import { round } from '../shared/stats.ts';

/** Nearest-rank percentile of an ascending array (q in 0..1); NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Distribution {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/**
 * Summary of latency samples in milliseconds (merged from every client process before sorting). Infinity stands
 * for a message that never arrived; it survives in percentiles (JSON writes it as null).
 */
export function distribution(samples: readonly number[]): Distribution {
  const s = Float64Array.from(samples).sort();
  const arr = Array.from(s);
  let sum = 0;
  for (const x of arr) sum += x;
  return {
    count: arr.length,
    p50: round(percentile(arr, 0.5), 3),
    p90: round(percentile(arr, 0.9), 3),
    p99: round(percentile(arr, 0.99), 3),
    p999: round(percentile(arr, 0.999), 3),
    max: round(arr.at(-1) ?? Number.NaN, 3),
    mean: round(arr.length === 0 ? Number.NaN : sum / arr.length, 3),
  };
}
