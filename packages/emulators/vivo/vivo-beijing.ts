/** vivo keeps days and push hours in Beijing time (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM-DD` of the Beijing day `now` falls in: quota counters reset when it changes. */
export function beijingDay(now: number): string {
  return new Date(now + OFFSET_MS).toISOString().slice(0, 10);
}

/** TPNS, "vivo 通道": operation messages only from 07:00 to 23:00; system messages at any time. */
export function inVivoQuietHours(now: number): boolean {
  const hour = new Date(now + OFFSET_MS).getUTCHours();
  return hour >= 23 || hour < 7;
}
