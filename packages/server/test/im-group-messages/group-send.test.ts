/**
 * Group messages over real sockets against a real server (docs/protocol.md §9): live fan-out, one stored row per
 * message, gap-free seqs under concurrent senders, the send checks (member, mute, tenancy, @all in AVChatRoom,
 * receivers), de-duplication, online-only and directed messages, history with the join boundary.
 * Runs on SQLite, and on PostgreSQL with HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AT_ALL } from '@herald/protocol';
import { addMembers, login, nextRandom, text, withServer } from '../helpers/im-fixtures.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';
import { groupRows, insertGroup, sendGroup, sendOk } from './group-fixtures.ts';

test('a group message reaches every member device but the sending one, once stored; members with option 1 get nothing live', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol', 'dave'] });
    await insertGroup(server, app.sdkAppId, 'g1', ['alice', 'bob', 'carol', { userId: 'dave', recvOpt: 1 }]);
    const alice1 = await login(server, app, 'alice', 'a1');
    const alice2 = await login(server, app, 'alice', 'a2');
    const bob = await login(server, app, 'bob', 'b1');
    const carol = await login(server, app, 'carol', 'c1');
    const dave = await login(server, app, 'dave', 'd1');
    const sent = await sendOk(alice1, 'g1', 'hello group', { cloudCustomData: 'cc' });
    assert.equal(sent['seq'], 1);
    assert.equal(typeof sent['msgKey'], 'string');
    for (const c of [alice2, bob, carol]) {
      const m = await c.nextEvent('message');
      assert.equal(m['conversationId'], 'group_g1');
      assert.equal(m['groupId'], 'g1');
      assert.equal(m['seq'], 1);
      assert.equal(m['from'], 'alice');
      assert.equal(m['msgKey'], sent['msgKey']);
      assert.equal(m['cloudCustomData'], 'cc');
      assert.deepEqual(m['elements'], text('hello group'));
    }
    // dave (option 1) got nothing: the next event he sees is a later C2C message.
    assert.equal((await bob.request('sendMessage', { to: 'dave', elements: text('c2c'), random: nextRandom() })).code, 0);
    assert.equal((await dave.nextEvent('message'))['conversationId'], 'c2c_bob');
    // alice1 got no echo of its own send: its next message event is bob's reply.
    await sendOk(bob, 'g1', 'reply');
    const next = await alice1.nextEvent('message');
    assert.equal(next['seq'], 2);
    assert.equal(next['from'], 'bob');
    const rows = await groupRows(server, app.sdkAppId, 'g1');
    assert.deepEqual(rows.map((r) => Number(r.seq)), [1, 2]);
    const group = await server.ctx.store.db.selectFrom('im_group').select(['last_seq']).where('group_id', '=', 'g1').executeTakeFirst();
    assert.equal(Number(group?.last_seq), 2);
    for (const c of [alice1, alice2, bob, carol, dave]) await c.close();
  }));

test('non-members, muted members and a muted group are refused; another app\'s group of the same ID does not exist', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol', 'eve', 'adm'] });
    const other = await createTestImApp(server, { users: ['mallory'] });
    const now = server.ctx.clock.now();
    await insertGroup(server, app.sdkAppId, 'g1', ['alice', { userId: 'bob', muteUntil: now + 3_600_000 }, { userId: 'carol', muteUntil: now - 1000 }]);
    await insertGroup(server, app.sdkAppId, 'quiet', ['alice', { userId: 'adm', role: 'Admin' }, 'carol'], { muteAll: true });
    await insertGroup(server, other.sdkAppId, 'g1', ['mallory']);
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const carol = await login(server, app, 'carol', 'c1');
    const eve = await login(server, app, 'eve', 'e1');
    const adm = await login(server, app, 'adm', 'x1');
    const mallory = await login(server, other, 'mallory', 'm1');
    assert.equal((await sendGroup(eve, 'g1', 'hi')).codeName, 'IM_GROUP_NOT_MEMBER');
    assert.equal((await sendGroup(eve, 'nope', 'hi')).codeName, 'IM_GROUP_NOT_FOUND');
    assert.equal((await sendGroup(bob, 'g1', 'hi')).codeName, 'IM_GROUP_MUTED');
    assert.equal((await sendGroup(carol, 'g1', 'mute expired')).code, 0);
    assert.equal((await sendGroup(carol, 'quiet', 'hi')).codeName, 'IM_GROUP_MUTED');
    assert.equal((await sendGroup(adm, 'quiet', 'admins may')).code, 0);
    assert.equal((await sendGroup(alice, 'quiet', 'owner may')).code, 0);
    // mallory is a member of her app's g1 only: app A's g1 stays out of reach, and vice versa.
    assert.equal((await sendOk(mallory, 'g1', 'mine'))['seq'], 1);
    assert.equal((await mallory.request('getGroupHistory', { groupId: 'g1', count: 10 })).data?.['messages'] instanceof Array, true);
    assert.equal((await eve.request('getGroupHistory', { groupId: 'g1' })).codeName, 'IM_GROUP_NOT_MEMBER');
    assert.equal((await sendGroup(eve, 'g1', 'x', { elements: [] })).codeName, 'REQUEST_PARAM_INVALID');
    assert.equal((await sendGroup(alice, 'g1', 'x', { random: -1 })).codeName, 'REQUEST_PARAM_INVALID');
    assert.equal((await alice.request('sendGroupMessage', { elements: text('x'), random: 1 })).codeName, 'REQUEST_PARAM_MISSING');
    assert.equal((await sendGroup(alice, 'g1', 'x', { atUserList: ['u'.repeat(33)] })).codeName, 'REQUEST_PARAM_INVALID');
    assert.equal((await sendGroup(alice, 'g1', 'x', { receiverList: Array.from({ length: 51 }, (_, i) => `u${i}`) })).codeName, 'REQUEST_PARAM_INVALID');
    assert.equal((await sendGroup(alice, 'g1', 'x', { receiverList: ['eve'] })).codeName, 'IM_GROUP_PARAM_INVALID');
    assert.equal((await sendGroup(alice, 'g1', 'x'.repeat(13 * 1024))).codeName, 'IM_PACKET_TOO_LARGE');
    assert.deepEqual((await groupRows(server, app.sdkAppId, 'g1')).map((r) => r.from_user), ['carol']);
    assert.deepEqual((await groupRows(server, other.sdkAppId, 'g1')).map((r) => r.from_user), ['mallory']);
    for (const c of [alice, bob, carol, eve, adm, mallory]) await c.close();
  }));

test('@all is refused in an AVChatRoom; the same random from the same sender returns the stored message; online-only is not stored', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    await insertGroup(server, app.sdkAppId, 'live', ['alice', 'bob'], { type: 'AVChatRoom' });
    await insertGroup(server, app.sdkAppId, 'g1', ['alice', 'bob']);
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    assert.equal((await sendGroup(alice, 'live', '@all', { atUserList: [AT_ALL] })).codeName, 'IM_GROUP_PARAM_INVALID');
    assert.equal((await sendGroup(alice, 'live', '@bob', { atUserList: ['bob'] })).code, 0);
    const first = await alice.request('sendGroupMessage', { groupId: 'g1', elements: text('once'), random: 77 });
    const again = await alice.request('sendGroupMessage', { groupId: 'g1', elements: text('once'), random: 77 });
    assert.deepEqual(again.data, first.data);
    assert.equal((await groupRows(server, app.sdkAppId, 'g1')).length, 1);
    const typing = await sendOk(alice, 'g1', 'typing…', { onlineUserOnly: true });
    assert.equal(typing['seq'], undefined);
    (await bob.nextEvent('message')); // the @bob message in 'live'
    (await bob.nextEvent('message')); // 'once'
    const live = await bob.nextEvent('message');
    assert.equal(live['onlineUserOnly'], true);
    assert.equal(live['seq'], undefined);
    assert.equal(live['conversationId'], 'group_g1');
    assert.equal((await groupRows(server, app.sdkAppId, 'g1')).length, 1);
    const history = await bob.request('getGroupHistory', { groupId: 'g1', direction: 'newer', count: 100 });
    assert.deepEqual((history.data?.['messages'] as Array<Record<string, unknown>>).map((m) => m['seq']), [1]);
    for (const c of [alice, bob]) await c.close();
  }));

test('concurrent senders get gap-free seqs, one row per message, and nothing is written per member (300 members)', () =>
  withServer(async (server) => {
    const senders = ['s0', 's1', 's2', 's3', 's4'];
    const app = await createTestImApp(server, { users: senders });
    const extra = Array.from({ length: 295 }, (_, i) => ({ userId: `m${String(i).padStart(3, '0')}` }));
    await insertGroup(server, app.sdkAppId, 'big', senders);
    await addMembers(server, app.sdkAppId, 'big', extra);
    const membersBefore = JSON.stringify(await server.ctx.store.db.selectFrom('im_group_member').selectAll().orderBy('user_id').execute());
    const clients = await Promise.all(senders.map((s) => login(server, app, s, `${s}-dev`)));
    const perSender = 8;
    const results = await Promise.all(clients.flatMap((c) => Array.from({ length: perSender }, (_, i) => sendGroup(c, 'big', `m${i}`))));
    for (const r of results) assert.equal(r.code, 0, JSON.stringify(r));
    const seqs = results.map((r) => Number(r.data?.['seq'])).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: senders.length * perSender }, (_, i) => i + 1));
    const rows = await groupRows(server, app.sdkAppId, 'big');
    assert.equal(rows.length, senders.length * perSender);
    assert.deepEqual(rows.map((r) => Number(r.seq)), seqs);
    const total = await server.ctx.store.db.selectFrom('im_group_message').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    assert.equal(Number(total?.n), senders.length * perSender);
    const membersAfter = JSON.stringify(await server.ctx.store.db.selectFrom('im_group_member').selectAll().orderBy('user_id').execute());
    assert.equal(membersAfter, membersBefore, 'a send writes nothing per member');
    // Unread is read from the rows: every message but a member's own.
    assert.equal((await clients[0]!.request('getTotalUnreadMessageCount')).data?.['total'], (senders.length - 1) * perSender);
    for (const c of clients) await c.close();
  }));

test('history pages in both directions inside the member\'s join boundary; directed messages reach and show only their receivers and the sender', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol', 'late'] });
    await insertGroup(server, app.sdkAppId, 'g1', ['alice', 'bob', 'carol']);
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const carol = await login(server, app, 'carol', 'c1');
    for (let i = 1; i <= 5; i += 1) await sendOk(alice, 'g1', `m${i}`);
    await addMembers(server, app.sdkAppId, 'g1', [{ userId: 'late', joinSeq: 5 }]);
    const late = await login(server, app, 'late', 'l1');
    const directed = await sendOk(alice, 'g1', 'for bob only', { receiverList: ['bob'] });
    assert.equal(directed['seq'], 6);
    for (let i = 7; i <= 8; i += 1) await sendOk(alice, 'g1', `m${i}`);
    const seqsOf = (r: { data?: Record<string, unknown> }) => (r.data?.['messages'] as Array<Record<string, unknown>>).map((m) => m['seq']);
    assert.deepEqual(seqsOf(await bob.request('getGroupHistory', { groupId: 'g1', direction: 'older', count: 3 })), [6, 7, 8]);
    const older = await bob.request('getGroupHistory', { groupId: 'g1', direction: 'older', fromSeq: 6, count: 3 });
    assert.deepEqual(seqsOf(older), [3, 4, 5]);
    assert.equal(older.data?.['complete'], false);
    const newer = await bob.request('getGroupHistory', { groupId: 'g1', direction: 'newer', fromSeq: 5, count: 10 });
    assert.deepEqual(seqsOf(newer), [6, 7, 8]);
    assert.equal(newer.data?.['complete'], true);
    assert.deepEqual(seqsOf(await carol.request('getGroupHistory', { groupId: 'g1', direction: 'newer', count: 100 })), [1, 2, 3, 4, 5, 7, 8]);
    assert.deepEqual(seqsOf(await alice.request('getGroupHistory', { groupId: 'g1', direction: 'newer', count: 100 })), [1, 2, 3, 4, 5, 6, 7, 8]);
    const lateAll = await late.request('getGroupHistory', { groupId: 'g1', direction: 'older', count: 100 });
    assert.deepEqual(seqsOf(lateAll), [7, 8]);
    assert.equal(lateAll.data?.['complete'], true);
    // Live: bob got the directed message, carol went from 5 straight to 7.
    const bobSeqs: unknown[] = [];
    for (let i = 0; i < 8; i += 1) bobSeqs.push((await bob.nextEvent('message'))['seq']);
    assert.deepEqual(bobSeqs, [1, 2, 3, 4, 5, 6, 7, 8]);
    const carolSeqs: unknown[] = [];
    for (let i = 0; i < 7; i += 1) carolSeqs.push((await carol.nextEvent('message'))['seq']);
    assert.deepEqual(carolSeqs, [1, 2, 3, 4, 5, 7, 8]);
    const bobView = (await bob.request('getGroupHistory', { groupId: 'g1', direction: 'newer', fromSeq: 5, count: 1 })).data?.['messages'] as Array<Record<string, unknown>>;
    assert.equal(bobView[0]?.['isExcludedFromUnreadCount'], true, 'directed messages never count as unread');
    for (const c of [alice, bob, carol, late]) await c.close();
  }));

test('a group ID with a space is a group ID on every message path (send, history, read mark, receive option, REST); others are refused', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['administrator', 'alice', 'bob'] });
    const groupId = 'weekend plans';
    await insertGroup(server, app.sdkAppId, groupId, ['alice', 'bob']);
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    assert.equal((await sendOk(alice, groupId, 'saturday?'))['seq'], 1);
    assert.equal((await bob.nextEvent('message'))['conversationId'], `group_${groupId}`);
    const history = await bob.request('getGroupHistory', { groupId, direction: 'older', count: 10 });
    assert.deepEqual((history.data?.['messages'] as Array<Record<string, unknown>>).map((m) => m['seq']), [1], JSON.stringify(history));
    const read = await bob.request('markConversationRead', { conversationId: `group_${groupId}`, seq: 1 });
    assert.equal(read.code, 0, JSON.stringify(read));
    assert.equal((await bob.request('setGroupReceiveMessageOpt', { groupId, opt: 2 })).code, 0);
    const query = new URLSearchParams({ sdkappid: String(app.sdkAppId), identifier: 'administrator', usersig: app.sig('administrator'), random: '1', contenttype: 'json' });
    const rest = await fetch(`${server.url}/v4/group_open_http_svc/send_group_msg?${query}`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ GroupId: groupId, Random: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'sunday' } }] }),
    });
    const restBody = (await rest.json()) as Record<string, unknown>;
    assert.equal(restBody['MsgSeq'], 2, JSON.stringify(restBody));
    for (const bad of ['tab\there', 'x'.repeat(49), '', 'caf\u00e9']) {
      assert.equal((await sendGroup(alice, bad, 'no')).codeName, 'REQUEST_PARAM_INVALID', JSON.stringify(bad));
    }
    for (const c of [alice, bob]) await c.close();
  }));

test('REST send_group_msg stores once and delivers live (as the admin or From_Account, @ and directed); group_msg_get_simple pages newest first', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['administrator', 'alice', 'bob'] });
    await insertGroup(server, app.sdkAppId, 'g1', ['alice', 'bob']);
    const bob = await login(server, app, 'bob', 'b1');
    const call = async (path: string, body: unknown) => {
      const query = new URLSearchParams({ sdkappid: String(app.sdkAppId), identifier: 'administrator', usersig: app.sig('administrator'), random: '1', contenttype: 'json' });
      const res = await fetch(`${server.url}/v4/group_open_http_svc/${path}?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await res.json()) as Record<string, unknown>;
    };
    const msgBody = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];
    const first = await call('send_group_msg', { GroupId: 'g1', Random: 9, MsgBody: msgBody('from admin'), GroupAtInfo: [{ GroupAtAllFlag: 1 }, { GroupAtAllFlag: 0, GroupAt_Account: 'bob' }] });
    assert.equal(first['ActionStatus'], 'OK', JSON.stringify(first));
    assert.equal(first['MsgSeq'], 1);
    const live = await bob.nextEvent('message');
    assert.equal(live['from'], 'administrator');
    assert.deepEqual(live['atUserList'], [AT_ALL, 'bob']);
    const asAlice = await call('send_group_msg', { GroupId: 'g1', Random: 10, MsgBody: msgBody('as alice'), From_Account: 'alice', SendMsgControl: ['NoUnread'], CloudCustomData: 'cc' });
    assert.equal(asAlice['MsgSeq'], 2);
    const directed = await call('send_group_msg', { GroupId: 'g1', Random: 11, MsgBody: msgBody('to alice'), From_Account: 'bob', To_Account: ['alice'] });
    assert.equal(directed['MsgSeq'], 3);
    const online = await call('send_group_msg', { GroupId: 'g1', Random: 12, MsgBody: msgBody('typing'), OnlineOnlyFlag: 1 });
    assert.equal(online['MsgSeq'], 0);
    assert.equal((await groupRows(server, app.sdkAppId, 'g1')).length, 3);
    const conv = (await bob.request('getConversationList', {})).data?.['conversations'] as Array<Record<string, unknown>>;
    assert.equal(conv[0]?.['unreadCount'], 1, 'NoUnread and own messages are not unread');
    assert.deepEqual(conv[0]?.['groupAtInfoList'], [{ seq: 1, atType: 3 }]);
    const page1 = await call('group_msg_get_simple', { GroupId: 'g1', ReqMsgNumber: 2 });
    assert.equal(page1['IsFinished'], 0);
    const list1 = page1['RspMsgList'] as Array<Record<string, unknown>>;
    assert.deepEqual(list1.map((m) => m['MsgSeq']), [3, 2]);
    assert.deepEqual(list1[1], { From_Account: 'alice', IsPlaceMsg: 0, MsgBody: msgBody('as alice'), MsgPriority: 2, MsgRandom: 10, MsgSeq: 2, MsgTimeStamp: list1[1]!['MsgTimeStamp'], CloudCustomData: 'cc' });
    const page2 = await call('group_msg_get_simple', { GroupId: 'g1', ReqMsgNumber: 2, ReqMsgSeq: 1 });
    assert.equal(page2['IsFinished'], 1);
    assert.deepEqual((page2['RspMsgList'] as Array<Record<string, unknown>>).map((m) => m['MsgSeq']), [1]);
    await bob.close();
  }));
