/**
 * The chat client's `setOfflinePushConfig` against a real server: native and TPNS reports (the TPNS one with a
 * token from the push client, bound as account type 0), the report sent again after every automatic re-login,
 * a report made while reconnecting landing once logged in, a refused report leaving the previous one in place,
 * a refused resend announced, and logout or kick forgetting it. The frames the client writes are recorded, so
 * "sent again" and "not sent" are read off the wire rather than waited for.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import type { ChatClient, WebSocketConstructor } from '../../src/chat/index.ts';
import { isHeraldClientError } from '../../src/herald-client-error.ts';
import { createMemoryStorage, createPushClient } from '../../src/push/index.ts';
import type { TestServer } from '../../../server/test/helpers/test-server.ts';
import { admin, createTestApp } from '../../../server/test/push-management/fixtures.ts';
import type { TestImApp } from '../../../server/test/ws/ws-test-client.ts';
import { authorizePushApp, certificate, reportOf, uploadApns } from '../../../server/test/im-offline-push-config/fixtures.ts';
import { createTestChatClient, until, withChatServer } from './chat-test-client.ts';

const hexToken = (seed: number): string => seed.toString(16).padStart(2, '0').repeat(32);

/** The `setOfflinePushConfig` frames every socket of this recorder wrote, in order. */
function recordingWebSocket(): { WebSocket: WebSocketConstructor; reports: Array<Record<string, unknown>> } {
  const reports: Array<Record<string, unknown>> = [];
  class Recording extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      const frame = JSON.parse(String(data)) as { op?: string; data?: Record<string, unknown> };
      if (frame.op === 'setOfflinePushConfig') reports.push(frame.data ?? {});
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return { WebSocket: Recording as unknown as WebSocketConstructor, reports };
}

interface World {
  server: TestServer;
  app: TestImApp;
  dev: number;
  prod: number;
  push: { accessId: number; accessKey: string };
}

const withWorld = (fn: (w: World) => Promise<void>) =>
  withChatServer(['alice', 'bob'], async (server, app) => {
    const ios = await createTestApp(server, { bundleId: 'com.herald.sdk.offline' });
    await authorizePushApp(server, app.sdkAppId, ios.accessId);
    await uploadApns(server, ios, 'dev', 'p8');
    await uploadApns(server, ios, 'product', 'p8');
    const dev = await certificate(server, app.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'dev' });
    const prod = await certificate(server, app.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'product' });
    await fn({ server, app, dev, prod, push: { accessId: ios.accessId, accessKey: ios.accessKey } });
  });

function client(w: World, socket: WebSocketConstructor): ChatClient {
  return createTestChatClient(w.server, w.app, { WebSocket: socket, random: () => 0.5 });
}

const login = (c: ChatClient, w: World, userId = 'alice', deviceId = 'phone') => c.login({ userId, userSig: w.app.sig(userId), deviceId, platform: 'iOS' });

/** Drops every connection server-side and resolves after the client's automatic re-login. */
async function dropAndRelogin(w: World, c: ChatClient): Promise<void> {
  const relogin = new Promise<void>((resolve) => {
    const off = c.on('loggedIn', () => {
      off();
      resolve();
    });
  });
  for (const socket of w.server.app.websocketServer.clients) socket.terminate();
  await relogin;
}

test('a native report is stored and sent again after every automatic re-login', () =>
  withWorld(async (w) => {
    const rec = recordingWebSocket();
    const c = client(w, rec.WebSocket);
    await login(c, w);
    const stored = await c.setOfflinePushConfig({ businessID: w.prod, token: hexToken(1).toUpperCase() });
    assert.deepEqual(stored, { businessID: w.prod, isTPNSToken: false, token: hexToken(1), channel: 'apns', environment: 'product', voip: false });
    assert.equal((await reportOf(w.server, w.app.sdkAppId, 'alice', 'phone'))?.token, hexToken(1));

    // The server lost the report (say, restored from a backup): the re-login's resend brings it back.
    await w.server.ctx.store.db.deleteFrom('im_offline_push_config').execute();
    await dropAndRelogin(w, c);
    assert.deepEqual(rec.reports, [{ businessID: w.prod, token: hexToken(1).toUpperCase() }, { businessID: w.prod, token: hexToken(1).toUpperCase() }]);
    await until('the resent report is stored', async () => (await reportOf(w.server, w.app.sdkAppId, 'alice', 'phone')) !== null);
    c.close();
  }));

test('a report made while reconnecting lands once logged in again', () =>
  withWorld(async (w) => {
    const rec = recordingWebSocket();
    const c = client(w, rec.WebSocket);
    await login(c, w);
    const reconnecting = new Promise<void>((resolve) => {
      const off = c.on('connectionStateChanged', (e) => {
        if (e.state === 'reconnecting') {
          off();
          resolve();
        }
      });
    });
    for (const socket of w.server.app.websocketServer.clients) socket.terminate();
    await reconnecting;
    const stored = await c.setOfflinePushConfig({ businessID: w.dev, token: hexToken(2) });
    assert.equal(stored?.businessID, w.dev);
    assert.equal((await reportOf(w.server, w.app.sdkAppId, 'alice', 'phone'))?.businessID, w.dev);
    c.close();
  }));

test('a refused report keeps the previous one; a resend refused after a re-login is announced and forgotten', () =>
  withWorld(async (w) => {
    const rec = recordingWebSocket();
    const c = client(w, rec.WebSocket);
    const failures: Array<{ code: string }> = [];
    c.on('offlinePushConfigFailed', (e) => failures.push(e));
    await login(c, w);
    await c.setOfflinePushConfig({ businessID: w.dev, token: hexToken(3) });
    await assert.rejects(c.setOfflinePushConfig({ businessID: 99, token: hexToken(4) }), (err: unknown) => isHeraldClientError(err, 'IM_PUSH_CERT_NOT_FOUND'));
    await assert.rejects(c.setOfflinePushConfig({ businessID: w.dev, token: 'not a token' }), (err: unknown) => isHeraldClientError(err, 'DEVICE_TOKEN_INVALID'));
    rec.reports.length = 0;
    await dropAndRelogin(w, c);
    assert.deepEqual(rec.reports, [{ businessID: w.dev, token: hexToken(3) }]);

    // The certificate is deleted meanwhile: the next resend is refused, announced once, and not tried again.
    const deleted = await admin(w.server, 'DELETE', `/im/apps/${w.app.sdkAppId}/push-certificates/${w.dev}`);
    assert.equal(deleted.status, 204);
    await dropAndRelogin(w, c);
    await until('the refused resend is announced', () => failures.length === 1);
    assert.equal(failures[0]?.code, 'IM_PUSH_CERT_NOT_FOUND');
    rec.reports.length = 0;
    await dropAndRelogin(w, c);
    assert.deepEqual(rec.reports, []);
    c.close();
  }));

test('null turns offline push off and is not sent again', () =>
  withWorld(async (w) => {
    const rec = recordingWebSocket();
    const c = client(w, rec.WebSocket);
    await login(c, w);
    await c.setOfflinePushConfig({ businessID: w.dev, token: hexToken(5) });
    assert.equal(await c.setOfflinePushConfig(null), null);
    assert.equal(await reportOf(w.server, w.app.sdkAppId, 'alice', 'phone'), null);
    assert.deepEqual(rec.reports.at(-1), {});
    rec.reports.length = 0;
    await dropAndRelogin(w, c);
    assert.deepEqual(rec.reports, []);
    c.close();
  }));

test('logout and kick forget the report: logging in again reports nothing until the app reports again', () =>
  withWorld(async (w) => {
    const rec = recordingWebSocket();
    const c = client(w, rec.WebSocket);
    await login(c, w);
    await c.setOfflinePushConfig({ businessID: w.dev, token: hexToken(6) });
    await c.logout();
    assert.equal(await reportOf(w.server, w.app.sdkAppId, 'alice', 'phone'), null);
    rec.reports.length = 0;
    await login(c, w);
    assert.deepEqual(rec.reports, []);
    assert.equal(await reportOf(w.server, w.app.sdkAppId, 'alice', 'phone'), null);

    await c.setOfflinePushConfig({ businessID: w.dev, token: hexToken(6) });
    const other = client(w, recordingWebSocket().WebSocket);
    await login(other, w, 'alice', 'pad');
    const kicked = new Promise<void>((resolve) => c.on('kickedOffline', () => resolve()));
    await other.kickDevice('phone');
    await kicked;
    await until('the kicked client is closed', () => c.connectionState === 'disconnected');
    assert.equal(await reportOf(w.server, w.app.sdkAppId, 'alice', 'phone'), null);
    rec.reports.length = 0;
    await login(c, w);
    assert.deepEqual(rec.reports, []);
    c.close();
    other.close();
  }));

test('a report belongs to one user on one device: logging in as someone else does not send it', () =>
  withWorld(async (w) => {
    const rec = recordingWebSocket();
    const c = client(w, rec.WebSocket);
    await login(c, w);
    await c.setOfflinePushConfig({ businessID: w.dev, token: hexToken(7) });
    c.close();
    rec.reports.length = 0;
    // Closed without logout: the same user on the same device keeps reporting it...
    await login(c, w);
    assert.deepEqual(rec.reports, [{ businessID: w.dev, token: hexToken(7) }]);
    c.close();
    rec.reports.length = 0;
    // ...another user does not.
    await login(c, w, 'bob');
    assert.deepEqual(rec.reports, []);
    c.close();
  }));

test('TPNS mode: the push client registers and binds the UserID as account type 0, then the chat client reports its token', () =>
  withWorld(async (w) => {
    const push = createPushClient({ accessId: w.push.accessId, accessKey: w.push.accessKey, endpoint: `${w.server.url}/`, storage: createMemoryStorage() });
    const token = await push.register({ vendorToken: hexToken(8), environment: 'dev' });
    const c = client(w, recordingWebSocket().WebSocket);
    await login(c, w);
    await push.upsertAccounts({ 0: 'alice' });
    const stored = await c.setOfflinePushConfig({ businessID: 0, token, isTPNSToken: true });
    assert.deepEqual(stored, { businessID: 0, isTPNSToken: true, token, channel: 'apns', environment: 'dev', voip: false });
    const shown = await reportOf(w.server, w.app.sdkAppId, 'alice', 'phone');
    assert.deepEqual(shown?.pushDevice, { status: 'active', channel: 'apns', environment: 'dev', accountBound: true });
    assert.deepEqual(shown?.problems, []);
    c.close();
  }));

test('setOfflinePushConfig before login is refused', () =>
  withWorld(async (w) => {
    const c = client(w, recordingWebSocket().WebSocket);
    await assert.rejects(c.setOfflinePushConfig({ businessID: w.dev, token: hexToken(9) }), (err: unknown) => isHeraldClientError(err, 'NETWORK'));
  }));
