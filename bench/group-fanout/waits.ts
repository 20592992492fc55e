/**
 * Waiting for a phase to end, by polling the children: the emulator until every expected phone has its push
 * (counters first, the per-token tally only once the counts add up), Herald until its queue and tasks are done,
 * then until its CPU is quiet (a drained queue is not an idle process: the WAL checkpoint thread copies what the
 * phase wrote for a while after). Arrival times come from the emulator's own stamps, so the poll interval does not
 * limit their precision.
 */
import type { EmulatorChild, ServerChild } from './spawn-children.ts';
import type { PushProgress, PushTally, ServerBacklog } from './types.ts';

const POLL_MS = 50;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface WatchedPushes {
  tally: PushTally;
  timedOut: boolean;
}

/** Until each of the `expected` armed tokens has a notification, or the timeout. */
export async function waitForPushes(emulator: EmulatorChild, expected: number, timeoutMs: number): Promise<WatchedPushes> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await emulator.request<PushProgress>({ type: 'progress' });
    if (p.accepted - p.extraReceived >= expected) {
      const tally = await emulator.request<PushTally>({ type: 'tally' });
      // Duplicates can make the counters add up early; only the tally says every phone has its push.
      if (tally.missing === 0) return { tally, timedOut: false };
    }
    if (Date.now() > deadline) return { tally: await emulator.request<PushTally>({ type: 'tally' }), timedOut: true };
    await sleep(POLL_MS);
  }
}

/** Until the `extra` tokens (the peer's phone) have received `count` notifications in all. */
export async function waitForExtraPushes(emulator: EmulatorChild, count: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await emulator.request<PushProgress>({ type: 'progress' });
    if (p.extraReceived >= count) return true;
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
}

export interface QuietServer {
  quiet: boolean;
  /** How long it took, and the server's CPU over that time. */
  waitedMs: number;
  cpuSeconds: number;
}

const QUIET_WINDOW_MS = 200;

/**
 * Until the server spends under `share` of a core over two 200 ms windows in a row (5 % normally: its idle worker
 * polls the queue every 250 ms; more under --profile, whose sampling thread keeps a process busy); `quiet` false
 * on timeout.
 */
export async function waitForQuietServer(server: ServerChild, timeoutMs: number, share: number): Promise<QuietServer> {
  const started = Date.now();
  const cpu0 = await server.request<number>({ type: 'cpu' });
  let last = cpu0;
  let calm = 0;
  for (;;) {
    await sleep(QUIET_WINDOW_MS);
    const now = await server.request<number>({ type: 'cpu' });
    calm = now - last < (share * QUIET_WINDOW_MS) / 1000 ? calm + 1 : 0;
    last = now;
    const waitedMs = Date.now() - started;
    if (calm >= 2 || waitedMs > timeoutMs) return { quiet: calm >= 2, waitedMs, cpuSeconds: Math.round((now - cpu0) * 1000) / 1000 };
  }
}

/** Until no queue job is pending or leased and every push task is closed; false on timeout. */
export async function waitForIdleServer(server: ServerChild, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const b = await server.request<ServerBacklog>({ type: 'backlog' });
    if (b.openJobs === 0 && b.openTasks === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
}
