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
import { serveParent } from '../shared/serve-parent.ts';
import type { ChildRequest, EmulatorSnapshot, WebPushEmulatorInfo } from './types.ts';

let emulator: WebPushEmulator | undefined;
let endpoints: string[] = [];
let expected: string | undefined;
let zero: { counters: WebPushEmulatorCounters; decrypted: number } | undefined;

function running(): WebPushEmulator {
  if (emulator === undefined) throw new Error('emulator not started');
  return emulator;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

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

serveParent<ChildRequest>(async (r) => {
  switch (r.type) {
    case 'start-webpush-emulator': {
      if (emulator !== undefined) throw new Error('emulator already started');
      const o = r.options;
      expected = o.verifyPlaintext;
      const verify = expected !== undefined;
      const e = await createWebPushEmulator({ keepMessages: verify, decrypt: verify });
      emulator = e;
      const subscriptions: string[] = [];
      for (let i = 0; i < o.subscriptions; i++) {
        const s = e.subscribe({ applicationServerKey: o.applicationServerKey });
        endpoints.push(s.endpoint);
        // The vendor token Herald stores for a browser: the subscription without expirationTime.
        subscriptions.push(JSON.stringify({ endpoint: s.endpoint, keys: { p256dh: s.keys.p256dh, auth: s.keys.auth } }));
      }
      zero = counted(e);
      const info: WebPushEmulatorInfo = { origin: e.origin, caCertPem: e.caCertPem ?? '', subscriptions };
      return info;
    }
    case 'reset':
      zero = counted(running());
      running().setLatency(0);
      globalThis.gc?.();
      return null;
    case 'latency':
      running().setLatency(r.ms);
      return null;
    case 'snapshot': {
      // Read first, so counting inboxes (verification only) is not billed to the run that just ended.
      const cpu = cpuSeconds();
      const e = running();
      const base = zero ?? counted(e);
      const now = counted(e);
      const snapshot: EmulatorSnapshot = {
        requests: now.counters.requests - base.counters.requests,
        accepted: now.counters.accepted - base.counters.accepted,
        rejected: since(now.counters.rejected, base.counters.rejected),
        connections: now.counters.connections - base.counters.connections,
        cpuSeconds: cpu,
      };
      if (expected !== undefined) snapshot.decrypted = now.decrypted - base.decrypted;
      return snapshot;
    }
    case 'close':
      await emulator?.close();
      emulator = undefined;
      endpoints = [];
      return null;
    default:
      throw new Error(`Web Push emulator process cannot handle '${r.type}'`);
  }
});
