/**
 * Breakers per (app, channel). A channel-wide failure (bad credentials, wrong topic) opens the breaker: jobs of
 * that app and channel are put back with a delay instead of hammering the vendor with requests that cannot
 * succeed. After the cool-down one job may try again (half-open); success closes the breaker, another
 * channel-wide failure opens it for twice as long (up to a ceiling).
 */
import type { Clock } from '../../context.ts';
import type { Metrics } from '../../observability/metrics.ts';

export interface BreakerSet {
  /** Epoch ms until which sends must wait, or undefined when sending is allowed (closed or half-open). */
  blockedUntil(accessId: number, channel: string): number | undefined;
  trip(accessId: number, channel: string): void;
  succeed(accessId: number, channel: string): void;
}

export interface BreakerOptions {
  coolDownMs?: number;
  maxCoolDownMs?: number;
}

interface State {
  openUntil: number;
  coolDownMs: number;
  open: boolean;
}

export function createBreakers(clock: Clock, metrics: Metrics, o: BreakerOptions = {}): BreakerSet {
  const base = o.coolDownMs ?? 30_000;
  const ceiling = o.maxCoolDownMs ?? 600_000;
  const states = new Map<string, State>();
  const key = (accessId: number, channel: string) => `${accessId}:${channel}`;

  return {
    blockedUntil(accessId, channel) {
      const s = states.get(key(accessId, channel));
      if (s === undefined || !s.open) return undefined;
      return clock.now() < s.openUntil ? s.openUntil : undefined;
    },
    trip(accessId, channel) {
      const k = key(accessId, channel);
      const s = states.get(k);
      const coolDownMs = s === undefined ? base : Math.min(ceiling, s.open ? s.coolDownMs * 2 : base);
      if (s === undefined || !s.open) metrics.breakerOpen.inc({ channel });
      states.set(k, { open: true, coolDownMs, openUntil: clock.now() + coolDownMs });
    },
    succeed(accessId, channel) {
      const k = key(accessId, channel);
      const s = states.get(k);
      if (s === undefined) return;
      if (s.open) metrics.breakerOpen.dec({ channel });
      states.delete(k);
    },
  };
}
