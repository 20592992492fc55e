/**
 * The chat client against a real server over real sockets (the `ws` package, as Node 20 has no WebSocket):
 * login, app state, kick, heartbeats, reconnect with re-login after a server-side drop, and no reconnect after
 * kick or logout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatClient, ConnectionState } from '../../src/chat/index.ts';
import { isHeraldClientError } from '../../src/herald-client-error.ts';
import type { TestServer } from '../../../server/test/helpers/test-server.ts';
import { deviceRow, waitForState, type TestImApp } from '../../../server/test/ws/ws-test-client.ts';
import { createTestChatClient, pollUntil, withChatServer } from './chat-test-client.ts';

/** Fixed jitter, and reconnects within ~50 ms (the kick test waits ten times that for one that must not come). */
const client = (server: TestServer, app: TestImApp): ChatClient =>
  createTestChatClient(server, app, { reconnect: { initialDelayMs: 10, maxDelayMs: 50 }, random: () => 0.5 });

function states(c: ChatClient): ConnectionState[] {
  const seen: ConnectionState[] = [];
  c.on('connectionStateChanged', (e) => seen.push(e.state));
  return seen;
}

function once<T>(c: ChatClient, event: 'kickedOffline' | 'loggedIn' | 'userSigExpired'): Promise<T> {
  return new Promise((resolve) => {
    const off = c.on(event, (data) => {
      off();
      resolve(data as T);
    });
  });
}

const withServer = (fn: (server: TestServer, app: TestImApp) => Promise<void>, config: Record<string, unknown> = {}) =>
  withChatServer(['alice', 'bob'], fn, { config });

test('login, getServerTime, setAppState and logout through the SDK', () =>
  withServer(async (server, app) => {
    const c = client(server, app);
    const seen = states(c);
    const info = await c.login({ userId: 'alice', userSig: app.sig('alice'), deviceId: 'phone', platform: 'iOS' });
    assert.equal(info.heartbeatSeconds, 30);
    assert.deepEqual(info.devices.map((d) => d.deviceId), ['phone']);
    assert.equal(c.connectionState, 'connected');
    assert.equal(typeof (await c.getServerTime()), 'number');
    await c.setAppState('background');
    assert.equal((await deviceRow(server, app.sdkAppId, 'alice', 'phone'))?.state, 'background');
    await c.setAppState('foreground');
    assert.equal((await deviceRow(server, app.sdkAppId, 'alice', 'phone'))?.state, 'online');
    await c.logout();
    assert.equal(c.connectionState, 'disconnected');
    assert.equal((await deviceRow(server, app.sdkAppId, 'alice', 'phone'))?.state, 'offline');
    assert.deepEqual(seen, ['connecting', 'connected', 'disconnected']);
  }));

test('a refused login rejects with the server code and leaves the client disconnected', () =>
  withServer(async (server, app) => {
    const c = client(server, app);
    await assert.rejects(
      c.login({ userId: 'alice', userSig: app.sig('alice', { expireSeconds: 1, now: Date.now() - 60_000 }), deviceId: 'phone', platform: 'Web' }),
      (err: unknown) => isHeraldClientError(err, 'IM_USERSIG_EXPIRED') && err.details?.['imCode'] === 70001,
    );
    assert.equal(c.connectionState, 'disconnected');
    assert.equal(await deviceRow(server, app.sdkAppId, 'alice', 'phone'), undefined);
  }));

test('heartbeats keep a connection alive past 3 intervals', () =>
  withServer(async (server, app) => {
    const c = client(server, app);
    const seen = states(c);
    await c.login({ userId: 'alice', userSig: app.sig('alice'), deviceId: 'phone', platform: 'Web' });
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(c.connectionState, 'connected');
    assert.deepEqual(seen, ['connecting', 'connected']);
    c.close();
  }, { wsHeartbeatSeconds: 0.1 }));

test('after a server-side drop the SDK reconnects and logs in again with the same deviceId', () =>
  withServer(async (server, app) => {
    const c = client(server, app);
    const seen = states(c);
    await c.login({ userId: 'alice', userSig: app.sig('alice'), deviceId: 'phone', platform: 'Android' });
    const relogin = once(c, 'loggedIn');
    for (const socket of server.app.websocketServer.clients) socket.terminate();
    await relogin;
    assert.equal(c.connectionState, 'connected');
    assert.deepEqual(seen, ['connecting', 'connected', 'reconnecting', 'connected']);
    const rows = await server.ctx.store.db.selectFrom('im_device').selectAll().where('user_id', '=', 'alice').execute();
    assert.deepEqual(rows.map((r) => [r.device_id, r.state]), [['phone', 'online']]);
    assert.equal(typeof (await c.getServerTime()), 'number');
    c.close();
    assert.equal((await waitForState(server, app.sdkAppId, 'alice', 'phone', 'push_online'))?.state, 'push_online');
  }));

test('a kicked client does not reconnect; a client replaced by the same deviceId does not either', () =>
  withServer(async (server, app) => {
    const phone = client(server, app);
    const tablet = client(server, app);
    const tabletStates = states(tablet);
    await phone.login({ userId: 'alice', userSig: app.sig('alice'), deviceId: 'phone', platform: 'iOS' });
    await tablet.login({ userId: 'alice', userSig: app.sig('alice'), deviceId: 'tablet', platform: 'iPad' });
    const kicked = once<{ reason: string; byDeviceId?: string }>(tablet, 'kickedOffline');
    await phone.kickDevice('tablet');
    assert.deepEqual(await kicked, { reason: 'kicked', byDeviceId: 'phone' });
    await pollUntil(() => tablet.connectionState === 'disconnected', 500);
    // Reconnects would come within ~50 ms; give them ten times that to show up.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(tabletStates, ['connecting', 'connected', 'disconnected']);
    assert.equal((await deviceRow(server, app.sdkAppId, 'alice', 'tablet'))?.state, 'offline');

    const phone2 = client(server, app);
    const phoneStates = states(phone);
    const replaced = once<{ reason: string }>(phone, 'kickedOffline');
    await phone2.login({ userId: 'alice', userSig: app.sig('alice'), deviceId: 'phone', platform: 'iOS' });
    assert.deepEqual(await replaced, { reason: 'loggedInAgain' });
    await pollUntil(() => phone.connectionState === 'disconnected', 500);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(phoneStates, ['disconnected']);
    assert.equal(phone2.connectionState, 'connected');
    assert.equal((await deviceRow(server, app.sdkAppId, 'alice', 'phone'))?.state, 'online');
    phone2.close();
  }));
