/**
 * IM offline push of group messages end to end on APNs: the real server, the chat SDK for every member, the push
 * SDK on virtual iPhones (the APNs emulator is their inbox). Group pushes go through the push queue a page of
 * members per job; the test checks the text (`Name (group name): content`), ext and the group route, the group
 * receive options with @ mentions, online-only group types, and a group larger than one page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AT_ALL } from '@herald/protocol';
import { textElem, type ChatClient } from '@herald/sdk/chat';
import { buildChatPushExt, routeOfNotification } from '../../../sdk/src/offline-push/index.ts';
import { createGroupService } from '../../src/im/groups/group-service.ts';
import { importAccount } from '../../src/im/identity/im-user-service.ts';
import type { TestImApp } from '../ws/ws-test-client.ts';
import { waitUntil, type E2e, type E2eApp, type Phone } from '../e2e/e2e-harness.ts';
import { startApnsImRig, type ApnsImRig } from './apns-im-rig.ts';

describe('IM offline push of group messages through APNs', () => {
  let rig: ApnsImRig;
  let e: E2e;
  let app: E2eApp;
  let im: TestImApp;
  const phones = new Map<string, Phone>();

  const chat = () => rig.chat();
  const inbox = (user: string) => e.inbox(phones.get(user)!);
  const aps = (n: { payload: unknown }) => (n.payload as Record<string, any>)['aps'] as Record<string, any>;
  const alertBody = (n: { payload: unknown }) => {
    const a = aps(n).alert;
    return typeof a === 'object' ? a.body : a;
  };
  const settled = () => rig.settled();

  /** A member on an iPhone: push SDK registered and bound, chat SDK logged in, token reported, app in the background. */
  async function memberOnIphone(userId: string): Promise<ChatClient> {
    const phone = await e.addPhone(`${userId}-iphone`, app, 'product');
    await phone.sdk.upsertAccounts({ 0: userId });
    phones.set(userId, phone);
    const c = chat();
    await c.login({ userId, userSig: im.sig(userId), deviceId: `${userId}-iphone`, platform: 'iOS', appState: 'background' });
    await c.setOfflinePushConfig({ businessID: 0, token: phone.token, isTPNSToken: true });
    return c;
  }

  let alice: ChatClient;
  let bob: ChatClient;
  let carol: ChatClient;
  let groupId: string;

  before(async () => {
    rig = await startApnsImRig({ bundleId: 'com.herald.groupchat', users: [['alice', 'Alice'], ['bob', 'Bob'], ['carol', 'Carol']] });
    ({ e, app, im } = rig);
    alice = chat();
    await alice.login({ userId: 'alice', userSig: im.sig('alice'), deviceId: 'alice-phone', platform: 'iOS' });
    bob = await memberOnIphone('bob');
    carol = await memberOnIphone('carol');
    groupId = await alice.createGroup({ type: 'Work', name: 'Team', memberList: [{ userId: 'bob' }, { userId: 'carol' }] });
  });

  after(async () => {
    await rig?.close();
  });

  it('every backgrounded member gets `Name (group name): content` with ext; the helper returns the group route', async () => {
    const ext = buildChatPushExt({ chatType: 'group', groupId, nickname: 'Alice', serverTime: await alice.getServerTime() });
    await alice.sendGroupMessage({ groupId, elements: [textElem('standup in 5')], offlinePushInfo: { ext } });
    for (const user of ['bob', 'carol']) {
      const [n] = await waitUntil(`${user}'s push`, () => (inbox(user).length === 1 ? inbox(user) : undefined));
      assert.equal(alertBody(n!), 'Alice (Team): standup in 5');
      assert.equal(aps(n!).sound, 'default');
      assert.equal((n!.payload as Record<string, unknown>)['custom'], ext);
      assert.deepEqual(routeOfNotification(n!.payload), { kind: 'group', groupID: groupId });
    }
    await settled();
    const plan = `im_${app.accessId}_${im.sdkAppId}`;
    const tasks = await e.server.ctx.store.db.selectFrom('push_task').select(['plan_id', 'audience_type']).where('access_id', '=', app.accessId).execute();
    assert.equal(tasks.length, 1, 'one task for the page: both members share push app and environment');
    assert.equal(tasks[0]!.plan_id, plan);
  });

  it('the sender is never pushed; a foreground member is not pushed', async () => {
    await carol.setAppState('foreground');
    await alice.sendGroupMessage({ groupId, elements: [textElem('only bob')] });
    await waitUntil("bob's second push", () => (inbox('bob').length === 2 ? true : undefined));
    await settled();
    assert.equal(inbox('carol').length, 1);
    // doBackground(unreadCount): the badge of the next pushes counts up from what the app reported.
    await carol.setAppState('background', { unreadCount: 7 });
  });

  it('receive option 3 (push only @): plain messages are not pushed, @me and @all are', async () => {
    await carol.request('setGroupReceiveMessageOpt', { groupId, opt: 3 });
    await alice.sendGroupMessage({ groupId, elements: [textElem('plain')] });
    await alice.sendGroupMessage({ groupId, elements: [textElem('@Carol look')], atUserList: ['carol'] });
    await alice.sendGroupMessage({ groupId, elements: [textElem('@all lunch')], atUserList: [AT_ALL] });
    await waitUntil("bob's three pushes", () => (inbox('bob').length === 5 ? true : undefined));
    await settled();
    // Each group message is its own queue job and jobs run concurrently, so two pushes may reach the device in
    // either order (as APNs itself promises no order); what holds is which ones arrive and the badges they carry.
    assert.deepEqual(inbox('carol').slice(1).map(alertBody).sort(), ['Alice (Team): @Carol look', 'Alice (Team): @all lunch']);
    assert.deepEqual(inbox('carol').slice(1).map((n) => aps(n).badge).sort(), [8, 9], 'one more than the reported unread count per push');
    const outcome = await e.server.ctx.store.db.selectFrom('im_offline_push_outcome').selectAll()
      .where('sdk_app_id', '=', im.sdkAppId).where('user_id', '=', 'carol').executeTakeFirstOrThrow();
    assert.equal(outcome.kind, 'group');
    assert.equal(outcome.conversation, groupId);
    await carol.request('setGroupReceiveMessageOpt', { groupId, opt: 2 });
    await alice.sendGroupMessage({ groupId, elements: [textElem('muted for carol')] });
    await waitUntil("bob's sixth push", () => (inbox('bob').length === 6 ? true : undefined));
    await settled();
    assert.equal(inbox('carol').length, 3);
    const muted = await e.server.ctx.store.db.selectFrom('im_offline_push_outcome').select('devices_json')
      .where('sdk_app_id', '=', im.sdkAppId).where('user_id', '=', 'carol').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(muted.devices_json), [{ deviceId: 'carol-iphone', reason: 'receive-without-push' }]);
  });

  it("iOS fields of V2TIMOfflinePushInfo: sound, interruption level, image (mutable-content), title; ignoreIOSBadge", async () => {
    await carol.request('setGroupReceiveMessageOpt', { groupId, opt: 0 });
    const before = inbox('bob').length;
    await alice.sendGroupMessage({
      groupId, elements: [textElem('look at this')],
      offlinePushInfo: { title: 'Team photo', iOSSound: 'bell.caf', iOSInterruptionLevel: 'time-sensitive', iOSImage: 'https://img.example.com/p.jpg', ignoreIOSBadge: true },
    });
    const got = await waitUntil("bob's push with iOS fields", () => (inbox('bob').length === before + 1 ? inbox('bob').at(-1) : undefined));
    const a = aps(got!);
    assert.deepEqual(a.alert, { title: 'Team photo', body: 'Alice (Team): look at this' });
    assert.equal(a.sound, 'bell.caf');
    assert.equal(a['interruption-level'], 'time-sensitive');
    assert.equal(a['mutable-content'], 1);
    assert.equal(a.badge, undefined, 'ignoreIOSBadge leaves the badge as it is');
    assert.equal((got!.payload as Record<string, unknown>)['image'], 'https://img.example.com/p.jpg');
    await settled();
  });

  it('a Meeting group is online only: nothing is queued', async () => {
    const meeting = await alice.createGroup({ type: 'Meeting', name: 'All hands', memberList: [{ userId: 'bob' }] });
    const before = inbox('bob').length;
    await alice.sendGroupMessage({ groupId: meeting, elements: [textElem('not pushed')] });
    await alice.sendGroupMessage({ groupId, elements: [textElem('pushed')] });
    await waitUntil("bob's push from the Work group", () => (inbox('bob').length === before + 1 ? true : undefined));
    await settled();
    assert.equal(alertBody(inbox('bob').at(-1)!), 'Alice (Team): pushed');
  });

  it('a group larger than one page of members reaches the member on the second page', async () => {
    const groups = createGroupService(e.server.ctx);
    const crowd = Array.from({ length: 1200 }, (_, i) => `m${String(i).padStart(4, '0')}`);
    for (const userId of crowd) await importAccount(e.server.ctx, im.sdkAppId, { userId });
    const big = await alice.createGroup({ type: 'Community', name: 'Town' });
    for (let i = 0; i < crowd.length; i += 300) {
      await groups.addMembers(im.sdkAppId, { userId: 'alice', isAppAdmin: false }, big, crowd.slice(i, i + 300), { silence: true });
    }
    // 'zed' sorts after every m…: their devices are read by the second page's job.
    await importAccount(e.server.ctx, im.sdkAppId, { userId: 'zed', nick: 'Zed' });
    await memberOnIphone('zed');
    await groups.addMembers(im.sdkAppId, { userId: 'alice', isAppAdmin: false }, big, ['zed'], { silence: true });
    const sent = Date.now();
    const ack = await alice.sendGroupMessage({ groupId: big, elements: [textElem('hello town')] });
    assert.ok(ack.seq !== undefined);
    const [n] = await waitUntil("zed's push", () => (inbox('zed').length === 1 ? inbox('zed') : undefined), 20_000);
    assert.equal(alertBody(n!), 'Alice (Town): hello town');
    await settled();
    const jobs = await e.server.ctx.store.db.selectFrom('queue_job').select('cursor').where('kind', '=', 'im_group_push')
      .where('push_id', '=', `im-group:${im.sdkAppId}:${big}:${ack.seq}`).execute();
    assert.equal(jobs.length, 2, 'two pages of members');
    assert.ok(Date.now() - sent < 20_000);
  });
});
