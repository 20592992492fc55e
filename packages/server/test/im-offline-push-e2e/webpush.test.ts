/**
 * IM offline push end to end on Web Push: a real server, the Web Push emulator as the browser (it holds the
 * subscription's keys and decrypts what it accepts), the chat SDK for both users, and only public APIs. A `web`
 * push app (its VAPID pair made at creation), the IM app authorized to it, a subscription registered through the
 * SDK device API and bound to bob; bob logs in from the browser, reports his Herald token (TPNS mode) and goes to
 * the background; alice sends → the decrypted push carries the title, `Alice: text` and `ext` as the
 * notification's `data.ext`, which the service worker's parser and the SDK turn back into the C2C route.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ReceivedPushMessage } from '@herald/emulators';
import { textElem, type ChatClient } from '@herald/sdk/chat';
import { readWebPushPayload, type HeraldWebNotification } from '@herald/sdk/web-push';
import { buildChatPushExt, isCallTimedOut, routeOfNotification } from '../../../sdk/src/offline-push/index.ts';
import { createSignaling } from '../../../sdk/src/chat/signaling.ts';
import type { TestImApp } from '../ws/ws-test-client.ts';
import type { VendorApp, VendorDevice } from '../push-vendors/vendor-fixture.ts';
import { useImPushRig } from './im-push-e2e-kit.ts';

describe('IM offline push end to end on Web Push', () => {
  const kit = useImPushRig();
  let app: VendorApp;
  let im: TestImApp;
  let browser: VendorDevice;
  let alice: ChatClient;
  let bob: ChatClient;

  const inbox = (endpoint = browser.vendorToken): ReceivedPushMessage[] => kit.rig.emulators.webpush.inbox(endpoint);
  /** The notification the service worker would show for a push, as the SDK's worker reads it. */
  function notification(m: ReceivedPushMessage): HeraldWebNotification {
    assert.equal(m.decryptError, undefined);
    const read = readWebPushPayload(m.json);
    assert.equal(read?.kind, 'notify', m.text);
    return read as HeraldWebNotification;
  }
  /** Waits for the push with this body in the browser's inbox. */
  async function shown(body: string, endpoint?: string): Promise<{ m: ReceivedPushMessage; n: HeraldWebNotification }> {
    const find = () => inbox(endpoint).find((m) => (m.json as { notification?: { body?: string } } | undefined)?.notification?.body === body);
    await kit.rig.waitFor(() => find() !== undefined, `"${body}" in the browser`);
    const m = find()!;
    return { m, n: notification(m) };
  }
  /** What a click hands the app: `Notification.data`, whose `data` is the push's custom content. */
  const tapped = (n: HeraldWebNotification) => n.options.data;
  const chatExt = async () => buildChatPushExt({ chatType: 'c2c', senderUserId: 'alice', nickname: 'Alice', serverTime: await alice.getServerTime() });

  before(async () => {
    ({ app, im, device: browser, alice, bob } = await kit.story('webpush', 'Web'));
  });

  it('a text shows `Alice: text` under its title, with ext as data.ext, routed to the chat with alice', async () => {
    const ext = await chatExt();
    await alice.sendMessage({ to: 'bob', elements: [textElem('hi bob')], offlinePushInfo: { title: 'New message', ext } });
    const { m, n } = await shown('Alice: hi bob');
    assert.equal(n.title, 'New message');
    assert.deepEqual((m.json as { notification: { data: unknown } }).notification.data, { ext }, 'ext is passed on unchanged as data.ext');
    assert.deepEqual(routeOfNotification(tapped(n)), { kind: 'c2c', userID: 'alice' });
    await kit.settled(app);
    const tasks = await kit.rig.server.ctx.store.db.selectFrom('push_task').select(['plan_id', 'push_id']).where('access_id', '=', app.accessId).execute();
    assert.deepEqual(tasks.map((t) => t.plan_id), [`im_${app.accessId}_${im.sdkAppId}`], 'counted under the IM message plan');
    assert.equal(n.pushId, tasks[0]!.push_id, 'the worker reports arrival and clicks under the push ID');
  });

  it('without a title the body is the text as it is and the title is left empty', async () => {
    const ext = await chatExt();
    await alice.sendMessage({ to: 'bob', elements: [textElem('dinner?')], offlinePushInfo: { ext } });
    const { n } = await shown('Alice: dinner?');
    assert.equal(n.title, '');
    assert.deepEqual(routeOfNotification(tapped(n)), { kind: 'c2c', userID: 'alice' });
  });

  it('a call invite shows the inviter and "You have a call request", with the call as action 2', async () => {
    const calls = createSignaling(alice);
    const inviteId = await calls.invite('bob', { data: JSON.stringify({ version: 4, call_type: 2, room_id: 'room-7' }), timeout: 30 });
    const { n } = await shown('You have a call request');
    assert.equal(n.title, 'Alice');
    const route = routeOfNotification(tapped(n));
    assert.equal(route?.kind, 'call');
    const call = (route as Extract<typeof route, { kind: 'call' }>).call;
    assert.deepEqual({ ...call, sendTime: 0 }, { inviteID: inviteId, inviter: 'alice', inviteeList: ['bob'], callType: 2, roomID: 'room-7', timeout: 30, sendTime: 0 });
    assert.equal(isCallTimedOut(call, await bob.getServerTime()), false);
    await calls.cancel(inviteId);
    await kit.settled(app);
  });

  it('native mode: a subscription reported for a certificate gets the push, with ext', async () => {
    const businessID = await kit.certificate(im, app, 'webpush');
    const credentials = await kit.rig.api('GET', `/apps/${app.accessId}/credentials`);
    const vapid = (credentials.body['credentials'] as Array<{ channel: string; meta: { publicKey: string } }>).find((c) => c.channel === 'webpush')!;
    const subscription = kit.rig.emulators.webpush.subscribe({ applicationServerKey: vapid.meta.publicKey });
    const laptop = await kit.reportInBackground(im, 'bob', 'bob-laptop', 'Web', { businessID, token: JSON.stringify(subscription) });
    const ext = await chatExt();
    await alice.sendMessage({ to: 'bob', elements: [textElem('to both')], offlinePushInfo: { title: 'Chat', ext } });
    const { n } = await shown('Alice: to both', subscription.endpoint);
    assert.equal(n.title, 'Chat');
    assert.deepEqual(routeOfNotification(tapped(n)), { kind: 'c2c', userID: 'alice' });
    await shown('Alice: to both');
    await laptop.logout();
    await kit.settled(app);
  });

  it('after logout nothing is pushed; logging in and reporting again pushes again', async () => {
    const before = inbox().length;
    await bob.logout();
    assert.deepEqual(await kit.reportingDevices(im, 'bob'), [], 'logout removes the report');
    // Its push is decided from the reports as they are when it is stored: none, so nothing is queued for it.
    await alice.sendMessage({ to: 'bob', elements: [textElem('after logout')] });
    bob = await kit.reportInBackground(im, 'bob', 'bob-device', 'Web', { businessID: 0, token: browser.token, isTPNSToken: true });
    await alice.sendMessage({ to: 'bob', elements: [textElem('back again')] });
    await shown('Alice: back again');
    await kit.settled(app);
    assert.deepEqual(inbox().slice(before).map((m) => notification(m).options.body), ['Alice: back again']);
  });
});
