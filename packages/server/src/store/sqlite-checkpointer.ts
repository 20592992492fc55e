/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever COMMIT crosses the
 * threshold: it copies the WAL into the database file and fsyncs, blocking the event loop for milliseconds, a
 * latency spike for every chat message queued behind it. Instead the main connection turns the automatic
 * checkpoint off and a worker thread with its own connection to the same file runs PASSIVE checkpoints (they
 * never block writers) every interval. If the worker fails, the main connection takes checkpoints back, so the
 * WAL never grows without bound.
 *
 * A PASSIVE checkpoint copies the frames that were there when it started. Under steady writes more always arrive
 * meanwhile, so the WAL was never entirely copied, SQLite never started it again from the top, and it grew by
 * every page written (a gigabyte a minute under chat load), each new frame on new file space that the kernel
 * allocates and zeroes. So once the WAL passes `restartFrames`, the worker checkpoints again at once until a
 * pass is quick (little was written while it ran), and then the main connection copies that rest itself, between
 * two writes: with every frame copied, the next write starts the WAL from its beginning, on file pages already in
 * memory.
 *
 * What the main connection's part costs is an fsync of the database file, and SQLite syncs that file only in a
 * checkpoint that copies every frame: the worker's passes leave their pages dirty, so that fsync wrote a whole
 * cycle's pages, 15–40 ms of a blocked event loop every few seconds at 5,000 msg/s. The worker therefore syncs the
 * database file itself after each pass (an fsync never hurts SQLite's ordering), and the main connection's sync
 * finds only the last pass's pages: 2–4 ms. The worker runs at the lowest CPU priority: on a machine with one core
 * its passes (a tenth of that core at 5,000 msg/s) take the time the event loop leaves, not the loop's (at the same
 * priority they took it in slices, and the p99 at 5,000 msg/s was 42–45 ms instead of 10–12). Where the loop leaves
 * no time, the main connection copies the WAL itself once it passes four times the restart size (the guard).
 *
 * `journal_size_limit` gives the file back after a burst. It is twice the restart size: a cycle overshoots the
 * restart size while it catches up, and cutting that overshoot off at every restart made the first commit after
 * it free the blocks and the next cycle allocate them again (5–20 ms for that commit).
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { LOWEST_PRIORITY } from '../runtime/helper-thread-priority.ts';

/** SQLite's default threshold, in pages, restored on the main connection when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface CheckpointerOptions {
  file: string;
  intervalMs: number;
  busyTimeoutMs: number;
  /** Runs `fn` when no transaction is open on the main connection (the store's connection lock). */
  exclusive: (fn: () => void) => Promise<void>;
  onError: (err: Error) => void;
  /** WAL frames past which the WAL is caught up and restarted. */
  restartFrames?: number;
  /** A catch-up pass at most this long hands the rest to the main connection. */
  finishAfterPassMs?: number;
  /** The worker's interval between catch-up passes. */
  catchUpMs?: number;
  /** Called when the main connection's part of a catch-up copied every frame (tests). */
  onCaughtUp?: () => void;
  /** How often the main connection looks whether the WAL passed the guard size (default: `intervalMs`). */
  guardIntervalMs?: number;
}

/**
 * The worker runs at the lowest CPU priority, so on a core the event loop keeps entirely busy it hardly runs, and
 * the WAL would grow by every page written. Past this many times the restart size the main connection copies it
 * itself (blocking, but only on a server that is overloaded anyway).
 */
const GUARD_RESTARTS = 4;

/**
 * 65,536 frames of 4 KiB pages: 256 MiB (the file is cut back to twice that after a restart). The main
 * connection's part of a catch-up blocks its event loop (2–4 ms at 5,000 msg/s on one core since the worker syncs
 * the file; 8–40 ms before), so it should be rare: at that load the WAL reaches this every 4–5 s. Holding
 * the writes while the worker copied the rest, with the event loop free, was tried: on one core that pass shares
 * the CPU with the loop and the writes waited 15–185 ms.
 */
const DEFAULT_RESTART_FRAMES = 65_536;
const DEFAULT_FINISH_AFTER_PASS_MS = 10;
const DEFAULT_CATCH_UP_MS = 0;

// Plain CommonJS so the worker needs no TypeScript loader; it gets better-sqlite3's resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { openSync, closeSync, fdatasyncSync, readlinkSync } = require('node:fs');
const { setPriority } = require('node:os');
const Database = require(workerData.driverPath);
try {
  // Linux: this thread's own id, so that only the checkpoints yield the CPU, not the event loop.
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), workerData.priority);
} catch {}
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const dbFd = openSync(workerData.file, 'r');
let timer;
let synced = 0;
function pass() {
  let delay = workerData.intervalMs;
  try {
    const started = performance.now();
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    const ms = performance.now() - started;
    if (r.checkpointed > 0 && r.checkpointed !== synced) {
      fdatasyncSync(dbFd);
      synced = r.checkpointed;
    }
    if (r.log >= workerData.restartFrames) {
      // A quick pass copied little, so little was written while it ran: the main connection copies that rest.
      // A slow one is followed at once by another, which has only what came during this one to copy.
      if (ms <= workerData.finishAfterPassMs) parentPort.postMessage({ finish: true });
      else delay = workerData.catchUpMs;
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
  timer = setTimeout(pass, delay);
}
timer = setTimeout(pass, workerData.intervalMs);
parentPort.on('message', () => { clearTimeout(timer); db.close(); closeSync(dbFd); process.exit(0); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(raw: BetterSqlite3.Database, o: CheckpointerOptions): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const restartFrames = o.restartFrames ?? DEFAULT_RESTART_FRAMES;
  raw.pragma('wal_autocheckpoint = 0');
  const frameBytes = Number(raw.pragma('page_size', { simple: true })) + 24;
  raw.pragma(`journal_size_limit = ${2 * restartFrames * frameBytes}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file: o.file, driverPath, intervalMs: o.intervalMs, busyTimeoutMs: o.busyTimeoutMs, priority: LOWEST_PRIORITY,
      restartFrames, finishAfterPassMs: o.finishAfterPassMs ?? DEFAULT_FINISH_AFTER_PASS_MS, catchUpMs: o.catchUpMs ?? DEFAULT_CATCH_UP_MS,
    },
  });
  // Never keeps the process alive on its own.
  worker.unref();
  let stopped = false;
  let finishing = false;
  const guard = setInterval(() => {
    if (stopped || finishing) return;
    let walBytes: number;
    try {
      walBytes = statSync(`${o.file}-wal`).size;
    } catch {
      return;
    }
    if (walBytes > GUARD_RESTARTS * restartFrames * frameBytes) finishCatchUp();
  }, o.guardIntervalMs ?? o.intervalMs);
  guard.unref();
  const fallBack = (err: Error) => {
    if (stopped) return;
    stopped = true;
    clearInterval(guard);
    o.onError(err);
    try {
      raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The main connection is closing as well.
    }
  };
  function finishCatchUp(): void {
    finishing = true;
    o.exclusive(() => {
      if (stopped) return;
      const r = raw.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      if (r[0] !== undefined && r[0].busy === 0 && r[0].log === r[0].checkpointed) o.onCaughtUp?.();
    }).catch((err: unknown) => {
      if (!stopped) o.onError(err as Error);
    }).finally(() => {
      finishing = false;
    });
  }
  worker.on('message', (m: { error?: string; finish?: boolean }) => {
    if (m.error !== undefined) o.onError(new Error(`WAL checkpoint failed: ${m.error}`));
    else if (m.finish === true && !stopped && !finishing) finishCatchUp();
  });
  worker.on('error', fallBack);
  worker.on('exit', (code) => {
    if (!stopped && code !== 0) fallBack(new Error(`the WAL checkpoint worker exited with ${code}`));
  });
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(guard);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Held until it has closed its connection: an unreferenced worker would let the process exit first.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
