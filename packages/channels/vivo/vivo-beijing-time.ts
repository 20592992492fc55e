/**
 * vivo counts its days and its push hours in China Standard Time (UTC+8, no daylight saving): daily quotas
 * restart at midnight Beijing time and operation messages may go out only from 07:00 to 23:00 (TPNS, "vivo 通道";
 * vendor-push-protocols.md §6.2).
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Milliseconds from `now` until the next `hour`:00 in Beijing (a full day when it is that time exactly). */
export function msUntilBeijingHour(now: number, hour: number): number {
  const local = now + OFFSET_MS;
  let target = Math.floor(local / DAY_MS) * DAY_MS + hour * HOUR_MS;
  if (target <= local) target += DAY_MS;
  return target - local;
}
