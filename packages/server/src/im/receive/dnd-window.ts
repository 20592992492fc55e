/**
 * The global do-not-disturb window of setAllReceiveMessageOpt (reference §4.8): either daily, from a time of day
 * (UTC) for `duration` seconds, possibly past midnight; or one-off, from an epoch second for `duration` seconds.
 */
export const SECONDS_PER_DAY = 86_400;

export type DndWindow =
  | { kind: 'daily'; startSecond: number; duration: number }
  | { kind: 'once'; startTime: number; duration: number }
  | { kind: 'none' };

/** The window as stored in `im_user_setting` (`dnd_start_second` daily, `dnd_start_time` one-off). */
export function dndWindowOf(row: { dnd_start_second: number | null; dnd_start_time: number | null; dnd_duration: number } | undefined): DndWindow {
  if (row === undefined) return { kind: 'none' };
  const duration = Number(row.dnd_duration);
  if (row.dnd_start_second !== null) return { kind: 'daily', startSecond: Number(row.dnd_start_second), duration };
  if (row.dnd_start_time !== null) return { kind: 'once', startTime: Number(row.dnd_start_time), duration };
  return { kind: 'none' };
}

/** Whether `nowMs` (epoch ms) falls inside the window. A daily window of 86400 s or more covers the whole day. */
export function inDndWindow(window: DndWindow, nowMs: number): boolean {
  const now = Math.floor(nowMs / 1000);
  switch (window.kind) {
    case 'none':
      return false;
    case 'daily': {
      if (window.duration <= 0) return false;
      if (window.duration >= SECONDS_PER_DAY) return true;
      const secondOfDay = ((now % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
      return (secondOfDay - window.startSecond + SECONDS_PER_DAY) % SECONDS_PER_DAY < window.duration;
    }
    case 'once':
      return now >= window.startTime && now < window.startTime + window.duration;
  }
}
