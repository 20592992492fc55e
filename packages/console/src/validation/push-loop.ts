/**
 * The loop push of the create-push form (`loop_param` of `/v3/push/app`): dates, a daily, weekly or monthly
 * recurrence, the days of it and the times of day. The checks are the server's (normalize-push-request.ts): all,
 * tag and package pushes only, `YYYY-MM-DD` dates with the end not before the start nor more than 90 days
 * ahead, day indexes 0 (daily), 0–6 (weekly) or 1–31 (monthly), times `HH:MM:SS`.
 */
export type LoopType = '1' | '2' | '3';

export interface LoopDraft {
  loop: boolean;
  loopType: LoopType;
  loopStart: string;
  loopEnd: string;
  loopDays: string;
  loopTimes: string;
}

export const EMPTY_LOOP: LoopDraft = { loop: false, loopType: '1', loopStart: '', loopEnd: '', loopDays: '', loopTimes: '' };

export type LoopField = 'push-loop-start' | 'push-loop-end' | 'push-loop-days' | 'push-loop-times';
export const LOOP_FIELDS: LoopField[] = ['push-loop-start', 'push-loop-end', 'push-loop-days', 'push-loop-times'];

const MAX_AHEAD_DAYS = 90;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

export const DAY_RANGE: Record<LoopType, [number, number]> = { '1': [0, 0], '2': [0, 6], '3': [1, 31] };

function items(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

/** Days since the epoch of a real `YYYY-MM-DD` date, or undefined. */
function dayNumber(value: string): number | undefined {
  const m = DATE.exec(value.trim());
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const date = new Date(utc);
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? utc / 86_400_000 : undefined;
}

/** `HH:MM` (a time input's value) or `HH:MM:SS` → `HH:MM:SS`; undefined when not a time of day. */
export function timeOfDay(value: string): string | undefined {
  const m = TIME.exec(value);
  if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return undefined;
  return `${m[1]}:${m[2]}:${m[3] ?? '00'}`;
}

export function loopDays(l: LoopDraft): number[] {
  return l.loopType === '1' ? [0] : items(l.loopDays).map(Number);
}

export function loopTimes(l: LoopDraft): string[] {
  return items(l.loopTimes).map((t) => timeOfDay(t) ?? t);
}

/** `today` is days since the epoch in the server's TPNS time zone, for the 90-day bound. */
export function validateLoop(l: LoopDraft, broadcast: boolean, today: number): Partial<Record<LoopField, string>> {
  if (!l.loop) return {};
  if (!broadcast) return { 'push-loop-start': 'Only pushes to all devices, tags or a package can loop; token and account pushes are sent once.' };
  const start = dayNumber(l.loopStart);
  const end = dayNumber(l.loopEnd);
  const [lo, hi] = DAY_RANGE[l.loopType];
  const days = items(l.loopDays);
  const times = items(l.loopTimes);
  return {
    'push-loop-start': start === undefined ? 'Choose the first day of the loop.' : undefined,
    'push-loop-end':
      end === undefined ? 'Choose the last day of the loop.'
      : start !== undefined && end < start ? 'The last day cannot be before the first.'
      : end > today + MAX_AHEAD_DAYS ? `The last day is at most ${MAX_AHEAD_DAYS} days ahead.`
      : undefined,
    'push-loop-days':
      l.loopType === '1' ? undefined
      : days.length === 0 ? `Enter at least one day (${lo}–${hi}).`
      : days.some((d) => !/^\d{1,2}$/.test(d) || Number(d) < lo || Number(d) > hi) ? `Each day is a number from ${lo} to ${hi}.`
      : undefined,
    'push-loop-times':
      times.length === 0 ? 'Enter at least one time of day, like 09:30:00.'
      : times.some((t) => timeOfDay(t) === undefined) ? 'Use times of day like 09:30:00 (24-hour clock).'
      : undefined,
  };
}

export function loopParam(l: LoopDraft): Record<string, unknown> {
  return { startDate: l.loopStart.trim(), endDate: l.loopEnd.trim(), loopType: Number(l.loopType), loopDayIndexs: loopDays(l), dayTimes: loopTimes(l) };
}

/** Days since the epoch now, at a UTC offset in minutes (TPNS: +480). */
export function dayAt(now: number, utcOffsetMinutes: number): number {
  return Math.floor((now + utcOffsetMinutes * 60_000) / 86_400_000);
}
