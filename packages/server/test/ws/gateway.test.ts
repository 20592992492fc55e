/**
 * The chat gateway over real sockets against a real server: login with UserSigs, multi-device, kick, logout,
 * disconnect, app states, heartbeats, UserSig expiry, bad frames and floods, the upgrade and shutdown
 * (docs/protocol.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { withServer } from '../helpers/im-fixtures.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { createTestImApp, deviceRow, loginData, openClient, waitForState, wsUrl } from './ws-test-client.ts';

test('login with a UserSig: response, device row online on this node, devices listed', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const c = await openClient(server);
    const res = await c.request('login', loginData(app, 'alice', 'phone-1'));
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.op, 'login');
    assert.equal(res.data?.['heartbeatSeconds'], 30);
    assert.equal(typeof res.data?.['serverTime'], 'number');
    assert.ok((res.data?.['userSigExpiresAt'] as number) > server.ctx.clock.now());
    assert.deepEqual((res.data?.['devices'] as Array<{ deviceId: string; state: string }>).map((d) => [d.deviceId, d.state]), [['phone-1', 'online']]);
    const row = await deviceRow(server, app.sdkAppId, 'alice', 'phone-1');
    assert.equal(row?.state, 'online');
    assert.equal(row?.platform, 'iOS');
    assert.ok(row?.node_id);
    const again = await c.request('login', loginData(app, 'alice', 'phone-1'));
    assert.equal(again.codeName, 'WS_ALREADY_LOGGED_IN');
    const time = await c.request('getServerTime');
    assert.equal(time.code, 0);
    await c.close();
  }));

test('login in the background starts in the background state', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const c = await openClient(server);
    assert.equal((await c.request('login', loginData(app, 'alice', 'p', { appState: 'background' }))).code, 0);
    assert.equal((await deviceRow(server, app.sdkAppId, 'alice', 'p'))?.state, 'background');
    await c.close();
  }));

test('wrong, expired, other-app and unknown-account logins fail with their codes and record no device', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const other = await createTestImApp(server, { users: ['alice'] });
    const c = await openClient(server);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...loginData(app, 'alice', 'd'), userSig: other.sig('alice') }, 'IM_USERSIG_APP_MISMATCH'],
      [{ ...loginData(app, 'alice', 'd'), sdkAppId: other.sdkAppId, userSig: app.sig('alice') }, 'IM_USERSIG_APP_MISMATCH'],
      [{ ...loginData(app, 'alice', 'd'), userSig: app.sig('alice', { expireSeconds: 10, now: server.ctx.clock.now() - 60_000 }) }, 'IM_USERSIG_EXPIRED'],
      [{ ...loginData(app, 'alice', 'd'), userSig: app.sig('bob') }, 'IM_USERSIG_USER_MISMATCH'],
      [{ ...loginData(app, 'alice', 'd'), userSig: 'not-a-sig' }, 'IM_USERSIG_INVALID'],
      [{ ...loginData(app, 'alice', 'd'), userSig: '' }, 'IM_USERSIG_EMPTY'],
      [loginData(app, 'mallory', 'd'), 'IM_ACCOUNT_NOT_FOUND'],
      [{ ...loginData(app, 'alice', 'd'), sdkAppId: 999 }, 'IM_APP_NOT_FOUND'],
      [{ ...loginData(app, 'alice', 'd'), platform: 'Amiga' }, 'REQUEST_PARAM_INVALID'],
      [{ ...loginData(app, 'alice', 'd'), deviceId: undefined }, 'REQUEST_PARAM_MISSING'],
    ];
    // A key-mismatch sig: the other app's key signing for this app's SDKAppID.
    const forged = (await import('../../src/im/identity/user-sig.ts')).genUserSig({ sdkAppId: app.sdkAppId, secretKey: other.secretKey, userId: 'alice', expireSeconds: 3600, now: server.ctx.clock.now() });
    cases.push([{ ...loginData(app, 'alice', 'd'), userSig: forged }, 'IM_USERSIG_KEY_MISMATCH']);
    for (const [data, expected] of cases) {
      const res = await c.request('login', data);
      assert.notEqual(res.code, 0, `${expected} must fail`);
      assert.ok(res.codeName?.startsWith(expected), `expected ${expected}, got ${res.codeName}`);
      assert.equal(typeof res.code, 'number');
    }
    const rows = await server.ctx.store.db.selectFrom('im_device').selectAll().execute();
    assert.deepEqual(rows, []);
    assert.equal(c.socket.readyState, c.socket.OPEN);
    await c.close();
  }));

test('several devices online; a login with an existing deviceId kicks the older connection (4002)', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const a = await openClient(server);
    const b = await openClient(server);
    assert.equal((await a.request('login', loginData(app, 'alice', 'phone'))).code, 0);
    assert.equal((await b.request('login', { ...loginData(app, 'alice', 'laptop'), platform: 'Mac' })).code, 0);
    const c = await openClient(server);
    const res = await c.request('login', { ...loginData(app, 'alice', 'phone'), platform: 'Android' });
    assert.equal(res.code, 0);
    assert.deepEqual(await a.nextEvent('kickedOffline'), { reason: 'loggedInAgain' });
    assert.equal((await a.closed).code, 4002);
    const devices = (res.data?.['devices'] as Array<{ deviceId: string; state: string }>).map((d) => [d.deviceId, d.state]);
    assert.deepEqual(devices, [['laptop', 'online'], ['phone', 'online']]);
    // The replaced connection's close must not turn the new login into push_online.
    assert.equal((await c.request('ping')).code, 0);
    const phone = await deviceRow(server, app.sdkAppId, 'alice', 'phone');
    assert.equal(phone?.state, 'online');
    assert.equal(phone?.platform, 'Android');
    assert.equal(b.socket.readyState, b.socket.OPEN);
    await b.close();
    await c.close();
  }));

test('kickDevice logs out another device (4001, offline) and refuses self and unknown devices', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const a = await openClient(server);
    const b = await openClient(server);
    const bob = await openClient(server);
    await a.request('login', loginData(app, 'alice', 'phone'));
    await b.request('login', loginData(app, 'alice', 'tablet'));
    await bob.request('login', loginData(app, 'bob', 'tablet'));
    assert.equal((await a.request('kickDevice', { deviceId: 'phone' })).codeName, 'REQUEST_PARAM_INVALID');
    assert.equal((await a.request('kickDevice', { deviceId: 'nope' })).codeName, 'REQUEST_PARAM_INVALID');
    const res = await a.request('kickDevice', { deviceId: 'tablet' });
    assert.equal(res.code, 0);
    assert.deepEqual(await b.nextEvent('kickedOffline'), { reason: 'kicked', byDeviceId: 'phone' });
    assert.equal((await b.closed).code, 4001);
    const row = await deviceRow(server, app.sdkAppId, 'alice', 'tablet');
    assert.equal(row?.state, 'offline');
    assert.equal(row?.node_id, null);
    // Bob's device with the same id is another user's: untouched.
    assert.equal((await deviceRow(server, app.sdkAppId, 'bob', 'tablet'))?.state, 'online');
    assert.equal((await bob.request('ping')).code, 0);
    await a.close();
    await bob.close();
  }));

test('logout makes the device offline and the connection not logged in; disconnect makes it push_online', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const a = await openClient(server);
    await a.request('login', loginData(app, 'alice', 'phone'));
    assert.equal((await a.request('logout')).code, 0);
    const row = await deviceRow(server, app.sdkAppId, 'alice', 'phone');
    assert.equal(row?.state, 'offline');
    assert.equal(row?.node_id, null);
    assert.equal((await a.request('setAppState', { state: 'background' })).codeName, 'WS_NOT_LOGGED_IN');
    assert.equal((await a.request('login', loginData(app, 'alice', 'phone'))).code, 0);
    await a.close();
    const after = await waitForState(server, app.sdkAppId, 'alice', 'phone', 'push_online');
    assert.equal(after?.state, 'push_online');
    assert.equal(after?.node_id, null);
  }));

test('setAppState background and foreground are persisted', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const a = await openClient(server);
    await a.request('login', { ...loginData(app, 'alice', 'phone'), platform: 'Android' });
    const bg = await a.request('setAppState', { state: 'background' });
    assert.deepEqual(bg.data, { state: 'background' });
    assert.equal((await deviceRow(server, app.sdkAppId, 'alice', 'phone'))?.state, 'background');
    assert.ok((await deviceRow(server, app.sdkAppId, 'alice', 'phone'))?.node_id);
    const fg = await a.request('setAppState', { state: 'foreground' });
    assert.deepEqual(fg.data, { state: 'online' });
    assert.equal((await deviceRow(server, app.sdkAppId, 'alice', 'phone'))?.state, 'online');
    assert.equal((await a.request('setAppState', { state: 'asleep' })).codeName, 'REQUEST_PARAM_INVALID');
    await a.close();
  }));

test('a silent connection is closed after 3 heartbeat intervals (4408) and its device becomes push_online', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const a = await openClient(server);
    const res = await a.request('login', loginData(app, 'alice', 'phone'));
    assert.equal(res.data?.['heartbeatSeconds'], 0.1);
    assert.equal((await a.closed).code, 4408);
    assert.equal((await waitForState(server, app.sdkAppId, 'alice', 'phone', 'push_online'))?.state, 'push_online');
  }, { config: { wsHeartbeatSeconds: 0.1 } }));

test('a UserSig expiring while connected sends userSigExpired and closes with 4401', async () => {
  let now = Date.UTC(2025, 0, 1);
  const clock = { now: () => now };
  await withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const a = await openClient(server);
    const res = await a.request('login', { ...loginData(app, 'alice', 'phone'), userSig: app.sig('alice', { expireSeconds: 1 }) });
    assert.equal(res.code, 0);
    assert.equal(res.data?.['userSigExpiresAt'], now + 1000);
    now += 5000;
    assert.deepEqual(await a.nextEvent('userSigExpired'), { expiredAt: Date.UTC(2025, 0, 1) + 1000 });
    assert.equal((await a.closed).code, 4401);
    assert.equal((await waitForState(server, app.sdkAppId, 'alice', 'phone', 'push_online'))?.state, 'push_online');
  }, { clock });
});

test('bad frames get error responses and the connection stays usable', () =>
  withServer(async (server) => {
    const c = await openClient(server);
    const responses: Array<Record<string, unknown>> = [];
    c.socket.on('message', (raw) => responses.push(JSON.parse(String(raw)) as Record<string, unknown>));
    c.sendRaw('{not json');
    c.sendRaw('[1,2]');
    c.sendRaw('"text"');
    c.sendRaw(JSON.stringify({ id: 1 }));
    c.sendRaw(JSON.stringify({ id: 2, op: 'login', data: [1] }));
    c.sendRaw(Buffer.from([1, 2, 3]));
    const unknown = await c.request('fly');
    assert.equal(unknown.code, 6017);
    assert.equal(unknown.codeName, 'WS_UNKNOWN_OP');
    const early = await c.request('kickDevice', { deviceId: 'x' });
    assert.equal(early.code, 6014);
    assert.equal(early.codeName, 'WS_NOT_LOGGED_IN');
    const malformed = responses.filter((r) => r['codeName'] === 'WS_FRAME_MALFORMED');
    assert.equal(malformed.length, 6);
    assert.ok(malformed.every((r) => r['code'] === 6027));
    assert.deepEqual(malformed.map((r) => r['id']).filter((id) => id !== null), [1, 2]);
    assert.equal((await c.request('ping')).code, 0);
    await c.close();
  }));

test('an oversize frame closes the connection with 1009', () =>
  withServer(async (server) => {
    const c = await openClient(server);
    c.sendRaw(JSON.stringify({ id: 1, op: 'ping', data: { pad: 'x'.repeat(2048) } }));
    assert.equal((await c.closed).code, 1009);
  }, { config: { wsMaxFrameBytes: 1024 } }));

test('a socket flooding bad frames is closed (1008) while another socket keeps getting answers', () =>
  withServer(async (server) => {
    const flooder = await openClient(server);
    const good = await openClient(server);
    for (let i = 0; i < 500; i += 1) flooder.sendRaw('garbage');
    const answers = await Promise.all(Array.from({ length: 20 }, () => good.request('ping')));
    assert.ok(answers.every((r) => r.code === 0));
    assert.equal((await flooder.closed).code, 1008);
    assert.equal((await good.request('getServerTime')).code, 0);
    await good.close();
  }));

test('server shutdown closes every socket with 1001 and leaves logged-in devices push_online', async () => {
  const server = await startTestServer({ worker: false });
  const app = await createTestImApp(server, { users: ['alice'] });
  const a = await openClient(server);
  const anonymous = await openClient(server);
  await a.request('login', loginData(app, 'alice', 'phone'));
  const db = server.ctx.store.db;
  // Close the HTTP edge first (the gateway persists on close), then read before the store closes.
  await server.app.close();
  const row = await db.selectFrom('im_device').selectAll().where('device_id', '=', 'phone').executeTakeFirst();
  assert.equal(row?.state, 'push_online');
  assert.deepEqual(await a.closed, { code: 1001, reason: 'server shutting down' });
  assert.deepEqual(await anonymous.closed, { code: 1001, reason: 'server shutting down' });
  await server.close();
});

test('UserSigs expiring at different times end their sessions in expiry order, each at its own time', async () => {
  const start = Date.UTC(2025, 0, 1);
  let now = start;
  const clock = { now: () => now };
  await withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol'] });
    const login = async (userId: string, expireSeconds: number) => {
      const c = await openClient(server);
      const res = await c.request('login', { ...loginData(app, userId, 'phone'), userSig: app.sig(userId, { expireSeconds }) });
      assert.equal(res.code, 0, JSON.stringify(res));
      return c;
    };
    const late = await login('alice', 2);
    const early = await login('bob', 1);
    const gone = await login('carol', 1);
    // A session that ends before its expiry must leave the queue without firing.
    assert.equal((await gone.request('logout')).code, 0);
    now = start + 1500;
    assert.deepEqual(await early.nextEvent('userSigExpired'), { expiredAt: start + 1000 });
    assert.equal((await early.closed).code, 4401);
    assert.equal((await late.request('ping')).code, 0, 'not expired yet at 1.5 s');
    now = start + 2500;
    assert.deepEqual(await late.nextEvent('userSigExpired'), { expiredAt: start + 2000 });
    assert.equal((await late.closed).code, 4401);
    assert.equal(gone.socket.readyState, gone.socket.OPEN);
    assert.equal((await deviceRow(server, app.sdkAppId, 'carol', 'phone'))?.state, 'offline');
    await gone.close();
  }, { clock });
});

test('a socket sending faster than the frame rate is closed (1008) once its burst is spent', () =>
  withServer(async (server) => {
    const c = await openClient(server);
    const burst = await Promise.all(Array.from({ length: 150 }, () => c.request('ping')));
    assert.ok(burst.every((r) => r.code === 0));
    for (let i = 0; i < 300; i += 1) c.sendRaw(JSON.stringify({ id: i, op: 'ping', data: {} }));
    assert.deepEqual(await c.closed, { code: 1008, reason: 'rate limit' });
  }));

test('an upgrade to another path is refused with 404; /ws with a query string is the chat endpoint', () =>
  withServer(async (server) => {
    const refused = new WebSocket(`${wsUrl(server).replace(/\/ws$/, '/v3/ws')}`);
    const status = await new Promise<number | undefined>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      refused.on('open', () => resolve(undefined));
      refused.on('error', () => undefined);
    });
    assert.equal(status, 404);
    refused.terminate();
    const withQuery = new WebSocket(`${wsUrl(server)}?v=1`);
    await new Promise((resolve, reject) => {
      withQuery.once('open', resolve);
      withQuery.once('error', reject);
    });
    const answer = new Promise<Record<string, unknown>>((resolve) => withQuery.once('message', (raw) => resolve(JSON.parse(String(raw)) as Record<string, unknown>)));
    withQuery.send(JSON.stringify({ id: 1, op: 'ping', data: {} }));
    assert.equal((await answer)['code'], 0);
    withQuery.close();
    // The endpoint is not an HTTP route: a plain GET is a 404 and the API docs do not list it.
    assert.equal((await server.app.inject({ method: 'GET', url: '/ws' })).statusCode, 404);
    assert.equal(server.app.hasRoute({ method: 'GET', url: '/ws' }), false);
  }));
