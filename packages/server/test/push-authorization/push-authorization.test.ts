import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin, registerDevice, snapshot, v3 } from '../push-management/fixtures.ts';
import { authorizedPushApps, imPlanOf } from '../../src/push/authorization/authorized-push-apps.ts';
import { revokeImAppAuthorizations } from '../../src/push/authorization/push-authorization-service.ts';
import { appView, authorize, createImApp, listAuthorizations, unauthorize } from './authorization-fixtures.ts';

describe('third-party authorization: IM app → push apps', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ worker: false });
  });
  after(async () => server.close());

  async function productWithApps(name: string) {
    const res = await admin(server, 'POST', '/products', {
      name, accessPoint: 'guangzhou',
      platforms: [{ platform: 'ios', bundleId: `com.${name}.ios` }, { platform: 'android', bundleId: `com.${name}.android` }],
    });
    assert.equal(res.status, 201, res.text);
    const [ios, android] = res.body.apps as Array<{ accessId: number }>;
    return { productId: Number(res.body.productId), ios: ios!.accessId, android: android!.accessId };
  }

  it('authorizing switches the app to "IM push only" and creates its "IM message" plan', async () => {
    const sdkAppId = await createImApp(server);
    const p = await productWithApps('chat');
    const before = await appView(server, p.ios);
    assert.equal(before.serviceMode, 'standard');
    assert.equal(before.imSdkAppId, null);

    const res = await authorize(server, sdkAppId, p.ios);
    assert.equal(res.status, 201, res.text);
    const planId = `im_${p.ios}_${sdkAppId}`;
    assert.deepEqual(res.body, {
      sdkAppId, accessId: p.ios, productId: p.productId, productName: 'chat', platform: 'ios', bundleId: 'com.chat.ios',
      serviceMode: 'im_push_only', planId,
    });

    const after = await appView(server, p.ios);
    assert.equal(after.serviceMode, 'im_push_only');
    assert.equal(after.imSdkAppId, sdkAppId);
    assert.ok(after.updatedAt > before.updatedAt, 'updatedAt moves so cached copies of the app are refreshed');
    const inProduct = await admin(server, 'GET', `/products/${p.productId}`);
    const shown = (inProduct.body.apps as Array<{ accessId: number; serviceMode: string; imSdkAppId: number | null }>).map((a) => [a.accessId, a.serviceMode, a.imSdkAppId]);
    assert.deepEqual(shown, [[p.ios, 'im_push_only', sdkAppId], [p.android, 'standard', null]]);

    const plan = await server.ctx.store.db.selectFrom('plan').selectAll().where('plan_id', '=', planId).executeTakeFirstOrThrow();
    assert.equal(Number(plan.access_id), p.ios);
    assert.equal(plan.plan_name, 'IM message');
    assert.equal(plan.plan_push_source, 'im');

    // The helpers the offline-push bridge calls.
    assert.deepEqual(await authorizedPushApps(server.ctx.store.db, sdkAppId), [res.body].map(({ sdkAppId: _, ...a }) => a));
    assert.equal(await imPlanOf(server.ctx.store.db, p.ios), planId);
    assert.equal(await imPlanOf(server.ctx.store.db, p.android), undefined);
    assert.equal(await imPlanOf(server.ctx.store.db, 1_999_999_999), undefined);

    // The plan is a real plan of the app: the TPNS API pushes under it and reads its statistics.
    const app = await appKeys(p.ios);
    const device = await registerDevice(server, app);
    const pushed = await v3(server, app, '/push/app', {
      audience_type: 'token', token_list: [device.token], message_type: 'notify', environment: 'dev', plan_id: planId,
      message: { title: 't', content: 'c' },
    });
    assert.equal(pushed.body.ret_code, 0, pushed.text);
    const task = await server.ctx.store.db.selectFrom('push_task').select('plan_id').where('push_id', '=', String(pushed.body.push_id)).executeTakeFirstOrThrow();
    assert.equal(task.plan_id, planId);
    const stats = await v3(server, app, '/statistics/get_push_group_stat_channel', { planId, startDate: '2020-01-01', endDate: '2099-12-31' });
    assert.equal(stats.body.retCode, 0, stats.text);
  });

  async function appKeys(accessId: number) {
    const revealed = await admin(server, 'GET', `/apps/${accessId}?reveal=1`);
    return { productId: revealed.body.productId, accessId, accessKey: revealed.body.accessKey, secretKey: revealed.body.secretKey, bundleId: revealed.body.bundleId };
  }

  it('lists an IM app\'s push apps; one IM app may have several, each push app at most one IM app', async () => {
    const chat = await createImApp(server, 'chat');
    const other = await createImApp(server, 'other');
    const p = await productWithApps('multi');
    assert.deepEqual((await listAuthorizations(server, chat)).body, { sdkAppId: chat, authorizations: [] });
    assert.equal((await authorize(server, chat, p.android)).status, 201);
    assert.equal((await authorize(server, chat, p.ios)).status, 201);
    const listed = await listAuthorizations(server, chat);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.authorizations.map((a: { accessId: number; platform: string }) => [a.accessId, a.platform]), [[p.ios, 'ios'], [p.android, 'android']]);

    // The same pair again changes nothing and answers 200 with the authorization.
    const before = await snapshot(server);
    const again = await authorize(server, chat, p.ios);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.planId, `im_${p.ios}_${chat}`);
    assert.equal(await snapshot(server), before);

    // Another IM app cannot take an authorized push app.
    const taken = await authorize(server, other, p.ios);
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'APP_ALREADY_AUTHORIZED');
    assert.deepEqual(taken.body.details, { accessId: p.ios, imSdkAppId: chat });
    assert.equal(await snapshot(server), before);
    assert.deepEqual((await listAuthorizations(server, other)).body.authorizations, []);
  });

  it('an authorized app cannot be deleted, nor its product, until the authorization is removed', async () => {
    const sdkAppId = await createImApp(server);
    const p = await productWithApps('guarded');
    const device = await registerDevice(server, await appKeys(p.ios));
    assert.equal((await authorize(server, sdkAppId, p.ios)).status, 201);

    const before = await snapshot(server);
    const refusedApp = await admin(server, 'DELETE', `/apps/${p.ios}`);
    assert.equal(refusedApp.status, 409);
    assert.equal(refusedApp.body.code, 'APP_AUTHORIZED');
    assert.deepEqual(refusedApp.body.details, { accessId: p.ios, imSdkAppId: sdkAppId });
    const refusedProduct = await admin(server, 'DELETE', `/products/${p.productId}`);
    assert.equal(refusedProduct.status, 409);
    assert.equal(refusedProduct.body.code, 'PRODUCT_AUTHORIZED');
    assert.deepEqual(refusedProduct.body.details, { accessId: p.ios, imSdkAppId: sdkAppId });
    assert.equal(await snapshot(server), before);

    // The product's other app is not authorized: it goes alone, the product stays.
    const androidKeys = await appKeys(p.android);
    assert.equal((await admin(server, 'DELETE', `/apps/${p.android}`)).status, 204);
    assert.equal((await v3(server, androidKeys, '/device/tag/delete_all_device', { tag_list: ['a'] })).body.ret_code, 1008035);
    assert.equal((await admin(server, 'GET', `/apps/${p.android}`)).body.code, 'APP_NOT_FOUND');
    assert.deepEqual((await admin(server, 'GET', `/products/${p.productId}`)).body.apps.map((a: { accessId: number }) => a.accessId), [p.ios]);
    const readded = await admin(server, 'POST', `/products/${p.productId}/apps`, { platform: 'android', bundleId: 'com.guarded.android2' });
    assert.equal(readded.status, 201, readded.text);

    assert.equal((await unauthorize(server, sdkAppId, p.ios)).status, 204);
    assert.equal((await admin(server, 'DELETE', `/apps/${p.ios}`)).status, 204);
    const db = server.ctx.store.db;
    for (const table of ['app', 'device', 'plan'] as const) {
      assert.equal((await db.selectFrom(table).select('access_id').where('access_id', '=', p.ios).execute()).length, 0, table);
    }
    assert.equal((await db.selectFrom('device').select('token').where('token', '=', device.token).execute()).length, 0);
    assert.equal((await admin(server, 'DELETE', `/apps/${p.ios}`)).body.code, 'APP_NOT_FOUND');
    assert.equal((await admin(server, 'DELETE', `/products/${p.productId}`)).status, 204, 'nothing in the product is authorized any more');
  });

  it('removing the authorization restores standard mode and keeps the plan; authorizing again reuses it', async () => {
    const sdkAppId = await createImApp(server);
    const other = await createImApp(server, 'other');
    const p = await productWithApps('restore');
    const added = await authorize(server, sdkAppId, p.ios);
    const planId = added.body.planId as string;
    const authorizedAt = (await appView(server, p.ios)).updatedAt;

    const removed = await unauthorize(server, sdkAppId, p.ios);
    assert.equal(removed.status, 204, removed.text);
    assert.equal(removed.text, '');
    const after = await appView(server, p.ios);
    assert.equal(after.serviceMode, 'standard');
    assert.equal(after.imSdkAppId, null);
    assert.ok(after.updatedAt > authorizedAt);
    assert.deepEqual((await listAuthorizations(server, sdkAppId)).body.authorizations, []);
    assert.deepEqual(await authorizedPushApps(server.ctx.store.db, sdkAppId), []);
    assert.equal(await imPlanOf(server.ctx.store.db, p.ios), undefined);
    const kept = await server.ctx.store.db.selectFrom('plan').selectAll().where('plan_id', '=', planId).executeTakeFirst();
    assert.equal(kept?.plan_push_source, 'im', 'the plan stays after the authorization is removed');

    // Removing it again: nothing to remove.
    const before = await snapshot(server);
    const twice = await unauthorize(server, sdkAppId, p.ios);
    assert.equal(twice.status, 404);
    assert.equal(twice.body.code, 'APP_NOT_AUTHORIZED');
    assert.equal(await snapshot(server), before);

    // The same IM app again: the same plan, no second one.
    const again = await authorize(server, sdkAppId, p.ios);
    assert.equal(again.status, 201);
    assert.equal(again.body.planId, planId);
    const plans = await server.ctx.store.db.selectFrom('plan').select('plan_id').where('access_id', '=', p.ios).where('plan_push_source', '=', 'im').execute();
    assert.deepEqual(plans.map((r) => r.plan_id), [planId]);

    // Another IM app after removal gets a plan of its own, so no plan counts two IM apps' pushes.
    assert.equal((await unauthorize(server, sdkAppId, p.ios)).status, 204);
    const switched = await authorize(server, other, p.ios);
    assert.equal(switched.status, 201);
    assert.equal(switched.body.planId, `im_${p.ios}_${other}`);
    assert.equal(await imPlanOf(server.ctx.store.db, p.ios), `im_${p.ios}_${other}`);
    const imPlans = await server.ctx.store.db.selectFrom('plan').select('plan_id').where('access_id', '=', p.ios).where('plan_push_source', '=', 'im').orderBy('plan_id').execute();
    assert.deepEqual(imPlans.map((r) => r.plan_id), [planId, `im_${p.ios}_${other}`].sort());
  });

  it('refuses unknown IM apps and apps, wrong pairs and bad input, changing nothing', async () => {
    const sdkAppId = await createImApp(server);
    const other = await createImApp(server, 'other');
    const p = await productWithApps('refusals');
    assert.equal((await authorize(server, other, p.android)).status, 201);
    const before = await snapshot(server);
    const expect = async (res: Promise<{ status: number; body: any; text: string }>, status: number, code: string) => {
      const r = await res;
      assert.equal(r.status, status, r.text);
      assert.equal(r.body.code, code, r.text);
    };
    await expect(listAuthorizations(server, 1_399_999_999), 404, 'IM_APP_UNKNOWN');
    await expect(authorize(server, 1_399_999_999, p.ios), 404, 'IM_APP_UNKNOWN');
    await expect(unauthorize(server, 1_399_999_999, p.ios), 404, 'IM_APP_UNKNOWN');
    await expect(authorize(server, sdkAppId, 1_999_999_999), 404, 'APP_NOT_FOUND');
    await expect(unauthorize(server, sdkAppId, 1_999_999_999), 404, 'APP_NOT_FOUND');
    await expect(unauthorize(server, sdkAppId, p.ios), 404, 'APP_NOT_AUTHORIZED');
    const othersApp = await unauthorize(server, sdkAppId, p.android);
    assert.equal(othersApp.body.code, 'APP_NOT_AUTHORIZED');
    assert.deepEqual(othersApp.body.details, { accessId: p.android, imSdkAppId: other }, 'the app stays authorized to its own IM app');
    await expect(authorize(server, sdkAppId, String(p.ios)), 400, 'REQUEST_PARAM_INVALID');
    await expect(authorize(server, sdkAppId, 0), 400, 'REQUEST_PARAM_INVALID');
    await expect(authorize(server, sdkAppId, 1.5), 400, 'REQUEST_PARAM_INVALID');
    await expect(admin(server, 'POST', `/im/apps/${sdkAppId}/push-authorizations`, {}), 400, 'REQUEST_PARAM_MISSING');
    await expect(admin(server, 'POST', `/im/apps/${sdkAppId}/push-authorizations`, { accessId: p.ios, imSdkAppId: other }), 400, 'REQUEST_PARAM_INVALID');
    await expect(admin(server, 'GET', '/im/apps/abc/push-authorizations'), 400, 'REQUEST_PARAM_INVALID');
    await expect(admin(server, 'DELETE', `/im/apps/${sdkAppId}/push-authorizations/x1`), 400, 'REQUEST_PARAM_INVALID');
    await expect(admin(server, 'DELETE', '/apps/abc'), 400, 'REQUEST_PARAM_INVALID');
    const noAdmin = await fetch(`${server.url}/api/im/apps/${sdkAppId}/push-authorizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId: p.ios }) });
    assert.equal(noAdmin.status, 401);
    assert.equal(await snapshot(server), before);
  });

  it('a push app left authorized to a deleted IM app can still be freed', async () => {
    const sdkAppId = await createImApp(server);
    const p = await productWithApps('orphan');
    assert.equal((await authorize(server, sdkAppId, p.ios)).status, 201);
    // The IM app row goes without its authorizations (as a deletion that does not revoke them would leave it).
    await server.ctx.store.db.deleteFrom('im_app').where('sdk_app_id', '=', sdkAppId).execute();
    assert.equal((await listAuthorizations(server, sdkAppId)).body.code, 'IM_APP_UNKNOWN');
    assert.equal((await admin(server, 'DELETE', `/apps/${p.ios}`)).body.code, 'APP_AUTHORIZED');
    assert.equal((await unauthorize(server, sdkAppId, p.ios)).status, 204);
    assert.equal((await appView(server, p.ios)).serviceMode, 'standard');
    assert.equal((await admin(server, 'DELETE', `/products/${p.productId}`)).status, 204);
  });

  it('revoking every authorization of an IM app (for its deletion) frees all its push apps', async () => {
    const sdkAppId = await createImApp(server);
    const other = await createImApp(server, 'other');
    const p = await productWithApps('revoke');
    const q = await productWithApps('untouched');
    await authorize(server, sdkAppId, p.ios);
    await authorize(server, sdkAppId, p.android);
    await authorize(server, other, q.ios);
    const revoked = await server.ctx.store.transaction((trx) => revokeImAppAuthorizations(trx, sdkAppId, server.ctx.clock.now()));
    assert.equal(revoked, 2);
    for (const accessId of [p.ios, p.android]) {
      const view = await appView(server, accessId);
      assert.deepEqual([view.serviceMode, view.imSdkAppId], ['standard', null]);
    }
    assert.deepEqual((await authorizedPushApps(server.ctx.store.db, other)).map((a) => a.accessId), [q.ios]);
    assert.equal(await imPlanOf(server.ctx.store.db, q.ios), `im_${q.ios}_${other}`);
  });
});
