/**
 * Child process: the Web Push emulator (HTTPS push service that also plays the browsers), alone on its CPU. It
 * subscribes the virtual browsers once, with the app's VAPID key, and hands their subscriptions to the harness.
 * A reset here does not call the emulator's own reset (that would forget the browsers): it takes the counters as
 * the new zero, and snapshots report what happened since.
 *
 * Measured runs neither keep nor decrypt messages. With `verifyPlaintext` the browsers keep and decrypt every
 * message, and a snapshot counts the ones that decrypted to exactly that text: proof that every client's
 * RFC 8291 encryption is right for each subscription's own keys (used at small sizes: it costs the emulator).
 */
import { createWebPushEmulator, type WebPushEmulator, type WebPushEmulatorCounters } from '@herald/emulators/webpush';
import { serveEmulatorChild } from './emulator-child.ts';
import type { ChildRequest, EmulatorSnapshot, WebPushEmulatorInfo } from './types.ts';

let endpoints: string[] = [];
let expected: string | undefined;
let zero: { counters: WebPushEmulatorCounters; decrypted: number } | undefined;

function decryptedSoFar(e: WebPushEmulator): number {
  if (expected === undefined) return 0;
  let n = 0;
  for (const endpoint of endpoints) for (const m of e.inbox(endpoint)) if (m.text === expected) n++;
  return n;
}

function counted(e: WebPushEmulator): { counters: WebPushEmulatorCounters; decrypted: number } {
  return { counters: structuredClone(e.counters), decrypted: decryptedSoFar(e) };
}

function since(now: Record<string, number>, then: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(now)) {
    const d = value - (then[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}

serveEmulatorChild({
  what: 'Web Push emulator process',
  startType: 'start-webpush-emulator',
  async start(r: Extract<ChildRequest, { type: 'start-webpush-emulator' }>) {
    const o = r.options;
    expected = o.verifyPlaintext;
    const verify = expected !== undefined;
    const e = await createWebPushEmulator({ keepMessages: verify, decrypt: verify });
    const subscriptions: string[] = [];
    for (let i = 0; i < o.subscriptions; i++) {
      const s = e.subscribe({ applicationServerKey: o.applicationServerKey });
      endpoints.push(s.endpoint);
      // The vendor token Herald stores for a browser: the subscription without expirationTime.
      subscriptions.push(JSON.stringify({ endpoint: s.endpoint, keys: { p256dh: s.keys.p256dh, auth: s.keys.auth } }));
    }
    zero = counted(e);
    const info: WebPushEmulatorInfo = { origin: e.origin, caCertPem: e.caCertPem ?? '', subscriptions };
    return { emulator: e, info };
  },
  reset(e) {
    zero = counted(e);
    e.setLatency(0);
  },
  snapshot(e, cpuSeconds) {
    const base = zero ?? counted(e);
    const now = counted(e);
    const snapshot: EmulatorSnapshot = {
      requests: now.counters.requests - base.counters.requests,
      accepted: now.counters.accepted - base.counters.accepted,
      rejected: since(now.counters.rejected, base.counters.rejected),
      connections: now.counters.connections - base.counters.connections,
      cpuSeconds,
    };
    if (expected !== undefined) snapshot.decrypted = now.decrypted - base.decrypted;
    return snapshot;
  },
  closed() {
    endpoints = [];
  },
});
