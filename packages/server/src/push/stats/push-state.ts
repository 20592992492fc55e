/**
 * TPNS's `pushState` funnel from Herald's counters. iOS field meanings (get_push_task_stat_channel):
 * pushActiveUv = targeted, pushOnlineUv = accepted by APNs, verifySvcUv/arrivalUv = arrival receipts,
 * clickUv = click receipts. `invalidUv`, `failedUv` and `expiredUv` are Herald additions that explain the gap
 * between targeted and sent.
 */
import type { PushStatRow } from '../../store/schema.ts';

export type Counters = Pick<PushStatRow, 'targeted' | 'sent' | 'arrived' | 'clicked' | 'failed' | 'invalid' | 'expired'>;

export interface PushState {
  pushActiveUv: number;
  pushOnlineUv: number;
  arrivalUv: number;
  verifySvcUv: number;
  clickUv: number;
  invalidUv: number;
  failedUv: number;
  expiredUv: number;
}

export const ZERO: Counters = { targeted: 0, sent: 0, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0 };

export function toPushState(c: Counters): PushState {
  return {
    pushActiveUv: c.targeted,
    pushOnlineUv: c.sent,
    arrivalUv: c.arrived,
    verifySvcUv: c.arrived,
    clickUv: c.clicked,
    invalidUv: c.invalid,
    failedUv: c.failed,
    expiredUv: c.expired,
  };
}

export function addCounters(a: Counters, b: Counters): Counters {
  return {
    targeted: a.targeted + b.targeted,
    sent: a.sent + b.sent,
    arrived: a.arrived + b.arrived,
    clicked: a.clicked + b.clicked,
    failed: a.failed + b.failed,
    invalid: a.invalid + b.invalid,
    expired: a.expired + b.expired,
  };
}

/** Per-channel entries followed by the `all` summary, as TPNS lists them. */
export function channelEntries(rows: ReadonlyArray<Counters & { channel: string }>, defaultChannel: string): Array<{ channel: string; pushState: PushState }> {
  const list = rows.length > 0 ? rows : [{ channel: defaultChannel, ...ZERO }];
  const all = list.reduce<Counters>((sum, r) => addCounters(sum, r), ZERO);
  return [...list.map((r) => ({ channel: r.channel, pushState: toPushState(r) })), { channel: 'all', pushState: toPushState(all) }];
}
