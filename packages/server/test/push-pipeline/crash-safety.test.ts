import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPushWorker } from '../../src/push/dispatch/create-push-worker.ts';
import { notify, startPipeline, type Pipeline } from './pipeline-fixture.ts';

describe('push pipeline: crash safety and shutdown', () => {
  let p: Pipeline;
  before(async () => {
    // No worker of the server's own: each test runs the workers it needs.
    p = await startPipeline({ worker: false });
  });
  after(async () => {
    await p.close();
  });

  function worker(id: string) {
    return createPushWorker(p.server.ctx, { channels: p.server.channels, onWork: p.server.onWork, workerId: id });
  }

  it('a job leased by a worker that died is taken over after the lease expires; every device receives exactly once', async () => {
    const devices = [await p.addDevice(), await p.addDevice(), await p.addDevice()];
    const res = await p.push(notify({ audience_type: 'token_list', token_list: devices.map((d) => d.token) }));
    const pushId = String(res.body['push_id']);
    const { ctx } = p.server;
    // The "crashed" worker: leases the job for 300 ms and is never heard of again.
    const [job] = await ctx.store.queue.lease('crashed-worker', 10, 300, Date.now());
    assert.equal(job?.push_id, pushId);
    // It had committed the first device's outcome before dying (a retry path writes results, then releases).
    await ctx.store.db.insertInto('push_delivery').values({ push_id: pushId, token: devices[0]!.token, access_id: p.app.accessId, channel: 'apns', outcome: 'delivered', reason: null, created_at: Date.now() }).execute();

    const survivor = worker('survivor');
    survivor.start();
    try {
      await p.waitStatus(pushId, ['PUSH_FINISHED'], 10_000);
    } finally {
      await survivor.stop(1000);
    }
    assert.equal(p.emulator.inbox(devices[0]!.vendorToken).length, 0, 'already answered: skipped');
    assert.equal(p.emulator.inbox(devices[1]!.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(devices[2]!.vendorToken).length, 1);
    const done = await ctx.store.db.selectFrom('queue_job').selectAll().where('push_id', '=', pushId).executeTakeFirstOrThrow();
    assert.equal(done.state, 'done');
    assert.equal(done.lease_owner, 'survivor');
    assert.equal(done.attempt, 1, 'the takeover counts as an attempt');
  });

  it('stop(grace) gives unfinished jobs back to the queue; the next worker finishes without sending twice', async () => {
    const devices = [await p.addDevice(), await p.addDevice()];
    p.emulator.setLatency(1500);
    const first = worker('first');
    first.start();
    const { ctx } = p.server;
    try {
      const res = await p.push(notify({ audience_type: 'token_list', token_list: devices.map((d) => d.token) }));
      const pushId = String(res.body['push_id']);
      await p.waitFor(async () => (await ctx.store.db.selectFrom('queue_job').select('state').where('push_id', '=', pushId).executeTakeFirst())?.state === 'leased', 5000, 'job leased');
      await first.stop(100);
      const released = await ctx.store.db.selectFrom('queue_job').selectAll().where('push_id', '=', pushId).executeTakeFirstOrThrow();
      assert.equal(released.state, 'pending');
      assert.equal(released.lease_owner, null);
      assert.deepEqual(JSON.parse(released.tokens_json ?? '[]'), devices.map((d) => d.token));

      // The abandoned send still completes at the vendor; its outcomes are recorded, the job is left to the next worker.
      await p.waitFor(async () => (await ctx.store.db.selectFrom('push_delivery').select('token').where('push_id', '=', pushId).execute()).length === 2, 10_000, 'abandoned outcomes');
      p.emulator.setLatency(0);
      const next = worker('next');
      next.start();
      try {
        await p.waitStatus(pushId, ['PUSH_FINISHED'], 10_000);
      } finally {
        await next.stop(1000);
      }
      for (const d of devices) assert.equal(p.emulator.inbox(d.vendorToken).length, 1);
      const s = await ctx.store.db.selectFrom('push_stat').selectAll().where('push_id', '=', pushId).executeTakeFirstOrThrow();
      assert.equal(s.targeted, 2);
      assert.equal(s.sent, 2);
    } finally {
      p.emulator.setLatency(0);
    }
  });

  it('an accepted push waits on the durable queue until a worker runs it', async () => {
    const d = await p.addDevice();
    const res = await p.push(notify({ audience_type: 'token', token_list: [d.token] }));
    const pushId = String(res.body['push_id']);
    // Nothing runs yet: the task is only on the durable queue.
    assert.equal(p.emulator.inbox(d.vendorToken).length, 0);
    const w = worker('after-restart');
    w.start();
    try {
      await p.waitStatus(pushId, ['PUSH_FINISHED']);
    } finally {
      await w.stop(1000);
    }
    assert.equal(p.emulator.inbox(d.vendorToken).length, 1);
  });
});
