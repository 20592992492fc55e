/**
 * Funnel counters of one task and channel (`push_stat`). Rows are created on first use and incremented in
 * place, inside the caller's transaction, so counters always agree with the delivery rows written beside them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export type StatCounter = 'targeted' | 'sent' | 'arrived' | 'clicked' | 'failed' | 'invalid' | 'expired';

export type StatIncrements = Partial<Record<StatCounter, number>>;

export interface StatKey {
  pushId: string;
  accessId: number;
  planId: string;
  channel: string;
  /** yyyymmdd of the task's send day at the TPNS offset. */
  day: string;
}

const COUNTERS: readonly StatCounter[] = ['targeted', 'sent', 'arrived', 'clicked', 'failed', 'invalid', 'expired'];

export async function incrementStats(db: Kysely<Database>, key: StatKey, inc: StatIncrements): Promise<void> {
  const values = Object.fromEntries(COUNTERS.map((c) => [c, inc[c] ?? 0])) as Record<StatCounter, number>;
  if (COUNTERS.every((c) => values[c] === 0)) return;
  await db
    .insertInto('push_stat')
    .values({ push_id: key.pushId, access_id: key.accessId, plan_id: key.planId, channel: key.channel, day: key.day, ...values })
    .onConflict((oc) =>
      oc.columns(['push_id', 'channel']).doUpdateSet((eb) =>
        Object.fromEntries(COUNTERS.map((c) => [c, eb(`push_stat.${c}`, '+', eb.ref(`excluded.${c}`))])),
      ),
    )
    .execute();
}
