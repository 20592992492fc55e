import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { apnsToken, createTestApp, registerDevice, request, sdkHeaders, snapshot, type TestApp } from './fixtures.ts';

describe('SDK device API', () => {
  let server: TestServer;
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    server = await startTestServer({ worker: false });
    app = await createTestApp(server);
    other = await createTestApp(server);
  });
  after(async () => server.close());

  const device = (token: string) => server.ctx.store.db.selectFrom('device').selectAll().where('token', '=', token).executeTakeFirstOrThrow();

  it('registers a vendor token for a stable 36-character Herald token, recording the device details', async () => {
    const first = await registerDevice(server, app, { environment: 'product', systemVersion: '17.4', deviceModel: 'iPhone15,2' });
    assert.match(first.token, /^[0-9a-f]{36}$/);
    assert.ok(first.deviceSecret.length >= 32);
    const row = await device(first.token);
    assert.equal(row.environment, 'product');
    assert.equal(row.app_version, '1.0');
    assert.equal(row.sdk_version, '0.1.0');
    assert.equal(row.locale, 'en_US');
    assert.equal(row.time_zone, 'Asia/Shanghai');
    assert.equal(row.system_version, '17.4');
    assert.equal(row.device_model, 'iPhone15,2');
    assert.notEqual(row.secret_hash, first.deviceSecret);

    const again = await registerDevice(server, app, { vendorToken: first.vendorToken, environment: 'product' });
    assert.equal(again.token, first.token, 'same vendor token, same Herald token');
    assert.notEqual(again.deviceSecret, first.deviceSecret, 're-keyed: the caller could not prove the old secret');
  });

  it('keeps the Herald token, accounts and tags across a vendor-token refresh', async () => {
    const d = await registerDevice(server, app);
    await request(`${server.url}/sdk/v1/devices/${d.token}/accounts`, { method: 'PUT', headers: sdkHeaders(app, d), body: { accounts: [{ accountType: 0, account: 'alice' }] } });
    await request(`${server.url}/sdk/v1/devices/${d.token}/tags`, { method: 'POST', headers: sdkHeaders(app, d), body: { tags: ['vip'] } });
    const newVendor = apnsToken();
    const res = await request(`${server.url}/sdk/v1/devices`, {
      method: 'POST', headers: sdkHeaders(app),
      body: { platform: 'ios', channel: 'apns', vendorToken: newVendor, environment: 'dev', appVersion: '1.1', sdkVersion: '0.1.0', locale: 'en_US', timeZone: 'UTC', token: d.token, deviceSecret: d.deviceSecret },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.token, d.token);
    assert.equal(res.body.deviceSecret, undefined, 'no new secret on a refresh');
    const row = await device(d.token);
    assert.equal(row.vendor_token, newVendor);
    assert.equal(row.app_version, '1.1');
    const accounts = await request(`${server.url}/sdk/v1/devices/${d.token}/accounts`, { headers: sdkHeaders(app, d) });
    assert.deepEqual(accounts.body.accounts, [{ account: 'alice', accountType: 0 }]);
  });

  it('moves a vendor token held by another device to the caller, retiring the other device', async () => {
    const a = await registerDevice(server, app);
    const b = await registerDevice(server, app);
    await request(`${server.url}/sdk/v1/devices/${b.token}/tags`, { method: 'POST', headers: sdkHeaders(app, b), body: { tags: ['old'] } });
    const res = await request(`${server.url}/sdk/v1/devices`, {
      method: 'POST', headers: sdkHeaders(app),
      body: { platform: 'ios', channel: 'apns', vendorToken: b.vendorToken, environment: 'dev', appVersion: '1', sdkVersion: '1', locale: 'en', timeZone: 'UTC', token: a.token, deviceSecret: a.deviceSecret },
    });
    assert.equal(res.body.token, a.token);
    assert.equal((await device(a.token)).vendor_token, b.vendorToken);
    const gone = await server.ctx.store.db.selectFrom('device').selectAll().where('token', '=', b.token).execute();
    assert.equal(gone.length, 0);
    assert.equal((await server.ctx.store.db.selectFrom('tag').selectAll().where('token', '=', b.token).execute()).length, 0);
  });

  it('reactivates an invalid device when its vendor token changes, not when the dead token comes back', async () => {
    const d = await registerDevice(server, app);
    await server.ctx.store.db.updateTable('device').set({ status: 'invalid', invalid_reason: 'Unregistered' }).where('token', '=', d.token).execute();
    await registerDevice(server, app, { vendorToken: d.vendorToken });
    assert.equal((await device(d.token)).status, 'invalid');
    const row = await device(d.token);
    assert.equal(row.token, d.token);
    const latest = await registerDevice(server, app, { vendorToken: d.vendorToken });
    await request(`${server.url}/sdk/v1/devices`, {
      method: 'POST', headers: sdkHeaders(app),
      body: { platform: 'ios', channel: 'apns', vendorToken: apnsToken(), environment: 'dev', appVersion: '1', sdkVersion: '1', locale: 'en', timeZone: 'UTC', token: d.token, deviceSecret: latest.deviceSecret },
    });
    const revived = await device(d.token);
    assert.equal(revived.status, 'active');
    assert.equal(revived.invalid_reason, null);
  });

  it('unregisters: status unregistered, bindings and tags removed; registering again revives it', async () => {
    const d = await registerDevice(server, app);
    const h = sdkHeaders(app, d);
    await request(`${server.url}/sdk/v1/devices/${d.token}/accounts`, { method: 'PUT', headers: h, body: { accounts: [{ accountType: 1, account: 'bob' }] } });
    await request(`${server.url}/sdk/v1/devices/${d.token}/tags`, { method: 'POST', headers: h, body: { tags: ['x', 'y'] } });
    const res = await request(`${server.url}/sdk/v1/devices/${d.token}`, { method: 'DELETE', headers: h });
    assert.equal(res.status, 200);
    assert.equal((await device(d.token)).status, 'unregistered');
    assert.equal((await server.ctx.store.db.selectFrom('account_binding').selectAll().where('token', '=', d.token).execute()).length, 0);
    assert.equal((await server.ctx.store.db.selectFrom('tag').selectAll().where('token', '=', d.token).execute()).length, 0);
    const tags = await request(`${server.url}/sdk/v1/devices/${d.token}/tags`, { method: 'POST', headers: h, body: { tags: ['z'] } });
    assert.equal(tags.body.code, 'DEVICE_TOKEN_INVALID');
    const back = await registerDevice(server, app, { vendorToken: d.vendorToken });
    assert.equal(back.token, d.token);
    assert.equal((await device(d.token)).status, 'active');
  });

  it('binds accounts with upsert semantics, tags, badge', async () => {
    const d = await registerDevice(server, app);
    const h = sdkHeaders(app, d);
    const url = `${server.url}/sdk/v1/devices/${d.token}`;
    await request(`${url}/accounts`, { method: 'PUT', headers: h, body: { accounts: [{ accountType: 0, account: 'u0' }, { accountType: 1002, account: '+8613711112222' }] } });
    const up = await request(`${url}/accounts`, { method: 'PUT', headers: h, body: { accounts: [{ accountType: 0, account: 'u0-new' }] } });
    assert.deepEqual(up.body.accounts, [{ account: 'u0-new', accountType: 0 }, { account: '+8613711112222', accountType: 1002 }]);
    const del = await request(`${url}/accounts`, { method: 'DELETE', headers: h, body: { accountTypes: [0] } });
    assert.deepEqual(del.body.accounts, [{ account: '+8613711112222', accountType: 1002 }]);
    const badType = await request(`${url}/accounts`, { method: 'PUT', headers: h, body: { accounts: [{ accountType: 17, account: 'x' }] } });
    assert.equal(badType.body.code, 'ACCOUNT_TYPE_INVALID');
    const cleared = await request(`${url}/accounts`, { method: 'DELETE', headers: h });
    assert.deepEqual(cleared.body.accounts, []);

    await request(`${url}/tags`, { method: 'POST', headers: h, body: { tags: ['lang:en', 'lang:fr', 'vip'] } });
    const replaced = await request(`${url}/tags`, { method: 'PUT', headers: h, body: { tags: ['lang:de'] } });
    assert.deepEqual(replaced.body.tags.sort(), ['lang:de', 'vip']);
    const removed = await request(`${url}/tags`, { method: 'DELETE', headers: h, body: { tags: ['vip'] } });
    assert.deepEqual(removed.body, { tags: ['lang:de'], total: 1 });
    const page = await request(`${url}/tags?offset=0&limit=1`, { headers: h });
    assert.equal(page.body.total, 1);
    const none = await request(`${url}/tags`, { method: 'DELETE', headers: h });
    assert.equal(none.body.total, 0);

    const badge = await request(`${url}/badge`, { method: 'PUT', headers: h, body: { badge: 7 } });
    assert.equal(badge.status, 200);
    assert.equal((await device(d.token)).badge, 7);
  });

  it('refuses bad input, missing or forged auth and other apps\' tokens, changing nothing', async () => {
    const d = await registerDevice(server, app);
    const foreign = await registerDevice(server, other);
    const before = await snapshot(server);
    const url = `${server.url}/sdk/v1/devices`;
    const valid = { platform: 'ios', channel: 'apns', vendorToken: apnsToken(), environment: 'dev', appVersion: '1', sdkVersion: '1', locale: 'en', timeZone: 'UTC' };
    const cases: Array<[string, Promise<{ status: number; body: any }>, number, string]> = [
      ['no auth', request(url, { method: 'POST', body: valid }), 401, 'AUTH_FAILED'],
      ['wrong access key', request(url, { method: 'POST', headers: { ...sdkHeaders(app), 'x-herald-access-key': 'AXXXXXXXXXXX' }, body: valid }), 401, 'AUTH_FAILED'],
      ['unknown access id', request(url, { method: 'POST', headers: { ...sdkHeaders(app), 'x-herald-access-id': '1999999999' }, body: valid }), 401, 'AUTH_ACCESS_ID_UNKNOWN'],
      ['malformed json', request(url, { method: 'POST', headers: { ...sdkHeaders(app), 'content-type': 'application/json' }, raw: '{"platform":' }), 400, 'REQUEST_JSON_MALFORMED'],
      ['wrong type', request(url, { method: 'POST', headers: sdkHeaders(app), body: { ...valid, appVersion: 1 } }), 400, 'REQUEST_PARAM_INVALID'],
      ['missing field', request(url, { method: 'POST', headers: sdkHeaders(app), body: { ...valid, vendorToken: undefined } }), 400, 'REQUEST_PARAM_MISSING'],
      ['bad environment', request(url, { method: 'POST', headers: sdkHeaders(app), body: { ...valid, environment: 'prod' } }), 400, 'REQUEST_PARAM_INVALID'],
      ['not an apns token', request(url, { method: 'POST', headers: sdkHeaders(app), body: { ...valid, vendorToken: 'zz' } }), 400, 'REQUEST_PARAM_INVALID'],
      ['wrong platform', request(url, { method: 'POST', headers: sdkHeaders(app), body: { ...valid, platform: 'android', channel: 'fcm' } }), 400, 'REQUEST_PARAM_INVALID'],
      ['forged device secret on refresh', request(url, { method: 'POST', headers: sdkHeaders(app), body: { ...valid, token: d.token, deviceSecret: 'forged' } }), 401, 'DEVICE_AUTH_FAILED'],
      ['token without secret', request(url, { method: 'POST', headers: sdkHeaders(app), body: { ...valid, token: d.token } }), 400, 'REQUEST_PARAM_MISSING'],
      ['oversize', request(url, { method: 'POST', headers: { ...sdkHeaders(app), 'content-type': 'application/json' }, raw: JSON.stringify({ ...valid, locale: 'x'.repeat(server.ctx.config.bodyLimitBytes) }) }), 413, 'REQUEST_BODY_TOO_LARGE'],
      ['forged secret', request(`${url}/${d.token}/tags`, { method: 'POST', headers: { ...sdkHeaders(app, d), 'x-herald-device-secret': 'nope' }, body: { tags: ['a'] } }), 401, 'DEVICE_AUTH_FAILED'],
      ['no secret', request(`${url}/${d.token}/tags`, { method: 'POST', headers: sdkHeaders(app), body: { tags: ['a'] } }), 401, 'DEVICE_AUTH_FAILED'],
      ['token header mismatch', request(`${url}/${d.token}/tags`, { method: 'POST', headers: { ...sdkHeaders(app, d), 'x-herald-token': foreign.token }, body: { tags: ['a'] } }), 401, 'DEVICE_AUTH_FAILED'],
      ['another app\'s token', request(`${url}/${foreign.token}/tags`, { method: 'POST', headers: sdkHeaders(app, foreign), body: { tags: ['a'] } }), 401, 'DEVICE_AUTH_FAILED'],
      ['another app\'s unregister', request(`${url}/${foreign.token}`, { method: 'DELETE', headers: sdkHeaders(app, foreign) }), 401, 'DEVICE_AUTH_FAILED'],
      ['tag too long', request(`${url}/${d.token}/tags`, { method: 'POST', headers: sdkHeaders(app, d), body: { tags: ['x'.repeat(51)] } }), 400, 'REQUEST_PARAM_INVALID'],
      ['negative badge', request(`${url}/${d.token}/badge`, { method: 'PUT', headers: sdkHeaders(app, d), body: { badge: -1 } }), 400, 'REQUEST_PARAM_INVALID'],
      ['string badge', request(`${url}/${d.token}/badge`, { method: 'PUT', headers: sdkHeaders(app, d), body: { badge: '3' } }), 400, 'REQUEST_PARAM_INVALID'],
      ['bad token path', request(`${url}/NOT-A-TOKEN/tags`, { method: 'GET', headers: sdkHeaders(app, d) }), 400, 'REQUEST_PARAM_INVALID'],
      ['unknown push receipt', request(`${url}/${d.token}/receipts`, { method: 'POST', headers: sdkHeaders(app, d), body: { pushId: '123', kind: 'arrived' } }), 404, 'PUSH_TASK_NOT_FOUND'],
      ['bad receipt kind', request(`${url}/${d.token}/receipts`, { method: 'POST', headers: sdkHeaders(app, d), body: { pushId: '123', kind: 'opened' } }), 400, 'REQUEST_PARAM_INVALID'],
    ];
    for (const [name, pending, status, code] of cases) {
      const res = await pending;
      assert.equal(res.status, status, name);
      assert.equal(res.body?.code, code, name);
    }
    assert.equal(await snapshot(server), before);
  });
});
