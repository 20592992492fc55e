/**
 * V8's helper threads at the lowest CPU priority, the event loop's thread untouched (runtime/helper-thread-priority.ts).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LOWEST_PRIORITY, lowerHelperThreadPriority } from '../../src/runtime/helper-thread-priority.ts';

test('every thread but the main one is lowered; one that cannot be is skipped', () => {
  const set: Array<[number, number]> = [];
  const lowered = lowerHelperThreadPriority({
    listThreadIds: () => [100, 101, 102, 103],
    mainThreadId: 100,
    setPriority: (tid, priority) => {
      if (tid === 102) throw new Error('ESRCH');
      set.push([tid, priority]);
    },
  });
  assert.deepEqual(lowered, [101, 103]);
  assert.deepEqual(set, [[101, LOWEST_PRIORITY], [103, LOWEST_PRIORITY]]);
});

test('where threads cannot be listed nothing is changed', () => {
  let calls = 0;
  const lowered = lowerHelperThreadPriority({
    listThreadIds: () => { throw new Error('ENOENT'); },
    mainThreadId: 1,
    setPriority: () => { calls += 1; },
  });
  assert.deepEqual(lowered, []);
  assert.equal(calls, 0);
});

test('in a real process (Linux): the helpers run at nice 19, the main thread keeps its priority', { skip: !existsSync('/proc/self/task') }, () => {
  const moduleUrl = new URL('../../src/runtime/helper-thread-priority.ts', import.meta.url).href;
  // Field 19 of /proc/<pid>/task/<tid>/stat is the nice value (after the parenthesised name: index 16).
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    const { lowerHelperThreadPriority } = await import(${JSON.stringify(moduleUrl)});
    const lowered = lowerHelperThreadPriority();
    const nice = (tid) => { const s = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]); };
    const threads = readdirSync('/proc/self/task').map(Number).map((tid) => ({ tid, nice: nice(tid) }));
    console.log(JSON.stringify({ pid: process.pid, lowered, threads }));
  `;
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { pid: number; lowered: number[]; threads: { tid: number; nice: number }[] };
  assert.ok(r.lowered.length >= 1, `no helper thread lowered: ${out}`);
  const main = r.threads.find((t) => t.tid === r.pid)!;
  assert.notEqual(main.nice, LOWEST_PRIORITY);
  for (const tid of r.lowered) assert.equal(r.threads.find((t) => t.tid === tid)?.nice, LOWEST_PRIORITY, `thread ${tid}`);
});
