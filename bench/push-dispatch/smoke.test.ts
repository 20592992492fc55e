/**
 * The push-dispatch harness end to end with tiny counts, every row: every process starts and stops, every message
 * reaches its emulator and is reported delivered, every Web Push message decrypts to the payload with its own
 * browser's keys, the JSON report is written. Timing is never asserted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeReport } from '../shared/report-file.ts';
import { formatReport } from './format-report.ts';
import { DEFAULT_OPTIONS, runPushDispatch, type PushDispatchReport } from './harness.ts';

test('push-dispatch harness delivers every message through every client of the APNs, FCM and Web Push rows', { timeout: 170_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-push-dispatch-'));
  try {
    const report = await runPushDispatch({
      count: 2_000,
      rounds: 1,
      warmupCount: 0,
      latencyCount: 2_000,
      latencyMs: 20,
      fcm: { ...DEFAULT_OPTIONS.fcm, count: 300, warmupCount: 0, concurrency: 16 },
      webPush: { ...DEFAULT_OPTIONS.webPush, count: 150, warmupCount: 0, concurrency: 16, verify: true },
    });
    const out = join(dir, 'push-dispatch.json');
    writeReport(report, out);
    const back = JSON.parse(readFileSync(out, 'utf8')) as PushDispatchReport;

    assert.equal(back.correct, true);
    const cpuRuns = back.runs.filter((r) => r.mode === 'cpu');
    assert.deepEqual(
      cpuRuns.map((r) => `${r.vendor}/${r.client}`).sort(),
      ['apns/bare-h2', 'apns/herald', 'apns/node-apn', 'fcm/bare-fcm', 'fcm/herald-fcm', 'webpush/bare-webpush', 'webpush/herald-webpush', 'webpush/web-push'],
    );
    const latencyRuns = back.runs.filter((r) => r.mode === 'latency');
    assert.deepEqual(latencyRuns.map((r) => r.client).sort(), ['bare-h2', 'herald']);
    for (const r of back.runs) {
      const what = `${r.vendor} ${r.client} ${r.mode}`;
      assert.equal(r.delivered, r.count, `${what}: delivered`);
      assert.equal(r.accepted, r.count, `${what}: accepted by the emulator`);
      assert.deepEqual(r.failures, {}, `${what}: failures`);
      assert.deepEqual(r.emulatorRejected, {}, `${what}: refused by the emulator`);
      if (r.vendor === 'apns') assert.ok(r.maxInFlightSeen! <= back.options.streams, `${what}: stayed within the granted streams`);
      if (r.vendor !== 'apns') assert.ok(r.connections <= 16, `${what}: at most 16 connections, opened ${r.connections}`);
      if (r.vendor === 'webpush') assert.equal(r.decrypted, r.count, `${what}: decrypted to the payload by its browser`);
    }
    assert.equal(back.cpuMode.length, 8);
    for (const key of ['heraldOverNodeApn', 'heraldOverBare', 'fcmHeraldOverBare', 'webPushHeraldOverBare', 'webPushHeraldOverWebPush'] as const) {
      assert.ok(back.ratios[key] !== undefined, `ratio ${key}`);
    }
    assert.equal(back.latencyMode.find((l) => l.client === 'herald')?.latencyMs, 20);
    const table = formatReport(back);
    assert.match(table, /herald-fcm \/ bare-fcm/);
    assert.match(table, /herald-webpush \/ web-push/);
    assert.match(table, /correctness .*: OK/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
