/** The spread of a handful of rounds, as the push-dispatch table prints it (medians come from ../shared/stats.ts). */

/** Lower and upper quartile by linear interpolation (R type 7); both equal the value for one sample. */
export function quartiles(values: readonly number[]): [number, number] {
  if (values.length === 0) return [Number.NaN, Number.NaN];
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const pos = (s.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
  };
  return [at(0.25), at(0.75)];
}
