/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever COMMIT crosses the
 * threshold: it copies the WAL into the database file and fsyncs, blocking the event loop for milliseconds, a
 * latency spike for every chat message queued behind it. Instead the main connection turns the automatic
 * checkpoint off and a worker thread with its own connection to the same file runs PASSIVE checkpoints (they
 * never block writers) every interval. If the worker fails, the main connection takes checkpoints back, so the
 * WAL never grows without bound.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** SQLite's default threshold, in pages, restored on the main connection when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// Plain CommonJS so the worker needs no TypeScript loader; it gets better-sqlite3's resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(raw: BetterSqlite3.Database, o: { file: string; intervalMs: number; busyTimeoutMs: number; onError: (err: Error) => void }): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  raw.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: o.file, driverPath, intervalMs: o.intervalMs, busyTimeoutMs: o.busyTimeoutMs } });
  // Never keeps the process alive on its own.
  worker.unref();
  let stopped = false;
  const fallBack = (err: Error) => {
    if (stopped) return;
    stopped = true;
    o.onError(err);
    try {
      raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch {
      // The main connection is closing as well.
    }
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error !== undefined) o.onError(new Error(`WAL checkpoint failed: ${m.error}`));
  });
  worker.on('error', fallBack);
  worker.on('exit', (code) => {
    if (!stopped && code !== 0) fallBack(new Error(`the WAL checkpoint worker exited with ${code}`));
  });
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Held until it has closed its connection: an unreferenced worker would let the process exit first.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
