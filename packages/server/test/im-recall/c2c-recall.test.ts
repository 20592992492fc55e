/**
 * Recalling C2C messages over real sockets (docs/protocol.md §12): by the sender within the window (both
 * owners' devices get `messageRevoked` with their own conversation and seq; history, sync and the conversation
 * show it recalled; the recipient's unread count drops), refused for the other party and after the window,
 * idempotent, and by an app admin over `openim/admin_msgwithdraw` at any time. SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, nextRandom, send, text, v4, withShiftClockServer } from '../helpers/im-fixtures.ts';
import { createTestImApp, type WsTestClient } from '../ws/ws-test-client.ts';
import { eventWhere } from './recall-fixtures.ts';

type Conv = { conversationId: string; unreadCount: number; lastMessage: Record<string, unknown> | null };
const conversation = async (c: WsTestClient, id: string): Promise<Conv> =>
  ((await c.request('getConversationList', {})).data?.['conversations'] as Conv[]).find((x) => x.conversationId === id)!;

test('the sender recalls within the window: both sides are told, reads show it recalled, unread and last message follow', () =>
  withShiftClockServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice1 = await login(server, app, 'alice', 'a1');
    const alice2 = await login(server, app, 'alice', 'a2');
    const bob = await login(server, app, 'bob', 'b1');
    // Only bob keeps this one, so the same message has a different seq in each inbox from here on.
    const pre = await v4(server, app, 'openim/sendmsg', {
      From_Account: 'alice', To_Account: 'bob', MsgRandom: 1, SyncOtherMachine: 2, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'pre' } }],
    });
    assert.equal(pre['ActionStatus'], 'OK', JSON.stringify(pre));
    assert.equal((await send(alice1, 'bob', 'one')).data?.['seq'], 1);
    const two = await alice1.request('sendMessage', { to: 'bob', elements: text('two'), random: nextRandom(), cloudCustomData: 'secret-cc' });
    assert.equal(two.data?.['seq'], 2);
    const msgKey = two.data?.['msgKey'];
    await eventWhere(bob, 'message', (m) => m['msgKey'] === msgKey);
    assert.equal((await bob.request('getTotalUnreadMessageCount')).data?.['total'], 3);

    const res = await alice1.request('recallMessage', { conversationId: 'c2c_bob', seq: 2 });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.deepEqual(res.data, { conversationId: 'c2c_bob', seq: 2, msgKey });
    for (const c of [alice1, alice2]) {
      const ev = await c.nextEvent('messageRevoked');
      assert.deepEqual(ev, { conversationId: 'c2c_bob', seq: 2, msgKey, revoker: 'alice' });
    }
    const bobEvent = await bob.nextEvent('messageRevoked');
    assert.deepEqual(bobEvent, { conversationId: 'c2c_alice', seq: 3, msgKey, revoker: 'alice' });
    const changed = await eventWhere(bob, 'conversationChanged', (d) => {
      const last = (d['conversations'] as Conv[])[0]?.lastMessage;
      return last?.['msgKey'] === msgKey && last?.['recalled'] === true;
    });
    assert.equal((changed['conversations'] as Conv[])[0]!.unreadCount, 2);
    assert.equal((await eventWhere(bob, 'totalUnreadChanged', (d) => d['total'] === 2))['total'], 2);

    const history = await bob.request('getHistory', { conversationId: 'c2c_alice', count: 10 });
    const messages = history.data?.['messages'] as Array<Record<string, unknown>>;
    assert.deepEqual(messages.map((m) => m['seq']), [1, 2, 3], 'the recalled message keeps its place');
    const recalled = messages[2]!;
    assert.equal(recalled['recalled'], true);
    assert.deepEqual(recalled['elements'], []);
    assert.equal(recalled['cloudCustomData'], undefined);
    assert.deepEqual(messages[1]!['elements'], text('one'));
    assert.equal(messages[1]!['recalled'], undefined);
    const synced = (await bob.request('sync', { inboxSeq: 0 })).data?.['messages'] as Array<Record<string, unknown>>;
    assert.deepEqual(synced.map((m) => m['recalled'] ?? false), [false, false, true]);
    assert.equal((await bob.request('getTotalUnreadMessageCount')).data?.['total'], 2);
    const bobConv = await conversation(bob, 'c2c_alice');
    assert.equal(bobConv.unreadCount, 2);
    assert.equal(bobConv.lastMessage?.['recalled'], true);
    assert.deepEqual(bobConv.lastMessage?.['elements'], []);
    assert.equal((await conversation(alice1, 'c2c_bob')).lastMessage?.['recalled'], true);
    const stored = await server.ctx.store.db.selectFrom('im_c2c_message').select(['owner', 'recalled']).where('msg_key', '=', String(msgKey)).orderBy('owner').execute();
    assert.deepEqual(stored.map((r) => [r.owner, Number(r.recalled)]), [['alice', 1], ['bob', 1]]);

    // Idempotent: success again, nothing counted twice.
    assert.equal((await alice1.request('recallMessage', { conversationId: 'c2c_bob', seq: 2 })).code, 0);
    assert.equal((await bob.request('getTotalUnreadMessageCount')).data?.['total'], 2);
    for (const c of [alice1, alice2, bob]) await c.close();
  }));

test("conversationChanged after a recall carries each owner's receive option for the peer", () =>
  withShiftClockServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    // Bob receives alice without push (2); alice does not receive bob (1): neither stops alice's send reaching bob.
    assert.equal((await bob.request('setC2CReceiveMessageOpt', { userIdList: ['alice'], opt: 2 })).code, 0);
    assert.equal((await alice.request('setC2CReceiveMessageOpt', { userIdList: ['bob'], opt: 1 })).code, 0);
    const sent = await send(alice, 'bob', 'oops');
    const msgKey = sent.data?.['msgKey'];
    await eventWhere(bob, 'message', (m) => m['msgKey'] === msgKey);
    assert.equal((await alice.request('recallMessage', { conversationId: 'c2c_bob', seq: 1 })).code, 0);
    const recalledIn = (c: WsTestClient) => eventWhere(c, 'conversationChanged', (d) => {
      const last = (d['conversations'] as Conv[])[0]?.lastMessage;
      return last?.['msgKey'] === msgKey && last?.['recalled'] === true;
    });
    const [aliceChange, bobChange] = [await recalledIn(alice), await recalledIn(bob)];
    assert.equal((aliceChange['conversations'] as Array<{ recvOpt: number }>)[0]!.recvOpt, 1);
    assert.equal((bobChange['conversations'] as Array<{ recvOpt: number }>)[0]!.recvOpt, 2);
    for (const c of [alice, bob]) await c.close();
  }));

test('the other party, unknown seqs and the window are refused; a read message recalled leaves unread alone', () =>
  withShiftClockServer(async (server, clock) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const first = await send(alice, 'bob', 'first');
    await send(alice, 'bob', 'second');
    const other = await bob.request('recallMessage', { conversationId: 'c2c_alice', seq: 1 });
    assert.equal(other.codeName, 'IM_MSG_RECALL_DENIED', JSON.stringify(other));
    const unknown = await alice.request('recallMessage', { conversationId: 'c2c_bob', seq: 99 });
    assert.equal(unknown.codeName, 'IM_MSG_NOT_FOUND');
    assert.equal(unknown.code, 20001);
    const stranger = await alice.request('recallMessage', { conversationId: 'c2c_nobody', seq: 1 });
    assert.equal(stranger.codeName, 'IM_MSG_NOT_FOUND');
    for (const bad of [{ conversationId: 'c2c_bob' }, { conversationId: 'c2c_bob', seq: 0 }, { conversationId: 'x_bob', seq: 1 }, { conversationId: 7, seq: 1 }, { seq: 1 }]) {
      const r = await alice.request('recallMessage', bad);
      assert.ok(r.codeName === 'REQUEST_PARAM_INVALID' || r.codeName === 'REQUEST_PARAM_MISSING', `${JSON.stringify(bad)} → ${JSON.stringify(r)}`);
    }

    await bob.request('markConversationRead', { conversationId: 'c2c_alice', seq: 1 });
    assert.equal((await bob.request('getTotalUnreadMessageCount')).data?.['total'], 1);
    assert.equal((await alice.request('recallMessage', { conversationId: 'c2c_bob', seq: 1 })).code, 0);
    await bob.nextEvent('messageRevoked');
    assert.equal((await bob.request('getTotalUnreadMessageCount')).data?.['total'], 1, 'a message already read was not counted');
    assert.equal((await conversation(bob, 'c2c_alice')).lastMessage?.['recalled'], undefined, 'the last message is another one');

    clock.offsetMs += (server.ctx.config.imRecallWindowSeconds + 1) * 1000;
    const late = await alice.request('recallMessage', { conversationId: 'c2c_bob', seq: 2 });
    assert.equal(late.codeName, 'IM_MSG_RECALL_TIME_LIMIT', JSON.stringify(late));
    assert.equal(late.code, 20016);
    // Already recalled: still a success after the window.
    assert.equal((await alice.request('recallMessage', { conversationId: 'c2c_bob', seq: 1 })).code, 0);
    assert.ok(first.code === 0);
    for (const c of [alice, bob]) await c.close();
  }));

test('openim/admin_msgwithdraw recalls by MsgKey at any time, including a message only the recipient keeps', () =>
  withShiftClockServer(async (server, clock) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const other = await createTestImApp(server, { users: ['alice', 'bob'] });
    const bob = await login(server, app, 'bob', 'b1');
    const sent = await v4(server, app, 'openim/sendmsg', { From_Account: 'alice', To_Account: 'bob', MsgRandom: 9, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }] });
    const onlyBob = await v4(server, app, 'openim/sendmsg', {
      From_Account: 'alice', To_Account: 'bob', MsgRandom: 10, SyncOtherMachine: 2, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'y' } }],
    });
    clock.offsetMs += 3 * 86_400_000;
    const body = { From_Account: 'alice', To_Account: 'bob', MsgKey: sent['MsgKey'] };
    // Another app's admin reaches nothing of this app.
    const foreign = await v4(server, other, 'openim/admin_msgwithdraw', body);
    assert.equal(foreign['ErrorCode'], 20001, JSON.stringify(foreign));
    const swapped = await v4(server, app, 'openim/admin_msgwithdraw', { ...body, From_Account: 'bob', To_Account: 'alice' });
    assert.equal(swapped['ErrorCode'], 20001, 'From and To must match the message');
    const ok = await v4(server, app, 'openim/admin_msgwithdraw', body);
    assert.deepEqual(ok, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    const ev = await bob.nextEvent('messageRevoked');
    assert.deepEqual(ev, { conversationId: 'c2c_alice', seq: 1, msgKey: sent['MsgKey'], revoker: 'administrator' });
    assert.deepEqual((await v4(server, app, 'openim/admin_msgwithdraw', body))['ErrorCode'], 0, 'idempotent');
    assert.equal((await v4(server, app, 'openim/admin_msgwithdraw', { ...body, MsgKey: onlyBob['MsgKey'] }))['ErrorCode'], 0);
    const rows = await server.ctx.store.db.selectFrom('im_c2c_message').select(['owner', 'recalled']).where('sdk_app_id', '=', app.sdkAppId).orderBy('owner').orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => [r.owner, Number(r.recalled)]), [['alice', 1], ['bob', 1], ['bob', 1]]);
    const unknown = await v4(server, app, 'openim/admin_msgwithdraw', { ...body, MsgKey: 'nope' });
    assert.equal(unknown['ActionStatus'], 'FAIL');
    assert.equal(unknown['ErrorCode'], 20001);
    const bad = await v4(server, app, 'openim/admin_msgwithdraw', { From_Account: 'alice', To_Account: 'bob', MsgKey: 5 });
    assert.equal(bad['ErrorCode'], 70402);
    await bob.close();
  }));
