/**
 * The group-fanout harness end to end with a small group: Herald and the emulator start and stop, the seeded rows
 * match the real-API members', every member's phone gets exactly one push per phase (the real-API members' with
 * the expected text), the probes' pushes reach the peer, and the JSON report and the table are written. Timing is
 * never asserted. On the PostgreSQL store when the suite runs there (HERALD_TEST_STORE=postgres).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeReport } from '../shared/report-file.ts';
import { formatReport } from './format-report.ts';
import { runGroupFanout, type GroupFanoutReport } from './harness.ts';

const postgres = process.env['HERALD_TEST_STORE'] === 'postgres';

test('group-fanout harness pushes one message to every member, and the dispatcher alone reaches the same phones', { timeout: 170_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-group-fanout-'));
  try {
    const report = await runGroupFanout({
      members: 1_500, rounds: 2, smallAcks: 2, probeIntervalMs: 50, warmupMessages: 1,
      ...(postgres ? { store: 'postgres' as const, databaseUrl: process.env['HERALD_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' } : {}),
    });
    const out = join(dir, 'group-fanout.json');
    writeReport(report, out);
    const back = JSON.parse(readFileSync(out, 'utf8')) as GroupFanoutReport;

    assert.deepEqual(back.setup.seedingProblems, []);
    assert.equal(back.setup.seed.rows.im_group_member, 1_500 - 4);
    assert.deepEqual(back.trials.map((t) => `${t.round}:${t.kind}`), ['1:dispatch', '1:fanout', '2:fanout', '2:dispatch']);
    for (const t of back.trials) {
      const what = `r${t.round} ${t.kind}`;
      assert.deepEqual(t.problems, [], what);
      assert.equal(t.reached, 1_499, `${what}: every member's phone but the sender's`);
      assert.equal(t.duplicated, 0, what);
      assert.deepEqual(t.rejected, {}, what);
      assert.ok(t.lastPushMs !== null && t.lastPushMs >= (t.firstPushMs ?? 0), what);
      assert.ok(t.probes !== undefined && t.probes.sent > 0 && t.probes.failures === 0, `${what}: probes`);
      if (t.kind === 'fanout') {
        assert.equal(t.timeline.pages, 2, `${what}: 1,000 members a page`);
        assert.equal(t.pageRunMs?.count, 2, what);
      } else {
        assert.equal(t.timeline.resolveJobs, 1, `${what}: 2,000 devices a resolve page`);
      }
    }
    assert.equal(back.summary.smallGroupAck.count, 2);
    assert.equal(back.summary.bigGroupAck.count, 2);
    assert.equal(back.correct, true);
    const table = formatReport(back);
    assert.match(table, /last push: fan-out \/ dispatcher alone/);
    assert.match(table, /Every phase was correct/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
