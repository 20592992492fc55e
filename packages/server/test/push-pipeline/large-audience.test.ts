import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notify, startPipeline, type Pipeline } from './pipeline-fixture.ts';

describe('push pipeline: a large audience', () => {
  let p: Pipeline;
  before(async () => {
    p = await startPipeline({ config: { queueBatchSize: 250 } });
  });
  after(async () => {
    await p.close();
  });

  it('an all push to 2,000 devices is accepted at once and delivered to each device exactly once', async () => {
    const app = await p.createApp();
    const devices = await p.addDevices(2000, { app });
    const started = p.emulator.counters.accepted;
    const res = await p.push(notify({ audience_type: 'all' }), app);
    assert.equal(res.body['ret_code'], 0);
    const pushId = String(res.body['push_id']);
    // Accepted means stored with one resolve job; the audience is resolved by the worker.
    await p.waitStatus(pushId, ['PUSH_FINISHED'], 30_000);
    assert.equal(p.emulator.counters.accepted - started, 2000);
    assert.ok(devices.every((d) => p.emulator.inbox(d.vendorToken).length === 1));
    const db = p.server.ctx.store.db;
    const jobs = await db.selectFrom('queue_job').select(['kind', 'state']).where('push_id', '=', pushId).execute();
    assert.equal(jobs.filter((j) => j.kind === 'send').length, 8);
    assert.ok(jobs.every((j) => j.state === 'done'));
    const s = await db.selectFrom('push_stat').selectAll().where('push_id', '=', pushId).executeTakeFirstOrThrow();
    assert.equal(s.targeted, 2000);
    assert.equal(s.sent, 2000);
  });
});
