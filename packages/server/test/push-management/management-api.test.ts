import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCatalogue } from '@herald/protocol';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin, createTestApp, registerDevice, request, snapshot, v3 } from './fixtures.ts';

describe('management API: products and apps', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ worker: false });
  });
  after(async () => server.close());

  it('creates a product with apps for ticked platforms, TPNS-shaped keys and a default plan', async () => {
    const res = await admin(server, 'POST', '/products', {
      name: 'Shop', description: 'Shopping app', category: 'commerce', accessPoint: 'singapore',
      platforms: [{ platform: 'ios', bundleId: 'com.shop.ios' }, { platform: 'android', bundleId: 'com.shop.android' }],
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.accessPoint, 'singapore');
    assert.equal(res.body.apps.length, 2);
    for (const app of res.body.apps) {
      assert.ok(app.accessId >= 1_500_000_000);
      assert.equal(app.accessKey, undefined, 'keys are not shown without reveal');
      assert.equal(app.secretKey, undefined);
      const revealed = await admin(server, 'GET', `/apps/${app.accessId}?reveal=1`);
      assert.match(revealed.body.accessKey, /^A[A-Z0-9]{11}$/);
      assert.match(revealed.body.secretKey, /^[0-9a-f]{32}$/);
      const plan = await server.ctx.store.db.selectFrom('plan').selectAll().where('access_id', '=', app.accessId).executeTakeFirst();
      assert.equal(plan?.plan_push_source, 'default');
    }
    assert.notEqual(res.body.apps[0].accessId, res.body.apps[1].accessId);
    const listed = await admin(server, 'GET', '/products');
    assert.ok(listed.body.products.some((p: { productId: number }) => p.productId === res.body.productId));
    const one = await admin(server, 'GET', `/products/${res.body.productId}`);
    assert.equal(one.body.name, 'Shop');
  });

  it('allows one app per platform: a second one is APP_EXISTS (1008025)', async () => {
    const app = await createTestApp(server);
    const before = await snapshot(server);
    const res = await admin(server, 'POST', `/products/${app.productId}/apps`, { platform: 'ios', bundleId: 'com.other' });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'APP_EXISTS');
    assert.equal(ErrorCatalogue.APP_EXISTS.retCode, 1008025);
    assert.equal(await snapshot(server), before);
    const web = await admin(server, 'POST', `/products/${app.productId}/apps`, { platform: 'web', bundleId: 'https://example.com' });
    assert.equal(web.status, 201);
    assert.equal(web.body.platform, 'web');
    const dup = await admin(server, 'POST', '/products', { name: 'x', accessPoint: 'gz', platforms: [{ platform: 'ios', bundleId: 'a' }, { platform: 'ios', bundleId: 'b' }] });
    assert.equal(dup.status, 409);
    assert.equal(await admin(server, 'POST', '/products/999999/apps', { platform: 'ios', bundleId: 'a' }).then((r) => r.body.code), 'PRODUCT_NOT_FOUND');
  });

  it('rotates keys: the old SecretKey stops working on /v3, the new one works', async () => {
    const app = await createTestApp(server);
    const ok = await v3(server, app, '/device/account/query', { operator_type: 1, account_list: [{ account: 'nobody' }] });
    assert.equal(ok.body.retCode, 0);
    const before = await admin(server, 'GET', `/apps/${app.accessId}`);
    const rotated = await admin(server, 'POST', `/apps/${app.accessId}/rotate`, { key: 'secretKey' });
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.secretKey, /^[0-9a-f]{32}$/);
    assert.notEqual(rotated.body.secretKey, app.secretKey);
    assert.equal(rotated.body.accessKey, app.accessKey);
    assert.ok(rotated.body.updatedAt > before.body.updatedAt);
    const old = await v3(server, app, '/device/tag/delete_all_device', { tag_list: ['a'] });
    assert.equal(old.status, 401);
    assert.equal(old.body.ret_code, 1008003);
    const fresh = await v3(server, { ...app, secretKey: rotated.body.secretKey }, '/device/tag/delete_all_device', { tag_list: ['a'] }, 'sign');
    assert.equal(fresh.body.ret_code, 0);

    const ak = await admin(server, 'POST', `/apps/${app.accessId}/rotate`, { key: 'accessKey' });
    assert.match(ak.body.accessKey, /^A[A-Z0-9]{11}$/);
    await assert.rejects(registerDevice(server, app), /AUTH_FAILED/);
    await registerDevice(server, { ...app, accessKey: ak.body.accessKey });
  });

  it('deletes a product with its apps and their data, unless an app is authorized to IM', async () => {
    const app = await createTestApp(server);
    const device = await registerDevice(server, app);
    await v3(server, app, '/device/tag', { operator_type: 1, token_list: [device.token], tag_list: ['vip'] });
    await server.ctx.store.db.updateTable('app').set({ im_sdk_app_id: 1400000001 }).where('access_id', '=', app.accessId).execute();
    const before = await snapshot(server);
    const refused = await admin(server, 'DELETE', `/products/${app.productId}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'PRODUCT_AUTHORIZED');
    assert.equal(await snapshot(server), before);

    await server.ctx.store.db.updateTable('app').set({ im_sdk_app_id: null }).where('access_id', '=', app.accessId).execute();
    const deleted = await admin(server, 'DELETE', `/products/${app.productId}`);
    assert.equal(deleted.status, 204);
    const db = server.ctx.store.db;
    assert.equal((await db.selectFrom('app').selectAll().where('access_id', '=', app.accessId).execute()).length, 0);
    assert.equal((await db.selectFrom('device').selectAll().where('access_id', '=', app.accessId).execute()).length, 0);
    assert.equal((await db.selectFrom('tag').selectAll().where('access_id', '=', app.accessId).execute()).length, 0);
    assert.equal((await db.selectFrom('plan').selectAll().where('access_id', '=', app.accessId).execute()).length, 0);
    assert.equal((await admin(server, 'GET', `/products/${app.productId}`)).body.code, 'PRODUCT_NOT_FOUND');
    assert.equal((await admin(server, 'GET', `/apps/${app.accessId}`)).body.code, 'APP_NOT_FOUND');
    const gone = await v3(server, app, '/device/tag/delete_all_device', { tag_list: ['a'] });
    assert.equal(gone.body.ret_code, 1008035);
  });

  it('refuses bad input and missing admin auth, changing nothing', async () => {
    await createTestApp(server);
    const before = await snapshot(server);
    const noAuth = await request(`${server.url}/api/products`, { method: 'POST', body: { name: 'x', accessPoint: 'gz' } });
    assert.equal(noAuth.status, 401);
    assert.equal(noAuth.body.code, 'AUTH_ADMIN_REQUIRED');
    const forged = await request(`${server.url}/api/products`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: { name: 'x', accessPoint: 'gz' } });
    assert.equal(forged.status, 401);
    const malformed = await request(`${server.url}/api/products`, { method: 'POST', headers: { ...server.admin, 'content-type': 'application/json' }, raw: '{"name":' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'REQUEST_JSON_MALFORMED');
    for (const body of [
      { name: 5, accessPoint: 'gz' },
      { accessPoint: 'gz' },
      { name: 'x', accessPoint: 'gz', platforms: [{ platform: 'symbian', bundleId: 'a' }] },
      { name: 'x', accessPoint: 'no spaces allowed' },
      { name: 'x', accessPoint: 'gz', extra: true },
    ]) {
      const res = await admin(server, 'POST', '/products', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.code, /^REQUEST_PARAM_/);
    }
    const huge = await request(`${server.url}/api/products`, {
      method: 'POST', headers: { ...server.admin, 'content-type': 'application/json' },
      raw: JSON.stringify({ name: 'x', accessPoint: 'gz', description: 'x'.repeat(server.ctx.config.bodyLimitBytes) }),
    });
    assert.equal(huge.status, 413);
    assert.equal((await admin(server, 'GET', '/apps/abc')).status, 400);
    assert.equal((await admin(server, 'POST', '/apps/1500000000/rotate', { key: 'password' })).status, 400);
    assert.equal(await snapshot(server), before);
  });
});
