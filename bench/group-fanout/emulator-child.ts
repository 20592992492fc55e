/**
 * Child process: the APNs emulator playing every member's iPhone, on its own CPU so its work is not billed to
 * Herald. Each phase `arm`s it: counters and inboxes are cleared and the phones registered again (unknown tokens
 * are refused, so a push to a wrong token shows up as a rejection). While a phase runs the harness polls
 * `progress` (three counters); once the counts say everything arrived, `tally` walks the expected tokens once:
 * who got a notification, who got more than one, and the first and last arrival time. Arrival times come from
 * `performance.timeOrigin + performance.now()`, the same epoch clock the harness stamps its sends with.
 */
import { performance } from 'node:perf_hooks';
import { createApnsEmulator, type ApnsEmulator } from '@herald/emulators/apns';
import { serveParent } from '../shared/serve-parent.ts';
import { vendorToken } from './member-names.ts';
import type { ArmRequestBody, EmulatorRequest, EmulatorStarted, PushProgress, PushTally } from './types.ts';

const epochNow = (): number => performance.timeOrigin + performance.now();

let emulator: ApnsEmulator | undefined;
let armed: { expected: string[]; named: string[]; extra: string[] } | undefined;

function running(): ApnsEmulator {
  if (emulator === undefined) throw new Error('emulator not started');
  return emulator;
}

function arm(r: ArmRequestBody): void {
  const e = running();
  e.reset();
  const expected = Array.from({ length: r.seeded }, (_, i) => vendorToken(r.tokenSeed, i));
  expected.push(...r.expected);
  for (const token of [...expected, ...r.extra]) e.registerDevice({ token, topic: r.topic, environment: 'product' });
  armed = { expected, named: [...r.expected], extra: [...r.extra] };
  globalThis.gc?.();
}

function alertBody(payload: unknown): string {
  const alert = (payload as { aps?: { alert?: unknown } } | undefined)?.aps?.alert;
  if (typeof alert === 'string') return alert;
  return String((alert as { body?: unknown } | undefined)?.body ?? '');
}

function progress(): PushProgress {
  const e = running();
  const c = e.counters;
  let extraReceived = 0;
  for (const token of armed?.extra ?? []) extraReceived += e.inbox(token).length;
  return { accepted: c.accepted, rejected: Object.values(c.rejected).reduce((a, b) => a + b, 0), extraReceived };
}

function tally(): PushTally {
  const e = running();
  if (armed === undefined) throw new Error('emulator not armed');
  let reached = 0;
  let duplicated = 0;
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  for (const token of armed.expected) {
    const inbox = e.inbox(token);
    if (inbox.length === 0) continue;
    reached += 1;
    if (inbox.length > 1) duplicated += 1;
    for (const n of inbox) {
      if (firstAt === null || n.receivedAt < firstAt) firstAt = n.receivedAt;
      if (lastAt === null || n.receivedAt > lastAt) lastAt = n.receivedAt;
    }
  }
  const bodies: Record<string, string[]> = {};
  for (const token of [...armed.named, ...armed.extra]) bodies[token] = e.inbox(token).map((n) => alertBody(n.payload));
  return {
    expected: armed.expected.length, reached, duplicated, missing: armed.expected.length - reached,
    rejected: { ...e.counters.rejected }, firstAt, lastAt, bodies,
  };
}

serveParent<EmulatorRequest>(async (r) => {
  switch (r.type) {
    case 'start': {
      if (emulator !== undefined) throw new Error('emulator already started');
      // Payloads are kept (per-token inboxes are how delivery to every member is checked); nothing else is stored.
      emulator = await createApnsEmulator({ acceptUnknownDevices: false, keepPayloads: true, clock: epochNow });
      emulator.registerKey(r.key);
      return { productUrl: emulator.urlFor('product'), devUrl: emulator.urlFor('dev'), caCertPem: emulator.caCertPem } satisfies EmulatorStarted;
    }
    case 'arm':
      arm(r);
      return null;
    case 'progress':
      return progress();
    case 'tally':
      return tally();
    case 'cpu': {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    }
    case 'close':
      await emulator?.close();
      emulator = undefined;
      return null;
  }
});
