/**
 * Two quick readings of how fast this box is, recorded with every report: VMs of the same name have differed by
 * half from one day to the next (docs/performance.md), and a ratio against a peer measured in the same run hides
 * that, but absolute figures (milliseconds, CPU per message) do not. `jsLoopMs`: a fixed JavaScript workload
 * (JSON and strings, what the servers mostly do). `pwrite4kUs`: one 4 KiB positioned write to a file in the temp
 * directory, the system call SQLite makes twice per WAL frame; its cost is mostly the system call's, which some
 * VMs make dear. Both from the harness's own process before the runs, best of three.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostSpeed {
  jsLoopMs: number;
  pwrite4kUs: number;
}

const JS_ITERATIONS = 2_000_000;
const WRITES = 20_000;

function jsLoopMs(): number {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < JS_ITERATIONS; i++) n += JSON.stringify({ i, s: `x${i}` }).length;
  if (n === 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function pwrite4kUs(): number {
  const dir = mkdtempSync(join(tmpdir(), 'host-speed-'));
  const fd = openSync(join(dir, 'w'), 'w');
  try {
    const page = Buffer.alloc(4096, 1);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < WRITES; i++) writeSync(fd, page, 0, page.length, (i % 2000) * page.length);
    return Number(process.hrtime.bigint() - t0) / 1e3 / WRITES;
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function hostSpeed(): HostSpeed {
  const best = (f: () => number) => Math.min(f(), f(), f());
  return { jsLoopMs: round2(best(jsLoopMs)), pwrite4kUs: round2(best(pwrite4kUs)) };
}

/** For a report's first line; reports written before the readings existed have none. */
export function speedOf(m: { speed?: HostSpeed }): string {
  return m.speed === undefined ? 'speed not measured' : `JS loop ${m.speed.jsLoopMs} ms, 4 KiB pwrite ${m.speed.pwrite4kUs} µs`;
}
