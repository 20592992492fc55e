import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordReceipt } from '../../src/push/stats/record-receipt.ts';
import { notify, startPipeline, type Pipeline } from './pipeline-fixture.ts';

/** Today at UTC+8 as YYYYMMDD and YYYY-MM-DD. */
function today() {
  const iso = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return { compact: iso.replace(/-/g, ''), dashed: iso };
}

describe('push pipeline: statistics and plans', () => {
  let p: Pipeline;
  before(async () => {
    p = await startPipeline();
  });
  after(async () => {
    await p.close();
  });

  it('reports the funnel targeted → sent → arrived → clicked per channel, with receipts counted once', async () => {
    const app = await p.createApp();
    const plan = await p.call('/v3/push/plan/add_plan_push', { planName: 'Spring sale', planDescribe: 'April campaign' }, app);
    assert.equal(plan.body['retCode'], 0, JSON.stringify(plan.body));
    const planRecord = plan.body['result'] as Record<string, unknown>;
    assert.equal(planRecord['planPushSource'], 'api');
    assert.equal(planRecord['planName'], 'Spring sale');
    const planId = String(planRecord['planId']);
    assert.match(planId, /^\d+$/);

    const [a, b, c] = [await p.addDevice({ app }), await p.addDevice({ app }), await p.addDevice({ app })];
    p.emulator.unregisterDevice(c!.vendorToken);
    const res = await p.push(notify({ audience_type: 'all', plan_id: planId, message: { title: 'Sale', content: 'Now', ios: { aps: {} } } }), app);
    const pushId = String(res.body['push_id']);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);

    const { ctx } = p.server;
    await recordReceipt(ctx, { accessId: app.accessId, pushId, token: a!.token, kind: 'arrived' });
    await recordReceipt(ctx, { accessId: app.accessId, pushId, token: a!.token, kind: 'arrived' });
    await recordReceipt(ctx, { accessId: app.accessId, pushId, token: b!.token, kind: 'clicked' });
    await recordReceipt(ctx, { accessId: app.accessId, pushId, token: b!.token, kind: 'clicked' });
    // Not targeted by this push, or another app's push: refused.
    const stranger = await p.addDevice({ app });
    await assert.rejects(recordReceipt(ctx, { accessId: app.accessId, pushId, token: stranger.token, kind: 'arrived' }), /not targeted/);
    await assert.rejects(recordReceipt(ctx, { accessId: p.app.accessId, pushId, token: a!.token, kind: 'arrived' }), (e: any) => e.code === 'PUSH_TASK_NOT_FOUND');

    const task = await p.call('/v3/statistics/get_push_task_stat_channel', { pushId }, app);
    assert.equal(task.body['retCode'], 0);
    assert.equal(task.body['errMsg'], '');
    const entries = task.body['pushStatDataAll'] as Array<{ channel: string; pushState: Record<string, number> }>;
    assert.deepEqual(entries.map((e) => e.channel), ['apns', 'all']);
    const apns = entries[0]!.pushState;
    assert.equal(apns['pushActiveUv'], 3);
    assert.equal(apns['pushOnlineUv'], 2);
    assert.equal(apns['verifySvcUv'], 2);
    assert.equal(apns['arrivalUv'], 2);
    assert.equal(apns['clickUv'], 1);
    assert.equal(apns['invalidUv'], 1);
    assert.deepEqual(entries[1]!.pushState, apns);

    const { compact, dashed } = today();
    const group = await p.call('/v3/statistics/get_push_group_stat_channel', { planId, startDate: compact, endDate: compact }, app);
    assert.equal(group.body['retCode'], 0, JSON.stringify(group.body));
    const groupApns = (group.body['pushStatDataAll'] as Array<{ channel: string; pushState: Record<string, number> }>)[0]!;
    assert.equal(groupApns.channel, 'apns');
    assert.equal(groupApns.pushState['pushOnlineUv'], 2);

    const overview = await p.call('/v3/statistics/get_push_channel_stat_overview', { startDate: compact, endDate: compact }, app);
    const days = overview.body['pushDateChannelStat'] as Array<{ date: string; channelDatas: Array<{ channel: string; pushState: Record<string, number> }> }>;
    assert.equal(days.length, 1);
    assert.equal(days[0]!.date, compact);
    assert.equal(days[0]!.channelDatas[0]!.pushState['clickUv'], 1);

    const record = await p.call('/v3/statistics/get_push_record', { pushId }, app);
    const [r] = record.body['pushRecordData'] as Array<Record<string, unknown>>;
    assert.equal(r!['pushId'], pushId);
    assert.equal(r!['status'], 'PUSH_FINISHED');
    assert.equal(r!['title'], 'Sale');
    assert.equal(r!['pushType'], 'all');
    assert.equal(r!['messageType'], 'notification');
    assert.equal(typeof r!['collapseID'], 'number');
    assert.match(String(r!['date']), new RegExp(`^${dashed} \\d\\d:\\d\\d:\\d\\d$`));

    const range = await p.call('/v3/statistics/get_push_record', { startDate: dashed, endDate: dashed, offset: 0, limit: 10 }, app);
    assert.equal(range.body['count'], 1);
    const missing = await p.call('/v3/statistics/get_push_task_stat_channel', { pushId: '1' }, app);
    assert.equal(missing.body['retCode'], 1008015);
    const unknownPlan = await p.push(notify({ audience_type: 'all', plan_id: 'nope' }), app);
    assert.equal(unknownPlan.body['ret_code'], 1008007);
  });

  it('tasks without plan_id count under the default plan', async () => {
    const app = await p.createApp();
    await p.addDevice({ app });
    const res = await p.push(notify({ audience_type: 'all' }), app);
    await p.waitStatus(String(res.body['push_id']), ['PUSH_FINISHED']);
    const task = await p.server.ctx.store.db.selectFrom('push_task').select('plan_id').where('push_id', '=', String(res.body['push_id'])).executeTakeFirstOrThrow();
    assert.equal(task.plan_id, `default_${app.accessId}`);
  });

  it('errors carry TPNS ret_codes', async () => {
    const missing = await p.push({ audience_type: 'all', message_type: 'notify' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body['ret_code'], 1008002);
    assert.match(String(missing.body['err_msg']), /message/);
    const badTime = await p.push(notify({ audience_type: 'all', send_time: '2024/01/01', seq: 9 }));
    assert.equal(badTime.body['ret_code'], 1008016);
    assert.equal(badTime.body['seq'], 9);
    const badDate = await p.call('/v3/statistics/get_push_channel_stat_overview', { startDate: 'yesterday', endDate: '20240101' });
    assert.equal(badDate.body['retCode'], 1008016);
  });
});
