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
import { startCheckpointer } from '../../src/store/sqlite-checkpointer.ts';

const RESTART_FRAMES = 200;
const FRAME_BYTES = 4096 + 24;

test('steady writes: the WAL is restarted again and again and its file stays near the restart size', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'herald-wal-restart-'));
  const file = join(dir, 'wal.db');
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('create table t (k integer primary key, v blob not null)');
  const errors: Error[] = [];
  let caughtUp = 0;
  const checkpointer = startCheckpointer(raw, {
    file, intervalMs: 20, busyTimeoutMs: 1000, exclusive: async (fn) => fn(), onError: (err) => errors.push(err),
    restartFrames: RESTART_FRAMES, catchUpMs: 2, onCaughtUp: () => { caughtUp += 1; },
  });
  try {
    const insert = raw.prepare('insert into t (v) values (?)');
    const writeSome = raw.transaction(() => {
      for (let i = 0; i < 4; i += 1) insert.run(Buffer.alloc(3000, i));
    });
    let transactions = 0;
    const deadline = Date.now() + 30_000;
    // About a millisecond apart, as a server's writes come, until four catch-ups and more pages than the bound below
    // (or the deadline).
    while ((caughtUp < 4 || transactions * 4 <= 4 * RESTART_FRAMES) && Date.now() < deadline) {
      writeSome();
      transactions += 1;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    assert.equal(caughtUp >= 4, true, `caught up ${caughtUp} times in ${transactions} transactions`);
    writeSome();
    const walBytes = statSync(`${file}-wal`).size;
    // Four 3,000-byte rows write about four pages a transaction, each through the WAL: more than its file holds
    // (cut back to twice the restart size at a restart, plus what came while the last catch-up ran).
    assert.ok(transactions * 4 > 3 * RESTART_FRAMES, `${transactions} transactions`);
    assert.ok(walBytes <= 3 * RESTART_FRAMES * FRAME_BYTES, `WAL file ${walBytes} bytes after ${transactions} transactions`);
    assert.deepEqual(errors, []);
    assert.equal(Number((raw.prepare('select count(*) as n from t').get() as { n: number }).n), 4 * (transactions + 1));
  } finally {
    await checkpointer.stop();
    raw.close();
    await rm(dir, { recursive: true, force: true });
  }
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

test('a worker that never gets to run (its CPU priority is the lowest): the main connection bounds the WAL itself', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'herald-wal-guard-'));
  const file = join(dir, 'wal.db');
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('create table t (k integer primary key, v blob not null)');
  const errors: Error[] = [];
  let caughtUp = 0;
  // The worker's first pass is a day away: everything that is copied here, the main connection copies.
  const checkpointer = startCheckpointer(raw, {
    file, intervalMs: 86_400_000, guardIntervalMs: 10, busyTimeoutMs: 1000, exclusive: async (fn) => fn(),
    onError: (err) => errors.push(err), restartFrames: RESTART_FRAMES, onCaughtUp: () => { caughtUp += 1; },
  });
  try {
    const insert = raw.prepare('insert into t (v) values (?)');
    const writeSome = raw.transaction(() => {
      for (let i = 0; i < 4; i += 1) insert.run(Buffer.alloc(3000, i));
    });
    let transactions = 0;
    let largest = 0;
    const deadline = Date.now() + 30_000;
    while ((caughtUp < 2 || transactions * 4 <= 8 * RESTART_FRAMES) && Date.now() < deadline) {
      writeSome();
      transactions += 1;
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    assert.equal(caughtUp >= 2, true, `caught up ${caughtUp} times in ${transactions} transactions`);
    // Past four times the restart size the guard copies at its next look: a few transactions later.
    assert.ok(largest <= 5 * RESTART_FRAMES * FRAME_BYTES, `WAL file reached ${largest} bytes in ${transactions} transactions`);
    assert.deepEqual(errors, []);
  } finally {
    await checkpointer.stop();
    raw.close();
    await rm(dir, { recursive: true, force: true });
  }
});
