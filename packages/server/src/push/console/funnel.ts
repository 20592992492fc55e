/**
 * The push funnel as the console shows it: Herald's own counters per channel (targeted → sent → arrived →
 * clicked, and why the rest fell out: failed, invalid, expired), summed over any set of `push_stat` rows.
 * TPNS's `pushState` names (push-state.ts) stay on the `/v3` statistics API.
 */
import { sql } from 'kysely';
import { addCounters, ZERO, type Counters } from '../stats/push-state.ts';

export type Funnel = Counters;
export type ChannelFunnel = Funnel & { channel: string };

export const FUNNEL_KEYS = ['targeted', 'sent', 'arrived', 'clicked', 'failed', 'invalid', 'expired'] as const;

/** `sum(<counter>) as <counter>` for each counter, to spread into a `select`. */
export const FUNNEL_SUMS = FUNNEL_KEYS.map((k) => sql<number>`sum(${sql.ref(k)})`.as(k));

/** A row of sums as numbers (PostgreSQL answers sum(bigint) as a numeric string; SQLite as a number). */
export function toFunnel(row: Partial<Record<(typeof FUNNEL_KEYS)[number], unknown>>): Funnel {
  const out = { ...ZERO };
  for (const k of FUNNEL_KEYS) out[k] = Number(row[k] ?? 0);
  return out;
}

export function sumFunnels(list: readonly Funnel[]): Funnel {
  return list.reduce<Funnel>((sum, f) => addCounters(sum, f), ZERO);
}

/** Channels in name order, with their total. */
export function funnelView(channels: ChannelFunnel[]): { channels: ChannelFunnel[]; total: Funnel } {
  const sorted = [...channels].sort((a, b) => a.channel.localeCompare(b.channel));
  return { channels: sorted, total: sumFunnels(sorted) };
}
