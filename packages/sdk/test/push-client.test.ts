import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createMemoryStorage, createPushClient, createWebStorage, isHeraldClientError, parseHeraldPayload } from '@herald/sdk/push';
import { startTestServer, type TestServer } from '../../server/test/helpers/test-server.ts';
import { createTestApp, type TestApp } from '../../server/test/push-management/fixtures.ts';

const vendorToken = () => randomBytes(32).toString('hex');

describe('push client against a real server', () => {
  let server: TestServer;
  let app: TestApp;
  before(async () => {
    server = await startTestServer({ worker: false });
    app = await createTestApp(server, { bundleId: 'com.herald.sdk' });
  });
  after(async () => server.close());

  const client = (storage = createMemoryStorage()) => createPushClient({ accessId: app.accessId, accessKey: app.accessKey, endpoint: `${server.url}/`, storage });
  const device = (token: string) => server.ctx.store.db.selectFrom('device').selectAll().where('token', '=', token).executeTakeFirstOrThrow();

  it('registers, refreshes with the same token, binds accounts and tags, syncs the badge, unregisters', async () => {
    const storage = createMemoryStorage();
    const push = client(storage);
    assert.equal(await push.start(), undefined);
    const token = await push.register({ vendorToken: vendorToken(), environment: 'dev', appVersion: '2.0', locale: 'zh_CN', timeZone: 'Asia/Shanghai' });
    assert.match(token, /^[0-9a-f]{36}$/);
    assert.equal(push.token, token);
    assert.equal((await device(token)).environment, 'dev');

    // A new process with the same storage: start() restores the token, a refresh keeps it.
    const restarted = client(storage);
    assert.equal(await restarted.start(), token);
    const refreshed = vendorToken();
    assert.equal(await restarted.register({ vendorToken: refreshed, environment: 'dev' }), token);
    assert.equal((await device(token)).vendor_token, refreshed);

    assert.deepEqual(await restarted.upsertAccounts({ 0: 'alice', 1005: 'alice@example.com' }), [
      { account: 'alice', accountType: 0 },
      { account: 'alice@example.com', accountType: 1005 },
    ]);
    assert.deepEqual(await restarted.upsertAccounts({ 0: 'alice-2' }), [
      { account: 'alice-2', accountType: 0 },
      { account: 'alice@example.com', accountType: 1005 },
    ]);
    assert.deepEqual(await restarted.delAccounts([1005]), [{ account: 'alice-2', accountType: 0 }]);
    assert.deepEqual(await restarted.queryAccounts(), [{ account: 'alice-2', accountType: 0 }]);
    assert.deepEqual(await restarted.clearAccounts(), []);

    assert.equal((await restarted.appendTags(['vip', 'lang:en'])).total, 2);
    assert.deepEqual((await restarted.clearAndAppendTags(['lang:fr'])).tags.sort(), ['lang:fr', 'vip']);
    assert.deepEqual((await restarted.delTags(['vip'])).tags, ['lang:fr']);
    assert.deepEqual(await restarted.queryTags({ offset: 0, limit: 10 }), { tags: ['lang:fr'], total: 1 });
    assert.equal((await restarted.clearTags()).total, 0);

    await restarted.setBadge(5);
    assert.equal((await device(token)).badge, 5);

    await restarted.unregister();
    assert.equal(restarted.token, undefined);
    assert.equal((await device(token)).status, 'unregistered');
    assert.equal(await client(storage).start(), undefined, 'storage forgotten');
  });

  it('reports arrival and clicks for a push that reached the device', async () => {
    const push = client();
    const token = await push.register({ vendorToken: vendorToken(), environment: 'product' });
    const now = Date.now();
    await server.ctx.store.db.insertInto('push_task').values({
      push_id: '900001', access_id: app.accessId, plan_id: `default_${app.accessId}`, audience_type: 'token', message_type: 'notify', environment: 'product',
      request_json: '{}', status: 'PUSH_FINISHED', send_at: now, expire_at: now + 86_400_000, collapse_id: 0, seq: 0, upload_id: null,
      created_at: now, updated_at: now, started_at: now, finished_at: now,
    }).execute();
    await server.ctx.store.db.insertInto('push_delivery').values({ push_id: '900001', token, access_id: app.accessId, channel: 'apns', outcome: 'delivered', reason: null, created_at: now }).execute();

    const info = parseHeraldPayload({ aps: { alert: 'hi' }, herald: { pid: '900001' } });
    assert.deepEqual(info, { pushId: '900001' });
    await push.reportArrived(info!.pushId);
    await push.reportClicked(info!.pushId);
    const receipts = await server.ctx.store.db.selectFrom('push_receipt').select('kind').where('push_id', '=', '900001').orderBy('kind').execute();
    assert.deepEqual(receipts.map((r) => r.kind), ['arrived', 'clicked']);
    await assert.rejects(push.reportArrived('424242'), (err) => isHeraldClientError(err, 'PUSH_TASK_NOT_FOUND') && err.status === 404);
  });

  it('surfaces server errors as HeraldError-like objects with the server code', async () => {
    const wrongKey = createPushClient({ accessId: app.accessId, accessKey: 'AWRONGWRONG1', endpoint: server.url, storage: createMemoryStorage() });
    await assert.rejects(wrongKey.register({ vendorToken: vendorToken(), environment: 'dev' }), (err) => {
      assert.ok(isHeraldClientError(err));
      assert.equal(err.name, 'HeraldError');
      assert.equal(err.code, 'AUTH_FAILED');
      assert.equal(err.status, 401);
      return true;
    });
    const bad = client();
    await assert.rejects(bad.register({ vendorToken: 'not-hex', environment: 'dev' }), (err) => isHeraldClientError(err, 'REQUEST_PARAM_INVALID'));
    await assert.rejects(bad.setBadge(1), (err) => isHeraldClientError(err, 'DEVICE_NOT_REGISTERED'));
    const offline = createPushClient({ accessId: 1, accessKey: 'A', endpoint: 'http://127.0.0.1:1', storage: createMemoryStorage() });
    await assert.rejects(offline.register({ vendorToken: vendorToken(), environment: 'dev' }), (err) => isHeraldClientError(err, 'NETWORK'));
  });

  it('starts afresh when its stored device secret is no longer accepted', async () => {
    const storage = createMemoryStorage();
    const vt = vendorToken();
    const first = client(storage);
    const token = await first.register({ vendorToken: vt, environment: 'dev' });
    // Another registration of the same vendor token without credentials re-keys the device.
    await client().register({ vendorToken: vt, environment: 'dev' });
    const stale = client(storage);
    assert.equal(await stale.register({ vendorToken: vt, environment: 'dev' }), token);
    await stale.setBadge(2);
  });

  it('works with an injected fetch and a web-storage-like store', async () => {
    const calls: string[] = [];
    const values = new Map<string, string>();
    const webStorage = { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v), removeItem: (k: string) => void values.delete(k) };
    const push = createPushClient({
      accessId: String(app.accessId), accessKey: app.accessKey, endpoint: server.url, storage: createWebStorage(webStorage),
      fetch: (input, init) => {
        calls.push(`${init?.method ?? 'GET'} ${String(input).replace(server.url, '')}`);
        return fetch(input, init);
      },
    });
    const token = await push.register({ vendorToken: vendorToken(), environment: 'dev' });
    assert.deepEqual(calls, ['POST /sdk/v1/devices']);
    assert.equal(JSON.parse(values.get(`herald.push.${app.accessId}`) ?? '{}').token, token);
  });
});

describe('parseHeraldPayload', () => {
  it('reads herald.pid, also from a JSON string, and ignores other payloads', () => {
    assert.deepEqual(parseHeraldPayload({ herald: '{"pid":"7"}' }), { pushId: '7' });
    assert.equal(parseHeraldPayload({ aps: {} }), undefined);
    assert.equal(parseHeraldPayload(null), undefined);
    assert.equal(parseHeraldPayload({ herald: { pid: 7 } }), undefined);
  });
});
