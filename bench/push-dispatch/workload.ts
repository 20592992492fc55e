/**
 * The workload every client sends: one alert payload of a typical chat notification (~190 bytes of JSON)
 * and unique 64-hex device tokens, so no client can benefit from repeated tokens.
 */

export const BENCH_BUNDLE_ID = 'com.example.herald.bench';
export const BENCH_TEAM_ID = 'HERALDTEAM';

export function benchPayload(): Record<string, unknown> {
  return {
    aps: {
      alert: { title: 'Alice', body: 'Are we still on for lunch tomorrow at noon? I booked the usual place.' },
      badge: 3,
      sound: 'default',
    },
    ext: '{"action":1,"chatType":1,"sender":"alice","sendTime":1735689600}',
  };
}

/** `count` distinct 64-hex tokens: 16 hex of prefix (unique per run) + 48 hex of index. */
export function deviceTokens(prefix: string, count: number): string[] {
  const head = prefix.padStart(16, '0').slice(-16);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = head + i.toString(16).padStart(48, '0');
  return out;
}

/** A 16-hex prefix that differs per (round, client), so tokens never repeat within one harness run. */
export function tokenPrefix(round: number, clientIndex: number): string {
  return ((round + 1) * 16 + clientIndex).toString(16).padStart(16, '0');
}
