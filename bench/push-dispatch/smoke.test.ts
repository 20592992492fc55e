/**
 * The push-dispatch harness end to end with tiny counts: every process starts and stops, every notification
 * reaches the emulator and is reported delivered, the JSON report is written. Timing is never asserted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeReport } from '../shared/report-file.ts';
import { formatReport } from './format-report.ts';
import { runPushDispatch, type PushDispatchReport } from './harness.ts';

test('push-dispatch harness delivers every notification through all three clients', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-push-dispatch-'));
  try {
    const report = await runPushDispatch({ count: 2_000, rounds: 1, warmupCount: 0, latencyCount: 2_000, latencyMs: 20 });
    const out = join(dir, 'push-dispatch.json');
    writeReport(report, out);
    const back = JSON.parse(readFileSync(out, 'utf8')) as PushDispatchReport;

    assert.equal(back.correct, true);
    const cpuRuns = back.runs.filter((r) => r.mode === 'cpu');
    assert.deepEqual(cpuRuns.map((r) => r.client).sort(), ['bare-h2', 'herald', 'node-apn']);
    const latencyRuns = back.runs.filter((r) => r.mode === 'latency');
    assert.deepEqual(latencyRuns.map((r) => r.client).sort(), ['bare-h2', 'herald']);
    for (const r of back.runs) {
      assert.equal(r.delivered, r.count, `${r.client} ${r.mode}: delivered`);
      assert.equal(r.accepted, r.count, `${r.client} ${r.mode}: accepted by the emulator`);
      assert.deepEqual(r.failures, {}, `${r.client} ${r.mode}: failures`);
      assert.deepEqual(r.emulatorRejected, {}, `${r.client} ${r.mode}: rejected by the emulator`);
      assert.ok(r.maxStreamsSeen <= back.options.streams, `${r.client} ${r.mode}: stayed within the granted streams`);
    }
    assert.equal(back.cpuMode.length, 3);
    assert.ok(back.ratios.heraldOverNodeApn !== undefined && back.ratios.heraldOverBare !== undefined);
    assert.equal(back.latencyMode.find((l) => l.client === 'herald')?.latencyMs, 20);
    assert.match(formatReport(back), /correctness .*: OK/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
