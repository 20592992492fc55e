/**
 * The IM service as one story, each chapter on its own real server, driven by the SDK over real WebSockets:
 * 1. alice and bob chat one-to-one from several devices (unread, read marks, gap-free seqs, paging);
 * 2. carol joins alice's group and the three chat with @ mentions (mention info and unread from read sequences);
 * 3. devices go to background and lose their network while messages keep coming, and on reconnect get exactly
 *    what they missed, C2C and group; device states as query_online_status reports them;
 * 4. receive options (do not receive, receive without push, group options and the total unread);
 * 5. signaling (pending invitation at login, accept, reject, timeout, cancel).
 * Runs on SQLite, and on PostgreSQL with HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AT_ALL } from '@herald/protocol';
import { textElem, type Conversation, type GroupConversation, type SendMessageResult } from '../../src/chat/index.ts';
import { isHeraldClientError } from '../../src/herald-client-error.ts';
import { until } from './chat-test-client.ts';
import { range, seqFromText, textOf, withScenario, type Device } from './scenario-helpers.ts';

const say = (from: Device, to: string, text: string) => from.chat.sendMessage({ to, elements: [textElem(text)] });
const post = (from: Device, groupId: string, text: string, atUserList?: string[]) =>
  from.chat.sendGroupMessage({ groupId, elements: [textElem(text)], ...(atUserList === undefined ? {} : { atUserList }) });

async function conversation(d: Device, conversationId: string): Promise<Conversation | undefined> {
  return (await d.chat.getConversationList()).conversations.find((c) => c.conversationId === conversationId);
}

async function groupConversation(d: Device, groupId: string): Promise<GroupConversation> {
  const found = await conversation(d, `group_${groupId}`);
  assert.ok(found !== undefined && found.type === 'group', `${d.deviceId} lists group_${groupId}`);
  return found;
}

async function unread(d: Device, conversationId: string): Promise<number | undefined> {
  return (await conversation(d, conversationId))?.unreadCount;
}

test('1. alice (phone, Mac) and bob (iOS, Web) chat one-to-one: unread on both sides, read marks, gap-free seqs', (t) =>
  withScenario(['alice', 'bob'], async (s) => {
    const alicePhone = s.device('alice', 'alice-phone', 'iOS');
    const aliceMac = s.device('alice', 'alice-mac', 'Mac');
    const bobIos = s.device('bob', 'bob-ios', 'iOS');
    const bobWeb = s.device('bob', 'bob-web', 'Web');
    for (const d of [alicePhone, aliceMac, bobIos, bobWeb]) await d.login();

    const first: SendMessageResult[] = [];
    for (const text of ['a1', 'a2', 'a3']) first.push(await say(alicePhone, 'bob', text));
    assert.deepEqual(first.map((r) => [r.seq, r.inboxSeq]), [[1, 1], [2, 2], [3, 3]]);
    for (const d of [bobIos, bobWeb, aliceMac]) await until(`${d.deviceId} gets a1..a3`, () => d.messages.length === 3);
    const a123 = [[1, 'alice', 'a1'], [2, 'alice', 'a2'], [3, 'alice', 'a3']];
    for (const d of [bobIos, bobWeb]) {
      assert.deepEqual(seqFromText(d.c2c('alice')), a123, `${d.deviceId}: every device of the recipient`);
      assert.deepEqual(d.c2c('alice').map((m) => [m.inboxSeq, m.msgKey]), first.map((r) => [r.inboxSeq, r.msgKey]));
    }
    assert.deepEqual(seqFromText(aliceMac.c2c('bob')), a123, "the sender's other device");
    assert.deepEqual(alicePhone.messages, [], 'a device is not sent its own messages back');

    // Unread: 3 on both of bob's devices, none on alice's side.
    await until('bob devices hear total 3', () => bobIos.totals.at(-1) === 3 && bobWeb.totals.at(-1) === 3);
    assert.equal(await bobIos.chat.getTotalUnreadMessageCount(), 3);
    assert.equal(await unread(bobWeb, 'c2c_alice'), 3);
    assert.equal(await alicePhone.chat.getTotalUnreadMessageCount(), 0);
    assert.equal(await unread(aliceMac, 'c2c_bob'), 0);

    // A read mark set on one device shows on the other.
    await bobIos.chat.markConversationRead('c2c_alice', 2);
    await until('bob devices hear total 1', () => bobIos.totals.at(-1) === 1 && bobWeb.totals.at(-1) === 1);
    assert.equal(bobWeb.conversations.get('c2c_alice')?.unreadCount, 1);
    await bobWeb.chat.markConversationRead('c2c_alice');
    await until('bob devices hear total 0', () => bobIos.totals.at(-1) === 0 && bobWeb.totals.at(-1) === 0);
    assert.equal(bobIos.conversations.get('c2c_alice')?.unreadCount, 0);
    assert.equal(await bobIos.chat.getTotalUnreadMessageCount(), 0);

    // Bob answers from the Web: seqs continue on both sides; his own iOS device gets the replies too.
    const replies = [await say(bobWeb, 'alice', 'b1'), await say(bobWeb, 'alice', 'b2')];
    assert.deepEqual(replies.map((r) => [r.seq, r.inboxSeq]), [[4, 4], [5, 5]]);
    for (const d of [alicePhone, aliceMac]) await until(`${d.deviceId} gets b1, b2`, () => d.c2c('bob').some((m) => textOf(m) === 'b2'));
    assert.deepEqual(seqFromText(alicePhone.c2c('bob')), [[4, 'bob', 'b1'], [5, 'bob', 'b2']]);
    await until('bob-ios gets its other device\'s replies', () => bobIos.messages.length === 5);
    assert.deepEqual(seqFromText(bobIos.c2c('alice')).slice(3), [[4, 'bob', 'b1'], [5, 'bob', 'b2']]);
    assert.equal(await bobIos.chat.getTotalUnreadMessageCount(), 0, 'own messages are never unread');
    assert.equal(await alicePhone.chat.getTotalUnreadMessageCount(), 2);

    // Three devices send at once: each side's conversation stays gap-free, every message once on every device.
    const burst = await Promise.all([
      ...range(1, 5).map((i) => say(alicePhone, 'bob', `p${i}`)),
      ...range(1, 5).map((i) => say(aliceMac, 'bob', `m${i}`)),
      ...range(1, 5).map((i) => say(bobWeb, 'alice', `w${i}`)),
    ]);
    for (const d of [alicePhone, aliceMac, bobIos, bobWeb]) await until(`${d.deviceId} is at inboxSeq 20`, () => d.chat.inboxSeq === 20);
    const aliceHistory = await alicePhone.chat.getHistory({ conversationId: 'c2c_bob', direction: 'older', count: 100 });
    const bobHistory = await bobIos.chat.getHistory({ conversationId: 'c2c_alice', direction: 'older', count: 100 });
    assert.equal(aliceHistory.complete, true);
    assert.deepEqual(aliceHistory.messages.map((m) => m.seq), range(1, 20));
    assert.deepEqual(bobHistory.messages.map((m) => m.seq), range(1, 20));
    // Each inbox holds only this conversation, so its inboxSeqs are 1..20 too.
    assert.deepEqual(aliceHistory.messages.map((m) => m.inboxSeq).sort((a, b) => a - b), range(1, 20));
    assert.deepEqual(bobHistory.messages.map((m) => m.inboxSeq).sort((a, b) => a - b), range(1, 20));
    const allTexts = ['a1', 'a2', 'a3', 'b1', 'b2', ...range(1, 5).flatMap((i) => [`p${i}`, `m${i}`, `w${i}`])].sort();
    assert.deepEqual(aliceHistory.messages.map(textOf).sort(), allTexts);
    assert.deepEqual(bobHistory.messages.map((m) => m.msgKey).sort(), aliceHistory.messages.map((m) => m.msgKey).sort(), 'one message, two inbox rows');
    // Each send's result names its row in the sender's conversation.
    const senderSeq = (h: typeof aliceHistory, key: string) => h.messages.find((m) => m.msgKey === key)?.seq;
    for (const r of burst.slice(0, 10)) assert.equal(senderSeq(aliceHistory, r.msgKey), r.seq);
    for (const r of burst.slice(10)) assert.equal(senderSeq(bobHistory, r.msgKey), r.seq);
    // Which device sent what, by the text's first letter.
    const ownBy: Record<string, string[]> = { 'alice-phone': ['a', 'p'], 'alice-mac': ['m'], 'bob-ios': [], 'bob-web': ['b', 'w'] };
    const peerOf = (d: Device) => (d.userId === 'alice' ? 'bob' : 'alice');
    const historyOf = (d: Device) => (d.userId === 'alice' ? aliceHistory : bobHistory);
    for (const d of [alicePhone, aliceMac, bobIos, bobWeb]) {
      await d.settled();
      const local = await d.chat.getLocalMessages(`c2c_${peerOf(d)}`);
      assert.deepEqual(local.map((m) => [m.seq, m.msgKey]), historyOf(d).messages.map((m) => [m.seq, m.msgKey]), `${d.deviceId}: local store = server history`);
      const emitted = d.c2c(peerOf(d)).map((m) => m.seq);
      assert.deepEqual(emitted, [...new Set(emitted)].sort((a, b) => a - b), `${d.deviceId}: announced once each, in seq order`);
    }
    await t.test('during the burst each device announces exactly the messages it did not send', () => {
      for (const d of [alicePhone, aliceMac, bobIos, bobWeb]) {
        const expected = historyOf(d).messages.filter((m) => !ownBy[d.deviceId]!.includes(textOf(m)[0]!));
        assert.deepEqual(d.c2c(peerOf(d)).map(textOf), expected.map(textOf), `${d.deviceId}: every message of the others once, in seq order, none of its own`);
      }
    });

    // Unread from the read marks: bob read up to 3, so alice's 10 new ones; alice never read: b1, b2, w1..w5.
    assert.equal(await unread(bobIos, 'c2c_alice'), 10);
    assert.equal(await unread(alicePhone, 'c2c_bob'), 7);
    assert.equal(await aliceMac.chat.getTotalUnreadMessageCount(), 7);
    await alicePhone.chat.markConversationRead('c2c_bob');
    await bobWeb.chat.markConversationRead('c2c_alice');
    for (const d of [alicePhone, aliceMac, bobIos, bobWeb]) {
      await until(`${d.deviceId} hears total 0`, () => d.totals.at(-1) === 0);
      assert.equal(await d.chat.getTotalUnreadMessageCount(), 0);
    }
    const bobList = (await bobIos.chat.getConversationList()).conversations;
    assert.deepEqual(bobList.map((c) => [c.conversationId, c.unreadCount, c.lastMessage?.seq]), [['c2c_alice', 0, 20]]);

    // History pages backwards and forwards by seq.
    const page = async (direction: 'older' | 'newer', fromSeq?: number) => {
      const h = await alicePhone.chat.getHistory({ conversationId: 'c2c_bob', direction, count: 8, ...(fromSeq === undefined ? {} : { fromSeq }) });
      return [h.messages.map((m) => m.seq), h.complete];
    };
    assert.deepEqual(await page('older'), [range(13, 20), false]);
    assert.deepEqual(await page('older', 13), [range(5, 12), false]);
    assert.deepEqual(await page('older', 5), [range(1, 4), true]);
    assert.deepEqual(await page('newer', 17), [range(18, 20), true]);
  }));

test('2. carol joins alice\'s Public group and the three chat: @carol and @all reach the mention info, unread comes from read seqs', () =>
  withScenario(['alice', 'bob', 'carol'], async (s) => {
    const alice = s.device('alice', 'alice-phone', 'iOS');
    const bob = s.device('bob', 'bob-web', 'Web');
    const carol = s.device('carol', 'carol-android', 'Android');
    for (const d of [alice, bob, carol]) await d.login();

    const groupId = await alice.chat.createGroup({ type: 'Public', name: 'Weekend', applyJoinOption: 'FreeAccess', memberList: [{ userId: 'bob' }] });
    assert.equal(await carol.chat.joinGroup(groupId), 'joined');
    for (const d of [alice, bob, carol]) await until(`${d.deviceId} gets the join tip`, () => d.group(groupId).length === 1);
    const sends: Array<[Device, string, string[] | undefined]> = [
      [alice, 'hi all', undefined],
      [bob, 'hey', undefined],
      [alice, '@carol welcome', ['carol']],
      [bob, '@all standup at 10', [AT_ALL]],
      [carol, 'thanks', undefined],
      [alice, '@carol @all lunch?', ['carol', AT_ALL]],
    ];
    for (const [i, [d, text, at]] of sends.entries()) assert.equal((await post(d, groupId, text, at)).seq, i + 2, 'group seqs follow the join tip');

    const all: Array<[number, string, string]> = [[1, 'carol', 'tip:Join:carol'], ...sends.map(([d, text], i): [number, string, string] => [i + 2, d.userId, text])];
    // Everyone gets every group message once, in seq order, except their own sends (the join tip is not a send).
    const expectedFor = (userId: string) => all.filter(([seq, from]) => seq === 1 || from !== userId);
    for (const d of [alice, bob, carol]) {
      await until(`${d.deviceId} gets the group messages`, () => d.group(groupId).length === expectedFor(d.userId).length);
      await d.settled();
      assert.deepEqual(seqFromText(d.group(groupId)), expectedFor(d.userId), d.deviceId);
    }
    assert.deepEqual(carol.group(groupId).find((m) => m.seq === 4)?.atUserList, ['carol']);
    assert.deepEqual(carol.group(groupId).find((m) => m.seq === 7)?.atUserList, ['carol', AT_ALL]);

    // Mentions after each member's read mark (their own messages mention nobody to them); unread = others' messages.
    const view = async (d: Device) => {
      const c = await groupConversation(d, groupId);
      return { unread: c.unreadCount, at: c.groupAtInfoList, last: c.lastMessage?.seq, type: c.groupType, name: c.groupName };
    };
    assert.deepEqual(await view(alice), { unread: 3, at: [{ seq: 5, atType: 2 }], last: 7, type: 'Public', name: 'Weekend' });
    assert.deepEqual(await view(bob), { unread: 4, at: [{ seq: 7, atType: 2 }], last: 7, type: 'Public', name: 'Weekend' });
    assert.deepEqual(await view(carol), { unread: 5, at: [{ seq: 4, atType: 1 }, { seq: 5, atType: 2 }, { seq: 7, atType: 3 }], last: 7, type: 'Public', name: 'Weekend' });
    assert.deepEqual(await Promise.all([alice, bob, carol].map((d) => d.chat.getTotalUnreadMessageCount())), [3, 4, 5]);

    // Carol reads up to seq 4: her read sequence moves, and unread and mentions follow it.
    await carol.chat.markConversationRead(`group_${groupId}`, 4);
    assert.deepEqual(await view(carol), { unread: 2, at: [{ seq: 5, atType: 2 }, { seq: 7, atType: 3 }], last: 7, type: 'Public', name: 'Weekend' });
    await until('carol hears total 2', () => carol.totals.at(-1) === 2);
    assert.equal((await carol.chat.getJoinedGroupList()).find((g) => g.groupId === groupId)?.readSeq, 4);
    await carol.chat.markConversationRead(`group_${groupId}`);
    assert.deepEqual(await view(carol), { unread: 0, at: [], last: 7, type: 'Public', name: 'Weekend' });
    assert.equal(await carol.chat.getTotalUnreadMessageCount(), 0);
    assert.equal((await carol.chat.getJoinedGroupList()).find((g) => g.groupId === groupId)?.readSeq, 7);
    assert.equal(carol.conversations.get(`group_${groupId}`)?.unreadCount, 0);
    // Others' marks are their own.
    assert.equal((await view(bob)).unread, 4);

    const history = await alice.chat.getGroupHistory({ groupId, direction: 'newer', fromSeq: 0, count: 100 });
    assert.deepEqual(seqFromText(history.messages), all);
    assert.equal(history.complete, true);
    const [info] = await bob.chat.getGroupsInfo([groupId]);
    assert.deepEqual([info?.type, info?.memberCount, info?.lastSeq], ['Public', 3, 7]);
  }));

test('3. devices go to background, lose their network while C2C and group messages keep coming, and get exactly what they missed', () =>
  withScenario(['alice', 'bob', 'carol'], async (s) => {
    const alice = s.device('alice', 'alice-phone', 'iOS');
    const bobIos = s.device('bob', 'bob-ios', 'iOS');
    const bobWeb = s.device('bob', 'bob-web', 'Web');
    const carol = s.device('carol', 'carol-android', 'Android');
    for (const d of [alice, bobIos, bobWeb, carol]) await d.login();
    const status = async (...users: string[]) => (await s.v4('openim/query_online_status', { To_Account: users, IsNeedDetail: 1 }))['QueryResult'];
    const states = () => Promise.all([bobIos, bobWeb, carol].map((d) => d.storedState()));
    const online = { Platform: 'iPhone', Status: 'Online' };
    const web = { Platform: 'Web', Status: 'Online' };
    assert.deepEqual(await states(), ['online', 'online', 'online']);
    assert.deepEqual(await status('bob', 'carol'), [
      { To_Account: 'bob', Status: 'Online', Detail: [online, web] },
      { To_Account: 'carol', Status: 'Online', Detail: [{ Platform: 'Android', Status: 'Online' }] },
    ]);

    const groupId = await alice.chat.createGroup({ type: 'Work', name: 'Ops', memberList: [{ userId: 'bob' }, { userId: 'carol' }] });
    await say(alice, 'bob', 'c1');
    await say(alice, 'carol', 'x1');
    await post(alice, groupId, 'g1');
    for (const d of [bobIos, bobWeb, carol]) await until(`${d.deviceId} gets its first two messages`, () => d.messages.length === 2);

    // Background: still connected, so messages still arrive live; Tencent reports the device as PushOnline.
    await bobIos.chat.setAppState('background');
    await carol.chat.setAppState('background');
    assert.deepEqual(await states(), ['background', 'online', 'background']);
    const pushOnlineIos = { Platform: 'iPhone', Status: 'PushOnline' };
    const pushOnlineAndroid = { Platform: 'Android', Status: 'PushOnline' };
    const awayStatus = [
      { To_Account: 'bob', Status: 'Online', Detail: [pushOnlineIos, web] },
      { To_Account: 'carol', Status: 'PushOnline', Detail: [pushOnlineAndroid] },
    ];
    assert.deepEqual(await status('bob', 'carol'), awayStatus);
    await say(alice, 'bob', 'c2');
    await until('bob-ios gets c2 in the background', () => bobIos.c2c('alice').length === 2);
    assert.equal(bobIos.c2c('alice')[1]!.sync, undefined, 'a live message, not a synced one');

    // The network goes: the sockets are cut without a close frame; the SDK keeps trying with backoff.
    const bobBefore = bobIos.messages.length;
    const carolBefore = carol.messages.length;
    const bobLogins = bobIos.logins.length;
    bobIos.net.cut();
    carol.net.cut();
    await until('the server sees both drops', async () => (await bobIos.storedState()) === 'push_online' && (await carol.storedState()) === 'push_online');
    await until('both SDKs are reconnecting', () => bobIos.chat.connectionState === 'reconnecting' && carol.chat.connectionState === 'reconnecting');
    assert.deepEqual(await states(), ['push_online', 'online', 'push_online']);
    assert.deepEqual(await status('bob', 'carol'), awayStatus);

    // Messages keep coming while they are away: to bob, from bob's other device, to carol, and to the group.
    await say(alice, 'bob', 'c3');
    await say(alice, 'bob', 'c4');
    await say(bobWeb, 'alice', 'r1');
    await post(alice, groupId, 'g2');
    await say(alice, 'carol', 'x2');
    await say(alice, 'bob', 'c5');
    await post(bobWeb, groupId, 'g3');
    await say(bobWeb, 'alice', 'r2');
    await post(alice, groupId, 'g4 @carol', ['carol']);
    await say(alice, 'carol', 'x3');
    await say(alice, 'bob', 'c6');
    await until('bob-web got them live', () => bobWeb.group(groupId).length === 3 && bobWeb.c2c('alice').length === 6);
    assert.equal(bobIos.messages.length, bobBefore);
    assert.equal(carol.messages.length, carolBefore);

    // The network is back; more messages are sent while the SDKs reconnect and sync.
    bobIos.net.restore();
    carol.net.restore();
    await say(alice, 'bob', 'c7');
    await post(alice, groupId, 'g5');
    await until('bob-ios is back with c7 and g5', () => bobIos.c2c('alice').some((m) => textOf(m) === 'c7') && bobIos.group(groupId).some((m) => textOf(m) === 'g5'));
    await until('carol is back with x3 and g5', () => carol.c2c('alice').some((m) => textOf(m) === 'x3') && carol.group(groupId).some((m) => textOf(m) === 'g5'));
    await bobIos.settled();
    await carol.settled();

    const bobMissed = bobIos.messages.slice(bobBefore);
    const bobC2c = bobMissed.filter((m) => m.groupId === undefined);
    assert.deepEqual(seqFromText(bobC2c), [[3, 'alice', 'c3'], [4, 'alice', 'c4'], [5, 'bob', 'r1'], [6, 'alice', 'c5'], [7, 'bob', 'r2'], [8, 'alice', 'c6'], [9, 'alice', 'c7']]);
    assert.deepEqual(bobC2c.map((m) => m.inboxSeq), range(3, 9));
    assert.ok(bobC2c.slice(0, 6).every((m) => m.sync === true), 'what was sent while away came from the login sync');
    assert.deepEqual(seqFromText(bobMissed.filter((m) => m.groupId === groupId)), [[2, 'alice', 'g2'], [3, 'bob', 'g3'], [4, 'alice', 'g4 @carol'], [5, 'alice', 'g5']]);
    assert.equal(bobMissed.length, 11, 'nothing else, nothing twice');
    const carolMissed = carol.messages.slice(carolBefore);
    assert.deepEqual(seqFromText(carolMissed.filter((m) => m.groupId === undefined)), [[2, 'alice', 'x2'], [3, 'alice', 'x3']]);
    assert.ok(carolMissed.filter((m) => m.groupId === undefined).every((m) => m.sync === true));
    assert.deepEqual(seqFromText(carolMissed.filter((m) => m.groupId === groupId)), [[2, 'alice', 'g2'], [3, 'bob', 'g3'], [4, 'alice', 'g4 @carol'], [5, 'alice', 'g5']]);
    assert.equal(carolMissed.length, 6);
    for (const d of [bobIos, carol]) assert.equal(new Set(d.messages.map((m) => m.msgKey)).size, d.messages.length, `${d.deviceId}: no duplicates`);

    // One automatic re-login each, with the app state the SDK last reported: background again, not online.
    assert.equal(bobIos.logins.length, bobLogins + 1);
    const devices = bobIos.logins.at(-1)!.devices.map((d) => [d.deviceId, d.platform, d.state]).sort();
    assert.deepEqual(devices, [['bob-ios', 'iOS', 'background'], ['bob-web', 'Web', 'online']]);
    assert.deepEqual(await states(), ['background', 'online', 'background']);
    assert.deepEqual(await status('bob', 'carol'), awayStatus);
    await bobIos.chat.setAppState('foreground');
    assert.deepEqual(await states(), ['online', 'online', 'background']);
    assert.deepEqual(await status('bob'), [{ To_Account: 'bob', Status: 'Online', Detail: [online, web] }]);

    // Unread counts include what came while away: bob c1..c7 + g1, g2, g4, g5; carol x1..x3 + g1..g5 with @carol at 4.
    assert.equal(await unread(bobIos, 'c2c_alice'), 7);
    assert.equal((await groupConversation(bobIos, groupId)).unreadCount, 4);
    assert.equal(await bobIos.chat.getTotalUnreadMessageCount(), 11);
    const carolGroup = await groupConversation(carol, groupId);
    assert.deepEqual([carolGroup.unreadCount, carolGroup.groupAtInfoList], [5, [{ seq: 4, atType: 1 }]]);
    assert.equal(await carol.chat.getTotalUnreadMessageCount(), 8);

    // Live again, continuing the same seqs.
    await say(alice, 'bob', 'c8');
    await until('bob-ios gets c8 live', () => bobIos.c2c('alice').some((m) => textOf(m) === 'c8'));
    await bobIos.settled();
    assert.deepEqual(bobIos.c2c('alice').map((m) => m.seq), range(1, 10));
    assert.deepEqual(bobIos.group(groupId).map((m) => m.seq), range(1, 5));
    assert.equal(bobIos.c2c('alice').at(-1)!.sync, undefined);

    // A logout is Offline at once.
    await alice.chat.logout();
    assert.deepEqual(await status('alice'), [{ To_Account: 'alice', Status: 'Offline' }]);
    assert.equal(await alice.storedState(), 'offline');
  }));

test('4. receive options: bob does not receive alice (her sends still succeed), receives without push, and a group leaves the total', () =>
  withScenario(['alice', 'bob', 'carol'], async (s) => {
    const alice = s.device('alice', 'alice-phone', 'iOS');
    const bobIos = s.device('bob', 'bob-ios', 'iOS');
    const bobWeb = s.device('bob', 'bob-web', 'Web');
    const carol = s.device('carol', 'carol-android', 'Android');
    for (const d of [alice, bobIos, bobWeb, carol]) await d.login();
    const setC2cOpt = (opt: number) => bobIos.chat.request('setC2CReceiveMessageOpt', { userIdList: ['alice'], opt });
    const total = () => bobIos.chat.getTotalUnreadMessageCount();

    await say(alice, 'bob', 'hello');
    await until('bob-ios gets hello', () => bobIos.messages.length === 1);
    assert.equal(await total(), 1);

    // Option 1: do not receive. The conversation leaves the total; bob's other device is told.
    await setC2cOpt(1);
    assert.deepEqual(await bobWeb.chat.request('getC2CReceiveMessageOpt', { userIdList: ['alice', 'carol'] }), { options: [{ userId: 'alice', opt: 1 }, { userId: 'carol', opt: 0 }] });
    await until('bob-web is told', () => bobWeb.serverEvents.some((e) => e.event === 'receiveMessageOptChanged'));
    assert.deepEqual(bobWeb.serverEvents.find((e) => e.event === 'receiveMessageOptChanged')?.data, { type: 'c2c', userIdList: ['alice'], opt: 1 });
    await until('bob hears total 0', () => bobIos.totals.at(-1) === 0 && bobWeb.totals.at(-1) === 0);
    assert.equal(bobIos.conversations.get('c2c_alice')?.recvOpt, 1);
    const blocked = [await say(alice, 'bob', 'blocked 1'), await say(alice, 'bob', 'blocked 2')];
    assert.deepEqual(blocked.map((r) => r.seq), [2, 3], "alice's sends succeed and are kept on her side");
    // Carol's message comes after alice's in bob's inbox: once bob has it, alice's would have come before it.
    await say(carol, 'bob', 'marker 1');
    for (const d of [bobIos, bobWeb]) {
      await until(`${d.deviceId} gets marker 1`, () => d.c2c('carol').length === 1);
      await d.settled();
      assert.deepEqual(d.messages.map(textOf), ['hello', 'marker 1'], `${d.deviceId} gets nothing from alice`);
    }
    assert.equal(bobIos.chat.inboxSeq, 2);
    const bobView = await bobIos.chat.getHistory({ conversationId: 'c2c_alice', direction: 'older', count: 100 });
    assert.deepEqual(seqFromText(bobView.messages), [[1, 'alice', 'hello']]);
    const aliceView = await alice.chat.getHistory({ conversationId: 'c2c_bob', direction: 'older', count: 100 });
    assert.deepEqual(seqFromText(aliceView.messages), [[1, 'alice', 'hello'], [2, 'alice', 'blocked 1'], [3, 'alice', 'blocked 2']]);
    assert.equal(await unread(bobIos, 'c2c_alice'), 1);
    assert.equal(await total(), 1, 'only carol counts');

    // Option 2: received online (no offline push), still out of the total.
    await setC2cOpt(2);
    const quiet = await say(alice, 'bob', 'quiet');
    assert.equal(quiet.seq, 4);
    await until('bob-ios gets quiet', () => bobIos.c2c('alice').length === 2);
    assert.deepEqual(seqFromText(bobIos.c2c('alice')), [[1, 'alice', 'hello'], [2, 'alice', 'quiet']], "bob's seqs stay gap-free");
    const c2cAlice = await conversation(bobIos, 'c2c_alice');
    assert.deepEqual([c2cAlice?.unreadCount, c2cAlice?.type === 'c2c' ? c2cAlice.recvOpt : undefined], [2, 2]);
    assert.equal(await total(), 1);
    await setC2cOpt(0);
    await until('bob hears total 3', () => bobIos.totals.at(-1) === 3);
    assert.equal(await total(), 3);

    // Group options: 2 keeps messages coming but leaves the total; 1 stops them.
    const groupId = await alice.chat.createGroup({ type: 'Work', name: 'Quiet', memberList: [{ userId: 'bob' }, { userId: 'carol' }] });
    await post(alice, groupId, 'g1');
    await post(alice, groupId, 'g2');
    await until('bob-ios gets g1, g2', () => bobIos.group(groupId).length === 2);
    assert.equal(await total(), 5);
    const heard = bobIos.totals.length;
    await bobIos.chat.request('setGroupReceiveMessageOpt', { groupId, opt: 2 });
    await until('bob hears total 3 again', () => bobIos.totals.length > heard && bobIos.totals.at(-1) === 3);
    const quietGroup = await groupConversation(bobIos, groupId);
    assert.deepEqual([quietGroup.recvOpt, quietGroup.unreadCount], [2, 2]);
    assert.equal(await total(), 3);
    await post(alice, groupId, 'g3');
    await until('bob-ios gets g3', () => bobIos.group(groupId).length === 3);
    assert.equal((await groupConversation(bobIos, groupId)).unreadCount, 3);
    assert.equal(await total(), 3);

    await bobIos.chat.request('setGroupReceiveMessageOpt', { groupId, opt: 1 });
    await until('bob-web is told about the group', () => bobWeb.serverEvents.some((e) => e.event === 'receiveMessageOptChanged' && (e.data as { opt?: number }).opt === 1 && (e.data as { type?: string }).type === 'group'));
    await post(alice, groupId, 'g4');
    await until('carol gets g4', () => carol.group(groupId).length === 4);
    await say(alice, 'bob', 'marker 2');
    for (const d of [bobIos, bobWeb]) {
      await until(`${d.deviceId} gets marker 2`, () => d.c2c('alice').some((m) => textOf(m) === 'marker 2'));
      await d.settled();
      assert.deepEqual(d.group(groupId).map(textOf), ['g1', 'g2', 'g3'], `${d.deviceId} gets no group message with option 1`);
    }
    assert.equal(await total(), 4, 'c2c only: hello, quiet, marker 2 from alice and marker 1 from carol');
  }));

test('5. signaling: an invitee offline at invite time rings at login before the timeout; accept, reject, timeout and cancel reach the other side', () =>
  withScenario(['alice', 'bob'], async (s) => {
    const alice = s.device('alice', 'alice-web', 'Web');
    await alice.login();
    const callData = JSON.stringify({ call: 'video', room: 42 });
    const early = await alice.signaling.invite('bob', { data: callData, timeout: 30 });
    const short = await alice.signaling.invite('bob', { data: 'audio', timeout: 3 });

    // Bob was offline: his login finds both before the short one times out. Compared as a set: two invitations
    // made in the same millisecond have no defined order.
    const bob = s.device('bob', 'bob-ios', 'iOS');
    await bob.login();
    const byId = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    const rang = bob.signals.receiveNewInvitation.map((i) => [i.inviteId, i.inviter, i.inviteeList, i.data, i.timeout, i.groupId]);
    assert.deepEqual(rang.sort(byId), [[early, 'alice', ['bob'], callData, 30, undefined], [short, 'alice', ['bob'], 'audio', 3, undefined]].sort(byId));

    await bob.signaling.accept(early, 'on my way');
    await until('alice hears the accept', () => alice.signals.inviteeAccepted.length === 1);
    assert.deepEqual(alice.signals.inviteeAccepted, [{ inviteId: early, invitee: 'bob', data: 'on my way' }]);
    assert.deepEqual((await alice.signaling.getSignalingInfo(early)).invitees.map((e) => [e.userId, e.state]), [['bob', 'accepted']]);

    // Nobody answers the short one: both sides hear the timeout, and it is pending no more.
    await until('both hear the timeout', () => alice.signals.invitationTimeout.length === 1 && bob.signals.invitationTimeout.length === 1);
    assert.deepEqual(alice.signals.invitationTimeout, [{ inviteId: short, inviteeList: ['bob'] }]);
    assert.deepEqual(bob.signals.invitationTimeout, [{ inviteId: short, inviteeList: ['bob'] }]);
    assert.deepEqual(await bob.signaling.getPendingInvitations(), []);
    assert.deepEqual((await alice.signaling.getSignalingInfo(short)).invitees.map((e) => [e.userId, e.state]), [['bob', 'timeout']]);
    await assert.rejects(bob.signaling.accept(short), (err) => isHeraldClientError(err, 'IM_SIGNAL_INVITE_NOT_FOUND'));

    // Live: a reject with data reaches the inviter.
    const rejected = await alice.signaling.invite('bob', { data: 'again?', timeout: 30 });
    await until('bob rings', () => bob.signals.receiveNewInvitation.length === 3);
    await bob.signaling.reject(rejected, 'busy');
    await until('alice hears the reject', () => alice.signals.inviteeRejected.length === 1);
    assert.deepEqual(alice.signals.inviteeRejected, [{ inviteId: rejected, invitee: 'bob', data: 'busy' }]);

    // A cancel reaches the invitee, who can no longer accept.
    const cancelled = await alice.signaling.invite('bob', { timeout: 30 });
    await until('bob rings again', () => bob.signals.receiveNewInvitation.length === 4);
    await alice.signaling.cancel(cancelled, 'hung up');
    await until('bob hears the cancel', () => bob.signals.invitationCancelled.length === 1);
    assert.deepEqual(bob.signals.invitationCancelled, [{ inviteId: cancelled, inviter: 'alice', data: 'hung up' }]);
    await assert.rejects(bob.signaling.accept(cancelled), (err) => isHeraldClientError(err, 'IM_SIGNAL_INVITE_NOT_FOUND'));

    assert.deepEqual(bob.signals.receiveNewInvitation.map((i) => i.inviteId).slice(2), [rejected, cancelled], 'each invitation rang once');
    assert.equal(bob.signals.receiveNewInvitation.length, 4);
    assert.deepEqual([alice.signals.inviteeAccepted.length, alice.signals.inviteeRejected.length, alice.signals.invitationTimeout.length], [1, 1, 1]);
    assert.deepEqual(alice.signals.invitationCancelled, [], 'the canceller is not told its own cancel on this device');
    assert.deepEqual([bob.signals.inviteeAccepted, bob.signals.inviteeRejected], [[], []], 'the answering device is not told its own answer');

    // A device of bob that logs in later finds nothing pending.
    const bobWeb = s.device('bob', 'bob-web', 'Web');
    await bobWeb.login();
    assert.deepEqual(bobWeb.signals.receiveNewInvitation, []);
  }));
