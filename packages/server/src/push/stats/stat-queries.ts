/**
 * The statistics API's reads over `push_stat`: one task, one plan over a day range, and the app's daily
 * overview. Every query is scoped to the authenticated app.
 */
import { heraldError } from '@herald/protocol';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { channelEntries, toPushState, type Counters, type PushState } from './push-state.ts';

const SUMS = {
  targeted: sql<number>`sum(targeted)`,
  sent: sql<number>`sum(sent)`,
  arrived: sql<number>`sum(arrived)`,
  clicked: sql<number>`sum(clicked)`,
  failed: sql<number>`sum(failed)`,
  invalid: sql<number>`sum(invalid)`,
  expired: sql<number>`sum(expired)`,
};

type SumRow = Counters & { channel: string };

function numeric<T extends SumRow>(row: T): T {
  // PostgreSQL returns sum(bigint) as numeric (a string); SQLite as a number.
  const out = { ...row } as Record<string, unknown>;
  for (const k of Object.keys(SUMS)) out[k] = Number(out[k] ?? 0);
  return out as T;
}

function sums(db: Kysely<Database>) {
  return db
    .selectFrom('push_stat')
    .select('channel')
    .select(Object.entries(SUMS).map(([k, v]) => v.as(k)) as never[]);
}

export async function taskStats(db: Kysely<Database>, accessId: number, pushId: string) {
  const task = await db.selectFrom('push_task').select('push_id').where('push_id', '=', pushId).where('access_id', '=', accessId).executeTakeFirst();
  if (task === undefined) throw heraldError('PUSH_TASK_NOT_FOUND', `pushId: no task ${pushId} for this app`);
  const rows = (await sums(db).where('push_id', '=', pushId).where('access_id', '=', accessId).groupBy('channel').orderBy('channel').execute()) as unknown as SumRow[];
  return channelEntries(rows.map((r) => numeric(r)), 'apns');
}

export async function planStats(db: Kysely<Database>, accessId: number, planId: string, fromDay: string, toDay: string) {
  const rows = (await sums(db)
    .where('plan_id', '=', planId)
    .where('access_id', '=', accessId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy('channel')
    .orderBy('channel')
    .execute()) as unknown as SumRow[];
  return channelEntries(rows.map((r) => numeric(r)), 'apns');
}

export async function overviewStats(
  db: Kysely<Database>,
  accessId: number,
  fromDay: string,
  toDay: string,
): Promise<Array<{ date: string; channelDatas: Array<{ channel: string; pushState: PushState }> }>> {
  const rows = (await sums(db)
    .select('day')
    .where('access_id', '=', accessId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy(['day', 'channel'])
    .orderBy('day')
    .orderBy('channel')
    .execute()) as unknown as Array<SumRow & { day: string }>;
  const byDay = new Map<string, Array<{ channel: string; pushState: PushState }>>();
  for (const raw of rows) {
    const r = numeric(raw);
    const list = byDay.get(r.day) ?? [];
    list.push({ channel: r.channel, pushState: toPushState(r) });
    byDay.set(r.day, list);
  }
  return [...byDay].map(([date, channelDatas]) => ({ date, channelDatas }));
}
