import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateP8 } from '@herald/emulators';
import { notify, startPipeline, type Pipeline } from './pipeline-fixture.ts';

async function stat(p: Pipeline, pushId: string) {
  return p.server.ctx.store.db.selectFrom('push_stat').selectAll().where('push_id', '=', pushId).where('channel', '=', 'apns').executeTakeFirst();
}

describe('push pipeline: vendor outcomes', () => {
  let p: Pipeline;
  before(async () => {
    p = await startPipeline();
  });
  after(async () => {
    await p.close();
  });

  it('410 Unregistered and BadDeviceToken invalidate the device at once; later pushes skip it', async () => {
    const app = await p.createApp();
    const gone = await p.addDevice({ app });
    const bad = await p.addDevice({ app });
    const ok = await p.addDevice({ app });
    p.emulator.unregisterDevice(gone.vendorToken);
    p.emulator.injectFault({ token: bad.vendorToken, status: 400, reason: 'BadDeviceToken' });
    const res = await p.push(notify({ audience_type: 'all' }), app);
    const pushId = String(res.body['push_id']);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);
    const db = p.server.ctx.store.db;
    const rows = await db.selectFrom('device').select(['token', 'status', 'invalid_reason']).where('access_id', '=', app.accessId).execute();
    const byToken = new Map(rows.map((r) => [r.token, r]));
    assert.equal(byToken.get(gone.token)?.status, 'invalid');
    assert.equal(byToken.get(gone.token)?.invalid_reason, 'Unregistered');
    assert.equal(byToken.get(bad.token)?.status, 'invalid');
    assert.equal(byToken.get(bad.token)?.invalid_reason, 'BadDeviceToken');
    assert.equal(byToken.get(ok.token)?.status, 'active');
    const s = await stat(p, pushId);
    assert.equal(s?.targeted, 3);
    assert.equal(s?.sent, 1);
    assert.equal(s?.invalid, 2);

    const before = p.emulator.counters.requests;
    const again = await p.push(notify({ audience_type: 'all' }), app);
    await p.waitStatus(String(again.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.counters.requests - before, 1, 'only the live device is pushed');
    assert.equal(p.emulator.inbox(ok.vendorToken).length, 2);

    const direct = await p.push(notify({ audience_type: 'token_list', token_list: [gone.token, ok.token], ignore_invalid_token: 1 }), app);
    assert.deepEqual(direct.body['invalid_targe_list'], [gone.token]);
  });

  it('429 with Retry-After is retried after the delay, then delivered once', async () => {
    const d = await p.addDevice();
    p.emulator.injectFault({ token: d.vendorToken, status: 429, reason: 'TooManyRequests', times: 1, retryAfterSeconds: 1 });
    const res = await p.push(notify({ audience_type: 'token', token_list: [d.token] }));
    const pushId = String(res.body['push_id']);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(d.vendorToken).length, 1);
    const job = await p.server.ctx.store.db.selectFrom('queue_job').selectAll().where('push_id', '=', pushId).executeTakeFirstOrThrow();
    assert.equal(job.attempt, 1);
    const s = await stat(p, pushId);
    assert.equal(s?.targeted, 1);
    assert.equal(s?.sent, 1);
  });

  it('no credential: tokens fail with a reason and the task finishes', async () => {
    const app = await p.createApp({ credentials: false });
    const d = await p.addDevice({ app });
    const res = await p.push(notify({ audience_type: 'token', token_list: [d.token] }), app);
    const pushId = String(res.body['push_id']);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);
    const delivery = await p.server.ctx.store.db.selectFrom('push_delivery').selectAll().where('push_id', '=', pushId).executeTakeFirstOrThrow();
    assert.equal(delivery.outcome, 'failed');
    assert.equal(delivery.reason, 'no credential');
    assert.equal((await stat(p, pushId))?.failed, 1);
  });

  it('devices of other platforms are counted as failed: channel not available', async () => {
    const d = await p.addDevice({ platform: 'android' });
    const res = await p.push(notify({ audience_type: 'token', token_list: [d.token] }));
    const pushId = String(res.body['push_id']);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);
    const delivery = await p.server.ctx.store.db.selectFrom('push_delivery').selectAll().where('push_id', '=', pushId).executeTakeFirstOrThrow();
    assert.deepEqual([delivery.channel, delivery.outcome, delivery.reason], ['fcm', 'failed', 'channel not available']);
  });

  it('bad credentials trip the breaker: the job waits on the queue instead of being sent', async () => {
    const app = await p.createApp({ credentials: false });
    const stranger = generateP8();
    const now = Date.now();
    await p.server.ctx.store.db.insertInto('credential').values({
      access_id: app.accessId, channel: 'apns', environment: 'product', kind: 'p8',
      secret_sealed: p.server.ctx.secretBox.seal(JSON.stringify({ privateKeyPem: stranger.privateKeyPem, keyId: stranger.keyId, teamId: 'TEAM123456' })),
      meta_json: '{}', created_at: now, updated_at: now,
    }).execute();
    const d = await p.addDevice({ app });
    const res = await p.push(notify({ audience_type: 'token', token_list: [d.token] }), app);
    const pushId = String(res.body['push_id']);
    const db = p.server.ctx.store.db;
    await p.waitFor(async () => {
      const job = await db.selectFrom('queue_job').selectAll().where('push_id', '=', pushId).executeTakeFirst();
      return job?.state === 'pending' && job.available_at > Date.now() + 10_000;
    }, 10_000, 'job released behind the breaker');
    const open = await p.server.ctx.metrics.breakerOpen.get();
    assert.equal(open.values.find((v) => v.labels['channel'] === 'apns')?.value, 1);
    assert.equal(p.emulator.inbox(d.vendorToken).length, 0);
    assert.equal(await db.selectFrom('push_delivery').select('token').where('push_id', '=', pushId).executeTakeFirst(), undefined);
  });
});
