import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notify, startPipeline, type Pipeline } from './pipeline-fixture.ts';

/** `yyyy-MM-DD HH:MM:SS` at UTC+8 (TPNS's zone, the default offset). */
function tpnsTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

describe('push pipeline: scheduling and control', () => {
  let p: Pipeline;
  before(async () => {
    p = await startPipeline();
  });
  after(async () => {
    await p.close();
  });

  it('a scheduled push waits (PUSH_WAIT) and arrives at its send_time', async () => {
    const app = await p.createApp();
    const d = await p.addDevice({ app });
    // The next whole second plus one: at least a second ahead, at most two.
    const at = (Math.floor(Date.now() / 1000) + 2) * 1000;
    const res = await p.push(notify({ audience_type: 'all', send_time: tpnsTime(at) }), app);
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    const pushId = String(res.body['push_id']);
    const task = await p.server.ctx.store.db.selectFrom('push_task').selectAll().where('push_id', '=', pushId).executeTakeFirstOrThrow();
    assert.equal(task.status, 'PUSH_WAIT');
    assert.equal(task.send_at, at);
    await p.waitStatus(pushId, ['PUSH_FINISHED'], 10_000);
    const [n] = p.emulator.inbox(d.vendorToken);
    assert.ok(n);
    assert.ok(n.receivedAt >= at, 'not delivered before send_time');
  });

  it('a cancelled scheduled push is never sent', async () => {
    const app = await p.createApp();
    const d = await p.addDevice({ app });
    const res = await p.push(notify({ audience_type: 'all', send_time: tpnsTime(Date.now() + 3_600_000) }), app);
    const pushId = String(res.body['push_id']);
    const cancel = await p.call('/v3/push/cancel_timing_task', { pushId }, app);
    assert.deepEqual(cancel.body, { ret_code: 0, err_msg: '' });
    const db = p.server.ctx.store.db;
    const task = await db.selectFrom('push_task').select('status').where('push_id', '=', pushId).executeTakeFirstOrThrow();
    assert.equal(task.status, 'PUSH_CANCELED');
    const jobs = await db.selectFrom('queue_job').select('state').where('push_id', '=', pushId).execute();
    assert.deepEqual(jobs.map((j) => j.state), ['cancelled']);
    // Even a job leased now finds the task cancelled.
    assert.deepEqual(await p.server.ctx.store.queue.lease('probe', 10, 1000, Date.now() + 7_200_000), []);
    assert.equal(p.emulator.inbox(d.vendorToken).length, 0);

    const again = await p.call('/v3/push/cancel_timing_task', { pushId: '999' }, app);
    assert.equal(again.body['ret_code'], 1008015);
    // Another app cannot see the task.
    const foreign = await p.call('/v3/push/cancel_timing_task', { pushId });
    assert.equal(foreign.body['ret_code'], 1008015);
  });

  it('a finished push cannot be cancelled', async () => {
    const d = await p.addDevice();
    const res = await p.push(notify({ audience_type: 'token', token_list: [d.token] }));
    const pushId = String(res.body['push_id']);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);
    const cancel = await p.call('/v3/push/cancel_timing_task', { pushId });
    assert.equal(cancel.body['ret_code'], 1008007);
    assert.match(String(cancel.body['err_msg']), /PUSH_FINISHED/);
  });

  it('stop_push_msg stops the batches not yet sent', async () => {
    const app = await p.createApp();
    const devices = await p.addDevices(2500, { app });
    // push_speed 1000/s in batches of 500 (the default): batches leave every 0.5 s, the last after 2 s.
    const res = await p.push(notify({ audience_type: 'all', push_speed: 1000 }), app);
    const pushId = String(res.body['push_id']);
    const db = p.server.ctx.store.db;
    await p.waitFor(async () => (await db.selectFrom('push_delivery').select('token').where('push_id', '=', pushId).limit(1).execute()).length > 0, 10_000, 'first batch');
    const stop = await p.call('/v3/push/stop_push_msg', { pushId }, app);
    assert.deepEqual(stop.body, { ret_code: 0, err_msg: '' });
    await p.waitFor(async () => (await db.selectFrom('queue_job').select('job_id').where('push_id', '=', pushId).where('state', '=', 'leased').execute()).length === 0, 10_000, 'in-flight batch');
    const task = await db.selectFrom('push_task').select('status').where('push_id', '=', pushId).executeTakeFirstOrThrow();
    assert.equal(task.status, 'PUSH_DELETED_PUSH_MSG');
    const received = devices.filter((d) => p.emulator.inbox(d.vendorToken).length > 0).length;
    assert.ok(received >= 500 && received < 2500, `received ${received}`);
    const cancelled = await db.selectFrom('queue_job').select('job_id').where('push_id', '=', pushId).where('state', '=', 'cancelled').execute();
    assert.ok(cancelled.length >= 1);
  });
});
