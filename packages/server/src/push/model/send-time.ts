/**
 * TPNS wall-clock times. TPNS reads `send_time` ("yyyy-MM-DD HH:MM:SS") in its servers' zone (UTC+8); Herald
 * reads it at the configured offset, passed in by the caller.
 */
import { heraldError } from '@herald/protocol';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})$/;

function wallClockToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMin: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2024-02-30 over to March; a rolled-over date is not a real date.
  if (new Date(utc).getUTCDate() !== d) return undefined;
  return utc - offsetMin * 60_000;
}

/** Parses `yyyy-MM-DD HH:MM:SS` at a UTC offset into epoch ms; REQUEST_DATE_INVALID when malformed. */
export function parseTpnsDateTime(value: string, utcOffsetMinutes: number, path = 'send_time'): number {
  const m = DATE_TIME.exec(value);
  const epoch = m === null ? undefined : wallClockToEpoch(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, utcOffsetMinutes);
  if (epoch === undefined) throw heraldError('REQUEST_DATE_INVALID', `${path}: expected "yyyy-MM-DD HH:MM:SS", got "${value}"`);
  return epoch;
}

/** Parses `YYYY-MM-DD` at a UTC offset into the epoch ms of that day's midnight; REQUEST_DATE_INVALID when malformed. */
export function parseTpnsDate(value: string, utcOffsetMinutes: number, path: string): number {
  const m = DATE.exec(value);
  const epoch = m === null ? undefined : wallClockToEpoch(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0, utcOffsetMinutes);
  if (epoch === undefined) throw heraldError('REQUEST_DATE_INVALID', `${path}: expected "YYYY-MM-DD", got "${value}"`);
  return epoch;
}

/** Checks `HH:MM:SS`; REQUEST_DATE_INVALID when malformed. */
export function checkTpnsTimeOfDay(value: string, path: string): void {
  const m = TIME.exec(value);
  if (m === null || +m[1]! > 23 || +m[2]! > 59 || +m[3]! > 59) {
    throw heraldError('REQUEST_DATE_INVALID', `${path}: expected "HH:MM:SS", got "${value}"`);
  }
}
