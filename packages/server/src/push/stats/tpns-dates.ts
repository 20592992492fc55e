/** TPNS statistics dates, read and written at the configured TPNS offset (UTC+8 by default). */
import { heraldError } from '@herald/protocol';
import { parseTpnsDate } from '../model/send-time.ts';

/** `YYYYMMDD` or `YYYY-MM-DD` → `YYYYMMDD` (the form push_stat.day is stored in). */
export function statDay(value: unknown, field: string): string {
  if (typeof value !== 'string') throw heraldError(value === undefined ? 'REQUEST_PARAM_MISSING' : 'REQUEST_DATE_INVALID', `${field}: expected YYYYMMDD`);
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (m === null) throw heraldError('REQUEST_DATE_INVALID', `${field}: expected YYYYMMDD, got "${value}"`);
  return `${m[1]}${m[2]}${m[3]}`;
}

/** Epoch ms of the start of a `YYYY-MM-DD` (or `YYYYMMDD`) day at the offset. */
export function dayStart(value: unknown, field: string, offsetMinutes: number): number {
  const day = statDay(value, field);
  return parseTpnsDate(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, offsetMinutes, field);
}

/** `yyyy-MM-dd HH:mm:ss` at the offset. */
export function formatTpnsDateTime(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
