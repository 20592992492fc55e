/**
 * The "IM message" plan counts real pushes: a push under it is dispatched through the APNs emulator, its funnel
 * shows in the plan's statistics, and removing the authorization keeps both the plan and those statistics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notify, startPipeline, type Pipeline } from '../push-pipeline/pipeline-fixture.ts';
import { imPlanOf } from '../../src/push/authorization/authorized-push-apps.ts';
import { authorize, createImApp, unauthorize } from './authorization-fixtures.ts';

describe('the "IM message" plan', () => {
  let p: Pipeline;
  before(async () => {
    p = await startPipeline();
  });
  after(async () => p.close());

  const planFunnel = async (planId: string) => {
    const res = await p.call('/v3/statistics/get_push_group_stat_channel', { planId, startDate: '2020-01-01', endDate: '2099-12-31' });
    assert.equal(res.body['retCode'], 0, JSON.stringify(res.body));
    const entries = res.body['pushStatDataAll'] as Array<{ channel: string; pushState: Record<string, number> }>;
    return entries.find((e) => e.channel === 'apns')?.pushState;
  };

  it('counts pushes sent under it, and keeps them when the authorization is removed', async () => {
    const sdkAppId = await createImApp(p.server);
    const added = await authorize(p.server, sdkAppId, p.app.accessId);
    assert.equal(added.status, 201, added.text);
    const planId = String(added.body.planId);
    assert.equal(await imPlanOf(p.server.ctx.store.db, p.app.accessId), planId);

    await p.addDevice();
    await p.addDevice();
    const res = await p.push(notify({ audience_type: 'all', plan_id: planId }));
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    await p.waitStatus(String(res.body['push_id']), ['PUSH_FINISHED']);
    const counted = await planFunnel(planId);
    assert.equal(counted?.['pushActiveUv'], 2);
    assert.equal(counted?.['pushOnlineUv'], 2);

    assert.equal((await unauthorize(p.server, sdkAppId, p.app.accessId)).status, 204);
    assert.equal(await imPlanOf(p.server.ctx.store.db, p.app.accessId), undefined);
    assert.deepEqual(await planFunnel(planId), counted);

    // Authorized again: the same plan goes on counting from where it was.
    assert.equal((await authorize(p.server, sdkAppId, p.app.accessId)).body.planId, planId);
    const again = await p.push(notify({ audience_type: 'all', plan_id: planId }));
    await p.waitStatus(String(again.body['push_id']), ['PUSH_FINISHED']);
    assert.equal((await planFunnel(planId))?.['pushOnlineUv'], 4);
  });
});
