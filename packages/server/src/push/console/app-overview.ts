/**
 * The console's overview of one push app over the last `days` days: device counts (registered now, new and
 * active per day) and the push funnel per channel per day. Days are counted at the TPNS offset
 * (`HERALD_TPNS_UTC_OFFSET_MINUTES`), the same days `push_stat.day` and the `/v3` statistics use.
 *
 * "Active" on a day means the device's *last* activity (registration or re-registration, a badge report) was that day:
 * Herald keeps one `last_active_at` per device, not a history, so a device active on Monday and again on Friday
 * counts on Friday only. The sum over the range is exact: the devices active at any time in it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { FUNNEL_SUMS, funnelView, toFunnel, type ChannelFunnel, type Funnel } from './funnel.ts';

const DAY_MS = 86_400_000;

export interface DayDevices {
  date: string;
  new: number;
  active: number;
}

export interface DayPush {
  date: string;
  channels: ChannelFunnel[];
  total: Funnel;
}

export interface AppOverview {
  accessId: number;
  days: number;
  /** First and last day of the range, `YYYY-MM-DD` at the TPNS offset. */
  from: string;
  to: string;
  utcOffsetMinutes: number;
  devices: { total: number; new: number; active: number; daily: DayDevices[] };
  push: { channels: ChannelFunnel[]; total: Funnel; daily: DayPush[] };
}

/** Day number (days since the epoch at the offset) → `YYYY-MM-DD`. */
function isoDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

async function countsByDay(db: Kysely<Database>, accessId: number, column: 'created_at' | 'last_active_at', shiftMs: number, fromMs: number, toMs: number): Promise<Map<number, number>> {
  // Integer division on both stores (SQLite integer / integer, PostgreSQL bigint / integer); the shift is a
  // configured integer, written as a literal so both see an integer.
  const bucket = sql<number>`(${sql.ref(column)} + ${sql.lit(shiftMs)}) / ${sql.lit(DAY_MS)}`;
  const rows = await db
    .selectFrom('device')
    .select(bucket.as('day'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('access_id', '=', accessId)
    .where(column, '>=', fromMs)
    .where(column, '<', toMs)
    .groupBy(bucket)
    .execute();
  return new Map(rows.map((r) => [Number(r.day), Number(r.n)]));
}

export async function appOverview(db: Kysely<Database>, accessId: number, o: { days: number; now: number; utcOffsetMinutes: number }): Promise<AppOverview> {
  const shiftMs = o.utcOffsetMinutes * 60_000;
  const today = Math.floor((o.now + shiftMs) / DAY_MS);
  const first = today - o.days + 1;
  const fromMs = first * DAY_MS - shiftMs;
  const toMs = (today + 1) * DAY_MS - shiftMs;
  const dayNumbers = Array.from({ length: o.days }, (_, i) => first + i);

  const total = await db
    .selectFrom('device')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('access_id', '=', accessId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  const created = await countsByDay(db, accessId, 'created_at', shiftMs, fromMs, toMs);
  const active = await countsByDay(db, accessId, 'last_active_at', shiftMs, fromMs, toMs);
  const deviceDaily = dayNumbers.map((d) => ({ date: isoDay(d), new: created.get(d) ?? 0, active: active.get(d) ?? 0 }));

  const statDay = (d: number) => isoDay(d).replace(/-/g, '');
  const stats = await db
    .selectFrom('push_stat')
    .select(['day', 'channel'])
    .select(FUNNEL_SUMS)
    .where('access_id', '=', accessId)
    .where('day', '>=', statDay(first))
    .where('day', '<=', statDay(today))
    .groupBy(['day', 'channel'])
    .execute();
  const byDay = new Map<string, ChannelFunnel[]>();
  const byChannel = new Map<string, Funnel[]>();
  for (const row of stats) {
    const f = toFunnel(row);
    byDay.set(row.day, [...(byDay.get(row.day) ?? []), { channel: row.channel, ...f }]);
    byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), f]);
  }
  const channels = [...byChannel].map(([channel, list]) => ({ channel, ...funnelView(list.map((f) => ({ channel, ...f }))).total }));
  const pushDaily = dayNumbers.map((d) => ({ date: isoDay(d), ...funnelView(byDay.get(statDay(d)) ?? []) }));

  return {
    accessId,
    days: o.days,
    from: isoDay(first),
    to: isoDay(today),
    utcOffsetMinutes: o.utcOffsetMinutes,
    devices: {
      total: Number(total.n),
      new: deviceDaily.reduce((s, d) => s + d.new, 0),
      active: deviceDaily.reduce((s, d) => s + d.active, 0),
      daily: deviceDaily,
    },
    push: { ...funnelView(channels), daily: pushDaily },
  };
}
