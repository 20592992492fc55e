/**
 * Under steady writes the WAL is caught up and started again from the top (sqlite-checkpointer.ts): the worker's
 * PASSIVE checkpoints alone never copy the frames written while they run, so without the main connection
 * finishing the catch-up the file grows by every page written.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { startCheckpointer, type CheckpointerOptions } from '../../src/store/sqlite-checkpointer.ts';

const RESTART_FRAMES = 200;
const FRAME_BYTES = 4096 + 24;
/** Four 3,000-byte rows: about four pages a transaction, each through the WAL. */
const PAGES_PER_TRANSACTION = 4;

type Timing = Pick<CheckpointerOptions, 'intervalMs' | 'guardIntervalMs' | 'catchUpMs'>;

/**
 * A WAL database with a checkpointer, written to about a millisecond apart (as a server's writes come) until
 * `catchUps` catch-ups and more than `minPages` pages (or a deadline); `largestWal` is the WAL file's largest size
 * seen after any transaction, `finalWal` its size after one more.
 */
async function writeSteadily(timing: Timing, o: { catchUps: number; minPages: number }) {
  const dir = await mkdtemp(join(tmpdir(), 'herald-wal-restart-'));
  const file = join(dir, 'wal.db');
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('create table t (k integer primary key, v blob not null)');
  const errors: Error[] = [];
  let caughtUp = 0;
  const checkpointer = startCheckpointer(raw, {
    ...timing, file, busyTimeoutMs: 1000, exclusive: async (fn) => fn(), onError: (err) => errors.push(err),
    restartFrames: RESTART_FRAMES, onCaughtUp: () => { caughtUp += 1; },
  });
  try {
    const insert = raw.prepare('insert into t (v) values (?)');
    const writeSome = raw.transaction(() => {
      for (let i = 0; i < PAGES_PER_TRANSACTION; i += 1) insert.run(Buffer.alloc(3000, i));
    });
    let transactions = 0;
    let largestWal = 0;
    const deadline = Date.now() + 30_000;
    while ((caughtUp < o.catchUps || transactions * PAGES_PER_TRANSACTION <= o.minPages) && Date.now() < deadline) {
      writeSome();
      transactions += 1;
      largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    writeSome();
    const finalWal = statSync(`${file}-wal`).size;
    const rows = Number((raw.prepare('select count(*) as n from t').get() as { n: number }).n);
    return { caughtUp, transactions, largestWal, finalWal, rows, errors };
  } finally {
    await checkpointer.stop();
    raw.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('steady writes: the WAL is restarted again and again and its file stays near the restart size', async () => {
  const r = await writeSteadily({ intervalMs: 20, catchUpMs: 2 }, { catchUps: 4, minPages: 4 * RESTART_FRAMES });
  assert.equal(r.caughtUp >= 4, true, `caught up ${r.caughtUp} times in ${r.transactions} transactions`);
  // More pages went through the WAL than its file holds (cut back to twice the restart size at a restart, plus what
  // came while the last catch-up ran).
  assert.ok(r.transactions * PAGES_PER_TRANSACTION > 3 * RESTART_FRAMES, `${r.transactions} transactions`);
  assert.ok(r.finalWal <= 3 * RESTART_FRAMES * FRAME_BYTES, `WAL file ${r.finalWal} bytes after ${r.transactions} transactions`);
  assert.deepEqual(r.errors, []);
  assert.equal(r.rows, PAGES_PER_TRANSACTION * (r.transactions + 1));
});

test('a worker that never gets to run (its CPU priority is the lowest): the main connection bounds the WAL itself', async () => {
  // The worker's first pass is a day away: everything that is copied here, the main connection copies.
  const r = await writeSteadily({ intervalMs: 86_400_000, guardIntervalMs: 10 }, { catchUps: 2, minPages: 8 * RESTART_FRAMES });
  assert.equal(r.caughtUp >= 2, true, `caught up ${r.caughtUp} times in ${r.transactions} transactions`);
  // Past four times the restart size the guard copies at its next look: a few transactions later.
  assert.ok(r.largestWal <= 5 * RESTART_FRAMES * FRAME_BYTES, `WAL file reached ${r.largestWal} bytes in ${r.transactions} transactions`);
  assert.deepEqual(r.errors, []);
});

test('the WAL file is cut back to twice the restart size, so a catch-up\'s overshoot is not freed and allocated again every cycle', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'herald-wal-limit-'));
  const file = join(dir, 'wal.db');
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  const checkpointer = startCheckpointer(raw, {
    file, intervalMs: 1000, busyTimeoutMs: 1000, exclusive: async (fn) => fn(), onError: () => undefined, restartFrames: RESTART_FRAMES,
  });
  try {
    assert.equal(raw.pragma('journal_size_limit', { simple: true }), 2 * RESTART_FRAMES * FRAME_BYTES);
    assert.equal(raw.pragma('wal_autocheckpoint', { simple: true }), 0);
  } finally {
    await checkpointer.stop();
    raw.close();
    await rm(dir, { recursive: true, force: true });
  }
});
