import { dayStamp } from '../model/auto-tags.ts';
import type { StatKey } from './stat-counters.ts';

/** The push_stat key of a task on a channel; the day is the task's send day at the TPNS offset. */
export function statKeyOf(
  task: { push_id: string; access_id: number; plan_id: string; send_at: number },
  channel: string,
  utcOffsetMinutes: number,
): StatKey {
  return { pushId: task.push_id, accessId: task.access_id, planId: task.plan_id, channel, day: dayStamp(task.send_at, utcOffsetMinutes) };
}
