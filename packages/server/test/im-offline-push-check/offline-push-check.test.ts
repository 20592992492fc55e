/**
 * The offline push self-check (`GET /api/im/apps/:sdkAppId/users/:userId/offline-push-check`) on a real server
 * with the APNs emulator, the push SDK on a virtual iPhone and the chat SDK over WebSocket: a user with no device,
 * a device without a report, a TPNS-mode report, a native report, an APNs sandbox token refused by the vendor,
 * the authorization, credential and certificate removed, logout, and another IM app's admin and users.
 * The outcomes the check shows are recorded by the tests with recordPushOutcomes, naming the push tasks the real
 * dispatch queued, so the check is tested apart from the dispatch's own recording (a later decision replaces an
 * earlier one, so these, recorded after the dispatch's, are the ones shown).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { generateP8 } from '@herald/emulators';
import { textElem, type ChatClient } from '@herald/sdk/chat';
import { nativeHeraldToken } from '../../src/im/offline-push-dispatch/index.ts';
import { recordPushOutcomes, type DevicePushOutcome } from '../../src/im/offline-push-check/record-push-outcome.ts';
import { REASON_SENTENCES } from '../../src/im/offline-push-check/self-check-texts.ts';
import { createTestImApp, type TestImApp } from '../ws/ws-test-client.ts';
import { request, waitUntil, type E2e, type E2eApp, type JsonReply, type Phone } from '../e2e/e2e-harness.ts';
import { startApnsImRig, TEAM_ID, type ApnsImRig } from '../im-offline-push-e2e/apns-im-rig.ts';


type Check = Record<string, any>;

describe('offline push self-check', () => {
  let rig: ApnsImRig;
  let e: E2e;
  let app: E2eApp;
  let im: TestImApp;
  let other: TestImApp;
  let phone: Phone;
  let alice: ChatClient;
  let bob: ChatClient;
  let ipad: ChatClient;
  let sandbox: ChatClient;
  let devPad: ChatClient;
  let prodCert: number;
  const seenTasks = new Set<string>();

  const chat = () => rig.chat();
  const checkPath = (sdkAppId: number, userId: string) => `/im/apps/${sdkAppId}/users/${encodeURIComponent(userId)}/offline-push-check`;
  async function check(userId: string, sdkAppId = im.sdkAppId): Promise<Check> {
    const res = await e.admin('GET', checkPath(sdkAppId, userId));
    assert.equal(res.status, 200, res.text);
    return res.body;
  }
  const device = (c: Check, deviceId: string): Check => {
    const d = (c['devices'] as Check[]).find((x) => x['deviceId'] === deviceId);
    assert.ok(d !== undefined, `no device ${deviceId} in ${JSON.stringify(c['devices'])}`);
    return d;
  };
  const codes = (c: Check, deviceId?: string): string[] =>
    (c['problems'] as Check[]).filter((p) => deviceId === undefined || p['deviceId'] === deviceId).map((p) => p['code'] as string);
  const shortOf = (token: string) => `${token.slice(0, 8)}…${token.slice(-4)}`;
  const nativeToken = (deviceId: string) => nativeHeraldToken(app.accessId, im.sdkAppId, 'bob', deviceId);

  const settled = () => rig.settled();

  /** The push task the dispatch queued for the Herald token since the last call. */
  function newPushId(heraldToken: string): Promise<string> {
    return waitUntil(`a push task for ${heraldToken}`, async () => {
      const rows = await e.server.ctx.store.db.selectFrom('push_task').select(['push_id', 'request_json']).where('access_id', '=', app.accessId).execute();
      const row = rows.find((r) => !seenTasks.has(r.push_id) && r.request_json.includes(heraldToken));
      if (row !== undefined) seenTasks.add(row.push_id);
      return row?.push_id;
    });
  }

  async function recordC2c(messageRef: string | number, devices: DevicePushOutcome[]): Promise<void> {
    await recordPushOutcomes(e.server.ctx.store.db, im.sdkAppId, [{ userId: 'bob', kind: 'c2c', fromUser: 'alice', conversation: 'alice', messageRef, devices }], e.server.ctx.clock.now());
  }

  before(async () => {
    rig = await startApnsImRig({ bundleId: 'com.herald.selfcheck', users: [['alice', 'Alice'], ['bob', 'Bob'], ['carol', 'Carol']], environments: ['product', 'dev'] });
    ({ e, app, im } = rig);
    other = await createTestImApp(e.server, { users: ['bob', 'dave'] });
    phone = await e.addPhone('bob-iphone', app, 'product');
    await phone.sdk.upsertAccounts({ 0: 'bob' });
  });

  after(async () => {
    await rig?.close();
  });

  it('a user who never logged in: no devices, no outcome, the IM app’s push apps and certificates', async () => {
    const c = await check('carol');
    assert.equal(c['sdkAppId'], im.sdkAppId);
    assert.equal(c['userId'], 'carol');
    assert.deepEqual(c['user'], { userId: 'carol', nickname: 'Carol', createdAt: c['user']['createdAt'] });
    assert.equal(c['imApp']['sdkAppId'], im.sdkAppId);
    assert.deepEqual((c['pushApps'] as Check[]).map((a) => [a['accessId'], a['serviceMode']]), [[app.accessId, 'im_push_only']]);
    assert.deepEqual(c['certificates'], []);
    assert.deepEqual(c['devices'], []);
    assert.equal(c['lastOutcome'], null);
    const [found] = c['problems'] as Check[];
    assert.deepEqual(c['problems'], [{ code: 'no-devices', blocking: true, message: found?.['message'] }]);
    assert.match(found?.['message'], /never logged in/);
  });

  it('a logged-in device without a report: Online, no push config, and the finding says so', async () => {
    alice = chat();
    await alice.login({ userId: 'alice', userSig: im.sig('alice'), deviceId: 'alice-phone', platform: 'iOS' });
    const c = await check('alice');
    const d = device(c, 'alice-phone');
    assert.equal(d['platform'], 'iOS');
    assert.equal(d['state'], 'Online');
    assert.equal(d['pushConfig'], null);
    assert.equal(typeof d['lastSeenAt'], 'number');
    assert.deepEqual(codes(c), ['no-push-config']);
    assert.match(c['problems'][0]['message'], /setOfflinePushConfig/);
  });

  it('TPNS mode: the report, the push device in the authorized push app, the credential; the push is traced to its delivery', async () => {
    bob = chat();
    await bob.login({ userId: 'bob', userSig: im.sig('bob'), deviceId: 'bob-iphone', platform: 'iOS' });
    await bob.setOfflinePushConfig({ businessID: 0, token: phone.token, isTPNSToken: true });
    await bob.setAppState('background');
    const c = await check('bob');
    const d = device(c, 'bob-iphone');
    assert.equal(d['state'], 'Background');
    const report = d['pushConfig'] as Check;
    assert.equal(report['mode'], 'tpns');
    assert.equal(report['businessID'], 0);
    assert.equal(report['token'], shortOf(phone.token));
    assert.ok(!JSON.stringify(c).includes(phone.token), 'the Herald token is never shown whole');
    assert.equal(report['status'], 'active');
    assert.equal(report['certificate'], undefined);
    assert.deepEqual(report['pushApp'], { accessId: app.accessId, exists: true, platform: 'ios', bundleId: app.bundleId, authorized: true, serviceMode: 'im_push_only' });
    assert.deepEqual(report['credential'], { channel: 'apns', environment: 'product', exists: true, kind: 'p8', status: 'ok' });
    assert.deepEqual(report['pushDevice'], { exists: true, status: 'active', channel: 'apns', environment: 'product', vendorTokenPresent: true, accountBound: true });
    assert.deepEqual(c['problems'], []);

    const sent = await alice.sendMessage({ to: 'bob', elements: [textElem('hi bob')] });
    const pushId = await newPushId(phone.token);
    await waitUntil('the push on the iPhone', () => (e.inbox(phone).length === 1 ? true : undefined));
    await settled();
    await recordC2c(sent.seq!, [{ deviceId: 'bob-iphone', reason: 'push', pushId }]);
    const after = await check('bob');
    const last = after['lastOutcome'] as Check;
    assert.equal(last['kind'], 'c2c');
    assert.equal(last['fromUser'], 'alice');
    assert.equal(last['conversation'], 'alice');
    assert.equal(last['messageRef'], String(sent.seq));
    assert.equal(typeof last['decidedAt'], 'number');
    assert.equal(last['summary'], 'Pushed to 1 of 1 device(s) with a push config.');
    const [pushed] = last['devices'] as Check[];
    assert.equal(pushed!['deviceId'], 'bob-iphone');
    assert.equal(pushed!['pushed'], true);
    assert.equal(pushed!['reason'], 'push');
    assert.equal(pushed!['explanation'], REASON_SENTENCES['push']);
    assert.equal(pushed!['pushId'], pushId);
    assert.equal(pushed!['task']['status'], 'PUSH_FINISHED');
    assert.equal(pushed!['task']['accessId'], app.accessId);
    assert.equal(pushed!['delivery']['outcome'], 'delivered');
    assert.equal(pushed!['delivery']['channel'], 'apns');
    assert.deepEqual(after['problems'], []);
  });

  it('native mode: the certificate, the push app and credential it points at; the push device appears with the first push', async () => {
    const cert = await e.admin('POST', `/im/apps/${im.sdkAppId}/push-certificates`, { accessId: app.accessId, channel: 'apns', environment: 'product', name: 'APNs prod' });
    assert.equal(cert.status, 201, cert.text);
    prodCert = cert.body['businessID'] as number;
    const vendorToken = randomBytes(32).toString('hex');
    e.emulator.registerDevice({ token: vendorToken, topic: app.bundleId, environment: 'product' });
    ipad = chat();
    await ipad.login({ userId: 'bob', userSig: im.sig('bob'), deviceId: 'bob-ipad', platform: 'iPad', appState: 'background' });
    await ipad.setOfflinePushConfig({ businessID: prodCert, token: vendorToken });
    const c = await check('bob');
    assert.deepEqual((c['certificates'] as Check[]).map((x) => [x['businessID'], x['name'], x['credential']['status']]), [[prodCert, 'APNs prod', 'ok']]);
    const report = device(c, 'bob-ipad')['pushConfig'] as Check;
    assert.equal(report['mode'], 'native');
    assert.equal(report['businessID'], prodCert);
    assert.equal(report['token'], shortOf(vendorToken));
    assert.deepEqual(report['certificate'], { businessID: prodCert, name: 'APNs prod', accessId: app.accessId, channel: 'apns', environment: 'product', voip: false, state: 'active' });
    assert.equal(report['pushApp']['authorized'], true);
    assert.deepEqual(report['credential'], { channel: 'apns', environment: 'product', exists: true, kind: 'p8', status: 'ok' });
    assert.deepEqual(report['pushDevice'], { exists: false });
    assert.deepEqual(c['problems'], []);

    await alice.sendMessage({ to: 'bob', elements: [textElem('to the ipad')] });
    await newPushId(phone.token);
    await newPushId(nativeToken('bob-ipad'));
    await settled();
    const pushedOnce = device(await check('bob'), 'bob-ipad')['pushConfig'] as Check;
    assert.deepEqual(pushedOnce['pushDevice'], { exists: true, status: 'active', channel: 'apns', environment: 'product', vendorTokenPresent: true });
  });

  it('an APNs sandbox token with the production certificate: refused by the vendor, seen on the push device, then on the report', async () => {
    const sandboxToken = randomBytes(32).toString('hex');
    e.emulator.registerDevice({ token: sandboxToken, topic: app.bundleId, environment: 'dev' });
    sandbox = chat();
    await sandbox.login({ userId: 'bob', userSig: im.sig('bob'), deviceId: 'bob-sandbox', platform: 'iPad', appState: 'background' });
    await sandbox.setOfflinePushConfig({ businessID: prodCert, token: sandboxToken });

    const first = await alice.sendMessage({ to: 'bob', elements: [textElem('first')] });
    const firstPushes = { iphone: await newPushId(phone.token), ipad: await newPushId(nativeToken('bob-ipad')), sandbox: await newPushId(nativeToken('bob-sandbox')) };
    await settled();
    await recordC2c(first.seq!, [
      { deviceId: 'bob-iphone', reason: 'push', pushId: firstPushes.iphone },
      { deviceId: 'bob-ipad', reason: 'push', pushId: firstPushes.ipad },
      { deviceId: 'bob-sandbox', reason: 'push', pushId: firstPushes.sandbox },
    ]);
    const refused = await check('bob');
    const report = device(refused, 'bob-sandbox')['pushConfig'] as Check;
    assert.equal(report['status'], 'active', 'the report is marked at the next push');
    assert.deepEqual(report['pushDevice'], { exists: true, status: 'invalid', invalidReason: 'BadDeviceToken', channel: 'apns', environment: 'product', vendorTokenPresent: true });
    assert.deepEqual(codes(refused), ['push-device-invalid', 'last-push-not-delivered']);
    assert.deepEqual(codes(refused, 'bob-sandbox'), ['push-device-invalid', 'last-push-not-delivered']);
    assert.match(refused['problems'][0]['message'], /bob-sandbox.*invalid \(BadDeviceToken\)/);
    const lastDevices = refused['lastOutcome']['devices'] as Check[];
    assert.deepEqual(lastDevices.map((d) => [d['deviceId'], d['delivery']['outcome']]), [['bob-iphone', 'delivered'], ['bob-ipad', 'delivered'], ['bob-sandbox', 'rejected']]);
    assert.equal(lastDevices[2]!['delivery']['reason'], 'BadDeviceToken');

    const second = await alice.sendMessage({ to: 'bob', elements: [textElem('second')] });
    const secondPushes = { iphone: await newPushId(phone.token), ipad: await newPushId(nativeToken('bob-ipad')) };
    const marked = await waitUntil('the report marked invalid', async () => {
      const c = await check('bob');
      return device(c, 'bob-sandbox')['pushConfig']['status'] === 'invalid' ? c : undefined;
    });
    const invalid = device(marked, 'bob-sandbox')['pushConfig'] as Check;
    assert.equal(invalid['invalidReason'], 'BadDeviceToken');
    assert.equal(typeof invalid['invalidAt'], 'number');
    await settled();
    await recordC2c(second.seq!, [
      { deviceId: 'bob-iphone', reason: 'push', pushId: secondPushes.iphone },
      { deviceId: 'bob-ipad', reason: 'push', pushId: secondPushes.ipad },
      { deviceId: 'bob-sandbox', reason: 'token-refused' },
    ]);
    const c = await check('bob');
    assert.deepEqual(codes(c), ['report-invalid']);
    assert.equal(c['problems'][0]['deviceId'], 'bob-sandbox');
    assert.equal(c['problems'][0]['blocking'], true);
    assert.match(c['problems'][0]['message'], /refused the token device bob-sandbox reported \(BadDeviceToken\)/);
    const last = c['lastOutcome'] as Check;
    assert.equal(last['messageRef'], String(second.seq));
    assert.equal(last['summary'], 'Pushed to 2 of 3 device(s) with a push config.');
    const refusedDevice = (last['devices'] as Check[])[2]!;
    assert.deepEqual(refusedDevice, { deviceId: 'bob-sandbox', pushed: false, reason: 'token-refused', explanation: REASON_SENTENCES['token-refused'] });
  });

  it('the authorization, the credential and the certificate removed: each shows where it stops the push', async () => {
    const removed = await e.admin('DELETE', `/im/apps/${im.sdkAppId}/push-authorizations/${app.accessId}`);
    assert.equal(removed.status, 204, removed.text);
    let c = await check('bob');
    assert.deepEqual(c['pushApps'], []);
    assert.equal(device(c, 'bob-iphone')['pushConfig'], null, 'TPNS-mode reports of the push app go with its authorization');
    assert.deepEqual(codes(c, 'bob-iphone'), [], 'a device without a report is not a problem while another device of the user has one');
    assert.deepEqual(codes(c, 'bob-ipad'), [], 'a native certificate may name a push app that is not authorized');
    const again = await e.admin('POST', `/im/apps/${im.sdkAppId}/push-authorizations`, { accessId: app.accessId });
    assert.ok(again.status === 200 || again.status === 201, again.text);
    await bob.setOfflinePushConfig({ businessID: 0, token: phone.token, isTPNSToken: true });
    c = await check('bob');
    assert.deepEqual(device(c, 'bob-iphone')['pushConfig']['pushApp'], { accessId: app.accessId, exists: true, platform: 'ios', bundleId: app.bundleId, authorized: true, serviceMode: 'im_push_only' });

    const gone = await e.admin('DELETE', `/apps/${app.accessId}/credentials/apns/product`);
    assert.equal(gone.status, 204, gone.text);
    c = await check('bob');
    assert.deepEqual(device(c, 'bob-iphone')['pushConfig']['credential'], { channel: 'apns', environment: 'product', exists: false });
    assert.deepEqual(codes(c, 'bob-iphone'), ['credential-missing']);
    assert.deepEqual(codes(c, 'bob-ipad'), ['credential-missing']);
    assert.match((c['problems'] as Check[]).find((p) => p['deviceId'] === 'bob-ipad')!['message'], /no apns product credential of push app \d+/);
    assert.equal((c['certificates'] as Check[])[0]!['credential'], null);

    const deleted = await e.admin('DELETE', `/im/apps/${im.sdkAppId}/push-certificates/${prodCert}`);
    assert.equal(deleted.status, 204, deleted.text);
    c = await check('bob');
    assert.deepEqual(c['certificates'], []);
    assert.equal(device(c, 'bob-ipad')['pushConfig']['certificate']['state'], 'deleted');
    assert.deepEqual(codes(c, 'bob-ipad'), ['certificate-deleted', 'credential-missing']);
  });

  it('a credential the vendor refuses at a push: rejected, with the vendor’s reason, on the device and the certificate', async () => {
    const unknownKey = generateP8(); // never registered with APNs: every token it signs is refused
    const put = await e.admin('PUT', `/apps/${app.accessId}/credentials/apns/dev`, { kind: 'p8', keyId: unknownKey.keyId, teamId: TEAM_ID, key: unknownKey.privateKeyPem });
    assert.equal(put.status, 200, put.text);
    const cert = await e.admin('POST', `/im/apps/${im.sdkAppId}/push-certificates`, { accessId: app.accessId, channel: 'apns', environment: 'dev', name: 'APNs dev' });
    assert.equal(cert.status, 201, cert.text);
    const devToken = randomBytes(32).toString('hex');
    e.emulator.registerDevice({ token: devToken, topic: app.bundleId, environment: 'dev' });
    devPad = chat();
    await devPad.login({ userId: 'bob', userSig: im.sig('bob'), deviceId: 'bob-dev', platform: 'iPad', appState: 'background' });
    await devPad.setOfflinePushConfig({ businessID: cert.body['businessID'] as number, token: devToken });
    assert.deepEqual(codes(await check('bob'), 'bob-dev'), []);

    await alice.sendMessage({ to: 'bob', elements: [textElem('to the dev build')] });
    const c = await waitUntil('the credential refused', async () => {
      const got = await check('bob');
      return codes(got, 'bob-dev').length > 0 ? got : undefined;
    });
    assert.deepEqual(codes(c, 'bob-dev'), ['credential-rejected']);
    const credential = device(c, 'bob-dev')['pushConfig']['credential'] as Check;
    assert.equal(credential['environment'], 'dev');
    assert.equal(credential['status'], 'rejected');
    assert.match(credential['reason'], /InvalidProviderToken/);
    assert.match((c['problems'] as Check[]).find((p) => p['deviceId'] === 'bob-dev')!['message'], /refused the apns dev credential of push app \d+ \(.*InvalidProviderToken\)/);
    assert.equal((c['certificates'] as Check[]).find((x) => x['businessID'] === cert.body['businessID'])!['credential']['status'], 'rejected');
  });

  it('logout: the device is Offline without a report, and the finding names it', async () => {
    await bob.logout();
    const c = await check('bob');
    const d = device(c, 'bob-iphone');
    assert.equal(d['state'], 'Offline');
    assert.equal(d['pushConfig'], null);
    // The last message's push to the iPhone may have failed meanwhile (its credential was deleted above).
    assert.deepEqual(codes(c, 'bob-iphone').filter((code) => code !== 'last-push-not-delivered'), ['device-logged-out']);
    assert.match((c['problems'] as Check[]).find((p) => p['deviceId'] === 'bob-iphone')!['message'], /bob-iphone is logged out/);
    assert.equal(device(c, 'bob-ipad')['state'], 'Background');
  });

  it("another IM app's admin cannot read it; each IM app sees its own users only", async () => {
    const url = `${e.server.url}/api${checkPath(im.sdkAppId, 'bob')}`;
    const asOtherAdmin = await request(url, { headers: { authorization: `Bearer ${other.sig('administrator')}` } });
    assert.equal(asOtherAdmin.status, 401, asOtherAdmin.text);
    assert.equal(asOtherAdmin.body['code'], 'AUTH_ADMIN_REQUIRED');
    const anonymous: JsonReply = await request(url);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.text.includes('bob-ipad'), false);

    await recordPushOutcomes(e.server.ctx.store.db, other.sdkAppId, [{ userId: 'bob', kind: 'group', fromUser: 'dave', conversation: 'other-group', messageRef: 9, devices: [] }], e.server.ctx.clock.now());
    const otherBob = await check('bob', other.sdkAppId);
    assert.deepEqual(otherBob['devices'], []);
    assert.equal(otherBob['lastOutcome']['conversation'], 'other-group');
    assert.equal(otherBob['lastOutcome']['summary'], 'No device of the user had a push config, so nothing was pushed.');
    assert.deepEqual(otherBob['pushApps'], []);
    assert.ok(!JSON.stringify(otherBob).includes('bob-ipad'));
    assert.equal((await check('bob'))['lastOutcome']['conversation'], 'alice', "IM app A's outcome is its own");

    const daveThroughA = await e.admin('GET', checkPath(im.sdkAppId, 'dave'));
    assert.equal(daveThroughA.status, 404, daveThroughA.text);
    assert.equal(daveThroughA.body['code'], 'IM_ACCOUNT_NOT_FOUND');
    const unknownApp = await e.admin('GET', checkPath(1_399_999_999, 'bob'));
    assert.equal(unknownApp.status, 404, unknownApp.text);
    assert.equal(unknownApp.body['code'], 'IM_APP_UNKNOWN');
  });
});
