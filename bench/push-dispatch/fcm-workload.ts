/**
 * The FCM row's workload: the HTTP v1 `message` Herald's FCM builder makes for a typical chat notification
 * (notification title and body, the IM `ext` and Herald's own entry as data, HIGH priority), and unique
 * registration tokens of the length current FCM tokens have, so no client can benefit from repeated tokens.
 */

export const BENCH_FCM_PROJECT_ID = 'herald-bench';

/** A day, as TPNS's default expire_time. */
export const BENCH_FCM_TTL_SECONDS = 86_400;

export function benchFcmMessage(): Record<string, unknown> {
  return {
    notification: { title: 'Alice', body: 'Are we still on for lunch tomorrow at noon? I booked the usual place.' },
    data: {
      ext: '{"action":1,"chatType":1,"sender":"alice","sendTime":1735689600}',
      herald: '{"pid":"100000000123"}',
    },
    android: { priority: 'HIGH' },
  };
}

// Real tokens are a 22-character instance ID, ':APA91b' and 134 more characters (163 in all).
const FILLER = 'b'.repeat(134);

/** `count` distinct 163-character tokens: 16 hex of prefix (unique per run) + 6 base-36 of index as the instance ID. */
export function fcmTokens(prefix: string, count: number): string[] {
  const head = prefix.padStart(16, '0').slice(-16);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = `${head}${i.toString(36).padStart(6, '0')}:APA91b${FILLER}`;
  return out;
}
