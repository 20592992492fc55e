/**
 * `setOfflinePushConfig` over the chat WebSocket: native reports (a vendor token for a certificate) and TPNS
 * reports (a Herald push token), turning push off, logout and kick removing the report, disconnects keeping it,
 * one device per token, and the per-user query that makes a refused token (an APNs sandbox token reported with
 * the production certificate) visible.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { login, withServer } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { admin, createTestApp, registerDevice, request, sdkHeaders } from '../push-management/fixtures.ts';
import { loginData, openClient, waitForState } from '../ws/ws-test-client.ts';
import { setOfflinePushConfig, markOfflinePushTokenInvalid } from '../../src/im/offline-push-config/device-push-config.ts';
import { listOfflinePushTargets } from '../../src/im/offline-push-config/offline-push-targets.ts';
import { apnsHexToken, createPushWorld, expectOk, expectRefused, reportOf, report, userPushConfig } from './fixtures.ts';

const targetsOf = (server: TestServer, sdkAppId: number, users: string[]) => listOfflinePushTargets(server.ctx.store.db, sdkAppId, users);

describe('setOfflinePushConfig', () => {
  it('stores a native report in canonical form with the certificate channel, environment and VoIP flag', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const phone = await login(server, w.im, 'alice', 'phone');
      const stored = expectOk(await report(phone, { businessID: w.prod, token: apnsHexToken(0xab).toUpperCase() }));
      assert.deepEqual(stored.pushConfig, { businessID: w.prod, isTPNSToken: false, token: apnsHexToken(0xab), channel: 'apns', environment: 'product', voip: false });
      const voip = expectOk(await report(phone, { businessID: w.voipProd, token: apnsHexToken(0xcd) }));
      assert.equal(voip.pushConfig.voip, true);
      // The second report replaced the first.
      const shown = await reportOf(server, w.im.sdkAppId, 'alice', 'phone');
      assert.equal(shown?.businessID, w.voipProd);
      assert.equal(shown?.token, apnsHexToken(0xcd));
      assert.deepEqual(shown?.certificate, { state: 'active', name: 'VoIP prod', credential: { kind: 'p12', status: 'ok' } });
      assert.deepEqual(shown?.problems, []);
      assert.deepEqual(await targetsOf(server, w.im.sdkAppId, ['alice']), [{
        userId: 'alice', deviceId: 'phone', platform: 'iOS', deviceState: 'online', mode: 'native', businessID: w.voipProd,
        accessId: w.ios.accessId, channel: 'apns', environment: 'product', voip: true, token: apnsHexToken(0xcd),
      }]);
      await phone.close();
    }));

  it('refuses reports that name no certificate of this app or carry no valid token', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const otherApp = await createPushWorld(server, ['alice']);
      const extra = await admin(server, 'POST', `/im/apps/${otherApp.im.sdkAppId}/push-certificates`, { accessId: otherApp.ios.accessId, channel: 'apns', environment: 'dev', voip: true });
      assert.equal(extra.body.businessID, 4);
      const phone = await login(server, w.im, 'alice', 'phone');
      const token = apnsHexToken(1);
      // Certificate 4 exists in the other IM app only.
      expectRefused(await report(phone, { businessID: 4, token }), 'IM_PUSH_CERT_NOT_FOUND');
      expectRefused(await report(phone, { businessID: w.dev, token: 'not-hex' }), 'DEVICE_TOKEN_INVALID');
      expectRefused(await report(phone, { businessID: w.dev, token: 'ab' }), 'DEVICE_TOKEN_INVALID');
      expectRefused(await report(phone, { businessID: 0, token }), 'REQUEST_PARAM_INVALID');
      expectRefused(await report(phone, { businessID: w.dev, token, isTPNSToken: true }), 'REQUEST_PARAM_INVALID');
      expectRefused(await report(phone, { businessID: w.dev, token, isTPNSToken: 'yes' }), 'REQUEST_PARAM_INVALID');
      expectRefused(await report(phone, { businessID: w.dev }), 'REQUEST_PARAM_MISSING');
      expectRefused(await report(phone, { token }), 'REQUEST_PARAM_MISSING');
      expectRefused(await report(phone, { businessID: -1, token }), 'REQUEST_PARAM_INVALID');
      expectRefused(await report(phone, { businessID: w.dev, token: 5 }), 'REQUEST_PARAM_INVALID');
      expectRefused(await report(phone, { businessID: w.dev, token, certificateID: 2 }), 'REQUEST_PARAM_INVALID');
      const deleted = await admin(server, 'DELETE', `/im/apps/${w.im.sdkAppId}/push-certificates/${w.dev}`);
      assert.equal(deleted.status, 204);
      expectRefused(await report(phone, { businessID: w.dev, token }), 'IM_PUSH_CERT_NOT_FOUND');
      assert.equal(await reportOf(server, w.im.sdkAppId, 'alice', 'phone'), null);
      const anonymous = await openClient(server);
      expectRefused(await report(anonymous, { businessID: w.prod, token }), 'WS_NOT_LOGGED_IN');
      await anonymous.close();
      await phone.close();
    }));

  it('stores a TPNS report of a registered push token and shows whether the UserID is bound to it', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const pushDevice = await registerDevice(server, w.ios, { environment: 'product' });
      const phone = await login(server, w.im, 'alice', 'phone');
      expectRefused(await report(phone, { businessID: 0, token: '0'.repeat(36), isTPNSToken: true }), 'DEVICE_NOT_FOUND');
      // A real token of a push app nobody authorized to this IM app is not this IM app's to push to.
      const stranger = await createTestApp(server, { bundleId: 'com.herald.stranger' });
      const strangerDevice = await registerDevice(server, stranger, { environment: 'product' });
      expectRefused(await report(phone, { businessID: 0, token: strangerDevice.token, isTPNSToken: true }), 'DEVICE_NOT_FOUND');
      const stored = expectOk(await report(phone, { businessID: 0, token: pushDevice.token, isTPNSToken: true }));
      assert.deepEqual(stored.pushConfig, { businessID: 0, isTPNSToken: true, token: pushDevice.token, channel: 'apns', environment: 'product', voip: false });
      let shown = await reportOf(server, w.im.sdkAppId, 'alice', 'phone');
      assert.deepEqual(shown?.pushDevice, { status: 'active', channel: 'apns', environment: 'product', accountBound: false });
      assert.deepEqual(shown?.problems, ['the UserID is not bound to the push token as account type 0']);
      const bound = await request(`${server.url}/sdk/v1/devices/${pushDevice.token}/accounts`, {
        method: 'PUT', headers: sdkHeaders(w.ios, pushDevice), body: { accounts: [{ accountType: 0, account: 'alice' }] },
      });
      assert.equal(bound.status, 200, bound.text);
      shown = await reportOf(server, w.im.sdkAppId, 'alice', 'phone');
      assert.equal(shown?.pushDevice.accountBound, true);
      assert.deepEqual(shown?.problems, []);
      const [target] = await targetsOf(server, w.im.sdkAppId, ['alice']);
      assert.equal(target?.mode, 'tpns');
      assert.equal(target?.token, pushDevice.token);
      assert.equal(target?.accessId, w.ios.accessId);
      await phone.close();
    }));

  it('turns offline push off with an empty report', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const phone = await login(server, w.im, 'alice', 'phone');
      expectOk(await report(phone, { businessID: w.dev, token: apnsHexToken(2) }));
      assert.deepEqual(expectOk(await report(phone, {})), { pushConfig: null });
      assert.equal(await reportOf(server, w.im.sdkAppId, 'alice', 'phone'), null);
      expectOk(await report(phone, { businessID: w.dev, token: apnsHexToken(2) }));
      assert.deepEqual(expectOk(await report(phone, { businessID: null, token: null })), { pushConfig: null });
      assert.deepEqual(await targetsOf(server, w.im.sdkAppId, ['alice']), []);
      await phone.close();
    }));

  it('logout removes the report and logging in again does not bring it back; a disconnect keeps it', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      let phone = await login(server, w.im, 'alice', 'phone');
      expectOk(await report(phone, { businessID: w.dev, token: apnsHexToken(3) }));
      await phone.close();
      await waitForState(server, w.im.sdkAppId, 'alice', 'phone', 'push_online');
      // Backgrounded or killed while logged in: exactly when offline push matters.
      assert.deepEqual((await targetsOf(server, w.im.sdkAppId, ['alice'])).map((t) => [t.deviceId, t.deviceState]), [['phone', 'push_online']]);

      phone = await login(server, w.im, 'alice', 'phone');
      assert.equal((await reportOf(server, w.im.sdkAppId, 'alice', 'phone'))?.token, apnsHexToken(3));
      expectOk(await phone.request('logout'));
      assert.equal(await reportOf(server, w.im.sdkAppId, 'alice', 'phone'), null);
      await phone.close();

      phone = await login(server, w.im, 'alice', 'phone');
      assert.equal(await reportOf(server, w.im.sdkAppId, 'alice', 'phone'), null);
      assert.deepEqual(await targetsOf(server, w.im.sdkAppId, ['alice']), []);
      expectOk(await report(phone, { businessID: w.dev, token: apnsHexToken(3) }));
      assert.equal((await targetsOf(server, w.im.sdkAppId, ['alice'])).length, 1);
      await phone.close();
    }));

  it("kickDevice removes the kicked device's report only", () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const phone = await login(server, w.im, 'alice', 'phone');
      const pad = await login(server, w.im, 'alice', 'pad');
      expectOk(await report(phone, { businessID: w.dev, token: apnsHexToken(4) }));
      expectOk(await report(pad, { businessID: w.dev, token: apnsHexToken(5) }));
      expectOk(await phone.request('kickDevice', { deviceId: 'pad' }));
      await pad.closed;
      assert.equal(await reportOf(server, w.im.sdkAppId, 'alice', 'pad'), null);
      assert.equal((await reportOf(server, w.im.sdkAppId, 'alice', 'phone'))?.token, apnsHexToken(4));
      await phone.close();
    }));

  it("a token reported by another user's device moves to it, so a shared phone never gets the old user's pushes", () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice', 'bob']);
      const alice = await login(server, w.im, 'alice', 'shared-phone');
      expectOk(await report(alice, { businessID: w.dev, token: apnsHexToken(6) }));
      await alice.close();
      await waitForState(server, w.im.sdkAppId, 'alice', 'shared-phone', 'push_online');
      const bob = await login(server, w.im, 'bob', 'shared-phone');
      expectOk(await report(bob, { businessID: w.dev, token: apnsHexToken(6) }));
      assert.equal(await reportOf(server, w.im.sdkAppId, 'alice', 'shared-phone'), null);
      assert.deepEqual((await targetsOf(server, w.im.sdkAppId, ['alice', 'bob'])).map((t) => t.userId), ['bob']);
      await bob.close();
    }));

  it('an APNs sandbox token reported with the production certificate is stored as reported and shown once APNs refuses it', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const phone = await login(server, w.im, 'alice', 'phone');
      // A Debug build's token: APNs alone knows it belongs to the sandbox.
      const sandboxToken = apnsHexToken(7);
      expectOk(await report(phone, { businessID: w.prod, token: sandboxToken }));
      let shown = await reportOf(server, w.im.sdkAppId, 'alice', 'phone');
      assert.equal(shown?.environment, 'product');
      assert.equal(shown?.status, 'active');
      // What the dispatcher records when APNs answers BadDeviceToken ("bad devicetoken").
      const at = server.ctx.clock.now();
      const key = { sdkAppId: w.im.sdkAppId, userId: 'alice', deviceId: 'phone' };
      assert.equal(await markOfflinePushTokenInvalid(server.ctx.store.db, { ...key, token: apnsHexToken(8) }, 'BadDeviceToken', at), false);
      assert.equal(await markOfflinePushTokenInvalid(server.ctx.store.db, { ...key, token: sandboxToken }, 'BadDeviceToken', at), true);
      shown = await reportOf(server, w.im.sdkAppId, 'alice', 'phone');
      assert.equal(shown?.status, 'invalid');
      assert.equal(shown?.invalidReason, 'BadDeviceToken');
      assert.equal(shown?.invalidAt, at);
      assert.deepEqual(shown?.problems, ['the vendor refused the token: BadDeviceToken']);
      assert.deepEqual(await targetsOf(server, w.im.sdkAppId, ['alice']), []);
      // Reported again with the right certificate, it is good again.
      expectOk(await report(phone, { businessID: w.dev, token: sandboxToken }));
      shown = await reportOf(server, w.im.sdkAppId, 'alice', 'phone');
      assert.equal(shown?.status, 'active');
      assert.equal(shown?.environment, 'dev');
      assert.equal((await targetsOf(server, w.im.sdkAppId, ['alice'])).length, 1);
      await phone.close();
    }));

  it('a deleted certificate stops the pushes of the devices that reported it, visibly', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const phone = await login(server, w.im, 'alice', 'phone');
      expectOk(await report(phone, { businessID: w.dev, token: apnsHexToken(9) }));
      const deleted = await admin(server, 'DELETE', `/im/apps/${w.im.sdkAppId}/push-certificates/${w.dev}`);
      assert.equal(deleted.status, 204);
      const shown = await reportOf(server, w.im.sdkAppId, 'alice', 'phone');
      assert.equal(shown?.certificate.state, 'deleted');
      assert.deepEqual(shown?.problems, [`certificate ${w.dev} was deleted`]);
      assert.deepEqual(await targetsOf(server, w.im.sdkAppId, ['alice']), []);
      await phone.close();
    }));

  it('a report of a login that has ended stores nothing', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice']);
      const first = await openClient(server);
      const firstLogin = await first.request('login', loginData(w.im, 'alice', 'phone'));
      assert.equal(firstLogin.code, 0);
      const row = await server.ctx.store.db.selectFrom('im_device').select('logged_in_at')
        .where('sdk_app_id', '=', w.im.sdkAppId).where('user_id', '=', 'alice').where('device_id', '=', 'phone').executeTakeFirstOrThrow();
      // The same device logs in again elsewhere: the first login's late report must not land.
      const second = await login(server, w.im, 'alice', 'phone');
      await first.closed;
      const key = { sdkAppId: w.im.sdkAppId, userId: 'alice', deviceId: 'phone', loggedInAt: Number(row.logged_in_at) };
      await assert.rejects(setOfflinePushConfig(server.ctx, key, { businessID: w.dev, token: apnsHexToken(10), isTPNSToken: false }), { code: 'WS_NOT_LOGGED_IN' });
      assert.equal(await reportOf(server, w.im.sdkAppId, 'alice', 'phone'), null);
      await second.close();
    }));

  it('the per-user query lists every device and refuses unknown users and apps', () =>
    withServer(async (server) => {
      const w = await createPushWorld(server, ['alice', 'bob']);
      const phone = await login(server, w.im, 'alice', 'phone');
      const web = await login(server, w.im, 'alice', 'browser', { platform: 'Web' });
      expectOk(await report(phone, { businessID: w.dev, token: apnsHexToken(11) }));
      const devices = await userPushConfig(server, w.im.sdkAppId, 'alice');
      assert.deepEqual(devices.map((d) => [d.deviceId, d.platform, d.state, d.pushConfig === null]), [['browser', 'Web', 'online', true], ['phone', 'iOS', 'online', false]]);
      assert.deepEqual(await userPushConfig(server, w.im.sdkAppId, 'bob'), []);
      const unknownUser = await admin(server, 'GET', `/im/apps/${w.im.sdkAppId}/users/nobody/push-config`);
      assert.equal(unknownUser.body.code, 'IM_ACCOUNT_NOT_FOUND', unknownUser.text);
      const unknownApp = await admin(server, 'GET', '/im/apps/1399999999/users/alice/push-config');
      assert.equal(unknownApp.body.code, 'IM_APP_UNKNOWN', unknownApp.text);
      await phone.close();
      await web.close();
    }));
});
