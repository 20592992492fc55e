/**
 * The server's two V8 GC settings (runtime/v8-gc-tuning.ts): set by default, never over a flag given on the node
 * command line, and the heap growing percent only when configured to something other than V8's own choice.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { disablePretenuring, setHeapGrowingPercent } from '../../src/runtime/v8-gc-tuning.ts';

function recorder() {
  const set: string[] = [];
  return { set, setFlags: (flags: string) => { set.push(flags); } };
}

test('pretenuring is turned off unless the command line sets it, in either spelling', () => {
  const r = recorder();
  assert.equal(disablePretenuring(['--single-threaded-gc', '--import', 'tsx'], r.setFlags), true);
  assert.deepEqual(r.set, ['--no-allocation-site-pretenuring']);
  for (const argv of [['--allocation-site-pretenuring'], ['--no-allocation-site-pretenuring'], ['--allocation_site_pretenuring'], ['--no-allocation_site_pretenuring']]) {
    const q = recorder();
    assert.equal(disablePretenuring(argv, q.setFlags), false, argv.join(' '));
    assert.deepEqual(q.set, []);
  }
});

test('the heap growing percent is set from the configuration, not at 0 and not over the command line', () => {
  const r = recorder();
  assert.equal(setHeapGrowingPercent(300, [], r.setFlags), true);
  assert.deepEqual(r.set, ['--heap-growing-percent=300']);
  const zero = recorder();
  assert.equal(setHeapGrowingPercent(0, [], zero.setFlags), false);
  assert.deepEqual(zero.set, []);
  for (const argv of [['--heap-growing-percent=50'], ['--heap_growing_percent=50']]) {
    const q = recorder();
    assert.equal(setHeapGrowingPercent(300, argv, q.setFlags), false, argv.join(' '));
    assert.deepEqual(q.set, []);
  }
  // A flag whose name only starts the same is not this one.
  const other = recorder();
  assert.equal(setHeapGrowingPercent(300, ['--heap-growing-percentage-x=1'], other.setFlags), true);
});

test('the running V8 knows both flags', () => {
  // setFlagsFromString ignores a flag it does not know, so a V8 that renamed one would lose the setting silently.
  const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
  assert.match(options, /--allocation-site-pretenuring\b/);
  assert.match(options, /--heap-growing-percent\b/);
});
