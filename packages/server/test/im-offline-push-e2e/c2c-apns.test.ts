/**
 * IM offline push end to end on APNs: a real server, the push SDK on a virtual iPhone (the APNs emulator is its
 * inbox), the chat SDK for both users, and only public APIs. The seed story: product + iOS app + .p8, the IM app
 * authorized, the phone registered and bound (account type 0), bob logs in and reports his Herald token (TPNS
 * mode), goes to the background, alice sends → the iPhone shows `Alice: text` with badge, sound and ext, which
 * the SDK helper turns back into the C2C route. Then: null config, custom without desc, native mode, a call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { customElem, textElem, type ChatClient } from '@herald/sdk/chat';
import { buildChatPushExt, isCallTimedOut, routeOfNotification } from '../../../sdk/src/offline-push/index.ts';
import { createSignaling } from '../../../sdk/src/chat/signaling.ts';
import type { TestImApp } from '../ws/ws-test-client.ts';
import { waitUntil, type E2e, type E2eApp, type Phone } from '../e2e/e2e-harness.ts';
import { startApnsImRig, type ApnsImRig } from './apns-im-rig.ts';

describe('IM offline push of C2C messages and calls through APNs', () => {
  let rig: ApnsImRig;
  let e: E2e;
  let app: E2eApp;
  let im: TestImApp;
  let phone: Phone;
  let alice: ChatClient;
  let bob: ChatClient;
  let ipad: ChatClient;

  const chat = () => rig.chat();
  const inbox = () => e.inbox(phone);
  const aps = (n: { payload: unknown }) => (n.payload as Record<string, any>)['aps'] as Record<string, any>;
  const settled = () => rig.settled();

  before(async () => {
    rig = await startApnsImRig({ bundleId: 'com.herald.chat', users: [['alice', 'Alice'], ['bob', 'Bob']], environments: ['product', 'dev'] });
    ({ e, app, im } = rig);
    phone = await e.addPhone('bob-iphone', app, 'product');
    await phone.sdk.upsertAccounts({ 0: 'bob' });
    alice = chat();
    bob = chat();
    await alice.login({ userId: 'alice', userSig: im.sig('alice'), deviceId: 'alice-phone', platform: 'iOS' });
    await bob.login({ userId: 'bob', userSig: im.sig('bob'), deviceId: 'bob-iphone', platform: 'iOS' });
    await bob.setOfflinePushConfig({ businessID: 0, token: phone.token, isTPNSToken: true });
  });

  after(async () => {
    await rig?.close();
  });

  it('a foreground device gets no push; in the background it gets `Nickname: text`, the unread badge, sound and ext', async () => {
    await alice.sendMessage({ to: 'bob', elements: [textElem('while you look')] });
    await settled();
    assert.equal(inbox().length, 0, 'a foreground device gets the message over its connection');

    await bob.setAppState('background');
    const ext = buildChatPushExt({ chatType: 'c2c', senderUserId: 'alice', nickname: 'Alice', serverTime: await alice.getServerTime() });
    await alice.sendMessage({ to: 'bob', elements: [textElem('hi bob')], offlinePushInfo: { ext } });
    const [n] = await waitUntil('the push on the iPhone', () => (inbox().length === 1 ? inbox() : undefined));
    assert.equal(typeof aps(n!).alert === 'object' ? aps(n!).alert.body : aps(n!).alert, 'Alice: hi bob');
    assert.equal(aps(n!).badge, 2, 'two unread messages from alice');
    assert.equal(aps(n!).sound, 'default');
    assert.equal((n!.payload as Record<string, unknown>)['custom'], ext, 'TPNS mode: ext under `custom`');
    assert.deepEqual(routeOfNotification(n!.payload), { kind: 'c2c', userID: 'alice' });
  });

  it('counts the push under the IM message plan', async () => {
    await settled();
    const plan = `im_${app.accessId}_${im.sdkAppId}`;
    const tasks = await e.server.ctx.store.db.selectFrom('push_task').select(['plan_id', 'status']).where('access_id', '=', app.accessId).execute();
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]!.plan_id, plan);
    assert.equal(tasks[0]!.status, 'PUSH_FINISHED');
  });

  it('custom without desc is not pushed; with a desc it is, with the desc as text; ignoreIOSBadge leaves the badge', async () => {
    await alice.sendMessage({ to: 'bob', elements: [customElem({ data: '{"x":1}' })] });
    await settled();
    assert.equal(inbox().length, 1);
    await alice.sendMessage({ to: 'bob', elements: [customElem({ data: '{"x":2}' })], offlinePushInfo: { desc: 'You got a parcel', ignoreIOSBadge: true } });
    const got = await waitUntil('the desc push', () => (inbox().length >= 2 ? inbox() : undefined));
    await settled();
    assert.equal(inbox().length, 2, 'the custom message without desc was not pushed');
    const a = aps(got[1]!);
    assert.equal(typeof a.alert === 'object' ? a.alert.body : a.alert, 'You got a parcel');
    assert.equal(a.badge, undefined);
  });

  it('a null config turns pushes off; reporting again turns them back on', async () => {
    await bob.setOfflinePushConfig(null);
    await alice.sendMessage({ to: 'bob', elements: [textElem('not pushed')] });
    await settled();
    assert.equal(inbox().length, 2);
    await bob.setOfflinePushConfig({ businessID: 0, token: phone.token, isTPNSToken: true });
    await alice.sendMessage({ to: 'bob', elements: [textElem('pushed again')] });
    await waitUntil('the push after reporting again', () => (inbox().length >= 3 ? true : undefined));
    await settled();
    assert.equal(inbox().length, 3, 'only the message sent after reporting again');
  });

  it('a call invite rings with action 2; the SDK reads the call and its timeout', async () => {
    const calls = createSignaling(alice);
    const inviteId = await calls.invite('bob', { data: JSON.stringify({ version: 4, call_type: 2, room_id: 804544637 }), timeout: 30 });
    const got = await waitUntil('the call push', () => (inbox().length === 4 ? inbox() : undefined));
    const a = aps(got[3]!);
    assert.equal(typeof a.alert === 'object' ? a.alert.body : a.alert, 'You have a call request');
    assert.equal(a.sound, 'phone_ringing.mp3');
    const route = routeOfNotification(got[3]!.payload);
    assert.equal(route?.kind, 'call');
    const call = (route as { kind: 'call'; call: Record<string, any> }).call;
    assert.equal(call['inviteID'], inviteId);
    assert.equal(call['inviter'], 'alice');
    assert.equal(call['timeout'], 30);
    assert.equal(isCallTimedOut(call as never, await bob.getServerTime()), false);
    assert.equal(isCallTimedOut(call as never, call['sendTime'] * 1000 + 31_000), true);
    await calls.cancel(inviteId);
  });

  it('native mode: a raw APNs token for a certificate gets the push, ext under `ext`', async () => {
    const cert = await e.admin('POST', `/im/apps/${im.sdkAppId}/push-certificates`, { accessId: app.accessId, channel: 'apns', environment: 'product', name: 'APNs prod' });
    assert.equal(cert.status, 201, cert.text);
    const vendorToken = randomBytes(32).toString('hex');
    e.emulator.registerDevice({ token: vendorToken, topic: app.bundleId, environment: 'product' });
    ipad = chat();
    await ipad.login({ userId: 'bob', userSig: im.sig('bob'), deviceId: 'bob-ipad', platform: 'iPad', appState: 'background' });
    await ipad.setOfflinePushConfig({ businessID: cert.body['businessID'] as number, token: vendorToken });
    await alice.sendMessage({ to: 'bob', elements: [textElem('to both')], offlinePushInfo: { ext: 'native-ext' } });
    const [n] = await waitUntil('the native push', () => (e.emulator.inbox(vendorToken).length === 1 ? e.emulator.inbox(vendorToken) : undefined));
    const a = aps(n!);
    assert.equal(typeof a.alert === 'object' ? a.alert.body : a.alert, 'Alice: to both');
    assert.equal((n!.payload as Record<string, unknown>)['ext'], 'native-ext');
    await waitUntil('the TPNS-mode phone too', () => (inbox().some((x) => (x.payload as Record<string, unknown>)['custom'] === 'native-ext') ? true : undefined));
  });

  it('a VoIP certificate rings with an APNs voip push on the .voip topic; messages never go to it', async () => {
    const cert = await e.admin('POST', `/im/apps/${im.sdkAppId}/push-certificates`, { accessId: app.accessId, channel: 'apns', environment: 'product', voip: true, name: 'VoIP' });
    assert.equal(cert.status, 201, cert.text);
    const pushKitToken = randomBytes(32).toString('hex');
    e.emulator.registerDevice({ token: pushKitToken, topic: `${app.bundleId}.voip`, environment: 'product' });
    const pad = chat();
    await pad.login({ userId: 'bob', userSig: im.sig('bob'), deviceId: 'bob-voip', platform: 'iOS', appState: 'background' });
    await pad.setOfflinePushConfig({ businessID: cert.body['businessID'] as number, token: pushKitToken });
    await alice.sendMessage({ to: 'bob', elements: [textElem('not for pushkit')] });
    const calls = createSignaling(alice);
    const inviteId = await calls.invite('bob', { data: JSON.stringify({ call_type: 1, room_id: 7 }), timeout: 30 });
    const [n] = await waitUntil('the VoIP push', () => (e.emulator.inbox(pushKitToken).length > 0 ? e.emulator.inbox(pushKitToken) : undefined));
    await settled();
    assert.equal(e.emulator.inbox(pushKitToken).length, 1, 'the call only, not the message');
    assert.equal(n!.headers['apns-push-type'], 'voip');
    assert.equal(n!.headers['apns-topic'], `${app.bundleId}.voip`);
    const route = routeOfNotification(n!.payload);
    assert.equal(route?.kind, 'call');
    await calls.cancel(inviteId);
    await pad.logout();
    pad.close();
  });

  it('a call cancelled before its push went out is not pushed', async () => {
    await settled();
    await e.server.worker!.stop(0);
    const calls = createSignaling(alice);
    const inviteId = await calls.invite('bob', { data: '', timeout: 30 });
    const db = e.server.ctx.store.db;
    const task = await waitUntil('the queued call push', async () => {
      const rows = await db.selectFrom('push_task').select(['push_id', 'status', 'request_json']).where('access_id', '=', app.accessId).execute();
      return rows.find((r) => r.request_json.includes(inviteId));
    });
    await calls.cancel(inviteId);
    const stopped = await db.selectFrom('push_task').select('status').where('push_id', '=', task.push_id).executeTakeFirstOrThrow();
    assert.equal(stopped.status, 'PUSH_DELETED_PUSH_MSG');
  });

  it('logout: the report is gone, so nothing is pushed', async () => {
    await bob.logout();
    await ipad.logout();
    await alice.sendMessage({ to: 'bob', elements: [textElem('after logout')] });
    const targets = await e.server.ctx.store.db.selectFrom('im_offline_push_config').select('device_id').where('sdk_app_id', '=', im.sdkAppId).execute();
    assert.deepEqual(targets, []);
    const tasks = await e.server.ctx.store.db.selectFrom('push_task').select('push_id').where('access_id', '=', app.accessId).execute();
    assert.equal(tasks.length, 13, 'seed, desc, report again, call, native (two devices), VoIP test (message to two devices, call to three), cancelled call (two devices)');
  });
});

