/**
 * The Web Push row's workload: the Declarative Web Push JSON Herald's Web Push builder makes for a typical chat
 * notification, sent to distinct virtual browsers (each subscription has its own P-256 key and auth secret, so
 * every message is encrypted for its own recipient, as in real life) with one VAPID key for the app.
 */

export const BENCH_VAPID_SUBJECT = 'mailto:bench@example.com';

export const BENCH_WEBPUSH_TTL_SECONDS = 86_400;

export function benchWebPushPayload(): Record<string, unknown> {
  return {
    web_push: 8030,
    notification: {
      title: 'Alice',
      body: 'Are we still on for lunch tomorrow at noon? I booked the usual place.',
      navigate: 'https://chat.example.com/c/alice',
      app_badge: 3,
      data: { ext: '{"action":1,"chatType":1,"sender":"alice","sendTime":1735689600}' },
    },
    mutable: true,
    herald: { pid: '100000000123', type: 'notify' },
  };
}

/** The first `count` stored subscriptions: every run of every client sends to the same browsers. */
export function webPushTargets(subscriptions: readonly string[], count: number): string[] {
  if (count > subscriptions.length) throw new Error(`web push: ${count} messages asked for, only ${subscriptions.length} subscriptions`);
  return subscriptions.slice(0, count);
}
