/**
 * Group conversations and unread counts (docs/protocol.md §9), read from one row per message: unread per member
 * from its read mark, @ mentions, the merged C2C + group conversation list and its paging, pin and delete, and the
 * total that leaves out receive options 1–3 and Meeting/AVChatRoom groups.
 * Runs on SQLite, and on PostgreSQL with HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AT_ALL } from '@herald/protocol';
import { login, nextRandom, text, withServer } from '../helpers/im-fixtures.ts';
import { createTestImApp, type WsTestClient } from '../ws/ws-test-client.ts';
import { insertGroup, sendOk } from './group-fixtures.ts';

type Conv = Record<string, unknown>;

async function conversations(c: WsTestClient, extra: Record<string, unknown> = {}): Promise<{ conversations: Conv[]; nextCursor: string; complete: boolean }> {
  const res = await c.request('getConversationList', extra);
  assert.equal(res.code, 0, JSON.stringify(res));
  return res.data as { conversations: Conv[]; nextCursor: string; complete: boolean };
}

const total = async (c: WsTestClient) => (await c.request('getTotalUnreadMessageCount')).data?.['total'];

test('unread per member follows its own read mark; marks never go back; @me and @all show in groupAtInfoList until read', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol'] });
    await insertGroup(server, app.sdkAppId, 'g1', ['alice', 'bob', 'carol'], { name: 'Team' });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const carol = await login(server, app, 'carol', 'c1');
    await sendOk(alice, 'g1', 'one');
    await sendOk(alice, 'g1', '@bob', { atUserList: ['bob'] });
    await sendOk(carol, 'g1', '@all', { atUserList: [AT_ALL] });
    await sendOk(alice, 'g1', '@all @bob', { atUserList: [AT_ALL, 'bob'] });
    await sendOk(alice, 'g1', 'quiet', { isExcludedFromUnreadCount: true });
    assert.equal(await total(bob), 4);
    assert.equal(await total(carol), 3, 'her own @all is not unread to her');
    assert.equal(await total(alice), 1);
    const bobConv = (await conversations(bob)).conversations[0]!;
    assert.equal(bobConv['conversationId'], 'group_g1');
    assert.equal(bobConv['type'], 'group');
    assert.equal(bobConv['groupId'], 'g1');
    assert.equal(bobConv['groupName'], 'Team');
    assert.equal(bobConv['groupType'], 'Work');
    assert.equal(bobConv['unreadCount'], 4);
    assert.equal(bobConv['recvOpt'], 0);
    assert.equal(bobConv['pinned'], false);
    assert.equal((bobConv['lastMessage'] as Conv)['seq'], 5);
    assert.deepEqual(bobConv['groupAtInfoList'], [{ seq: 2, atType: 1 }, { seq: 3, atType: 2 }, { seq: 4, atType: 3 }]);
    // carol's own @all is no mention to her; alice's @all is.
    assert.deepEqual((await conversations(carol)).conversations[0]!['groupAtInfoList'], [{ seq: 4, atType: 2 }]);

    const read = await bob.request('markConversationRead', { conversationId: 'group_g1', seq: 3 });
    assert.deepEqual(read.data, { conversationId: 'group_g1', readSeq: 3, unreadCount: 1 });
    const changed = await bob.nextEvent('conversationChanged');
    assert.equal(((changed['conversations'] as Conv[])[0]!)['unreadCount'], 1);
    assert.equal((await bob.nextEvent('totalUnreadChanged'))['total'], 1);
    assert.deepEqual((await conversations(bob)).conversations[0]!['groupAtInfoList'], [{ seq: 4, atType: 3 }]);
    const back = await bob.request('markConversationRead', { conversationId: 'group_g1', seq: 1 });
    assert.equal(back.data?.['readSeq'], 3, 'a read mark never goes back');
    const all = await bob.request('markConversationRead', { conversationId: 'group_g1' });
    assert.deepEqual(all.data, { conversationId: 'group_g1', readSeq: 5, unreadCount: 0 });
    assert.equal(await total(bob), 0);
    assert.equal(await total(carol), 3, "carol's unread does not move with bob's mark");
    assert.equal((await bob.request('markConversationRead', { conversationId: 'group_nope' })).codeName, 'IM_GROUP_NOT_FOUND');
    assert.equal((await bob.request('markConversationRead', { conversationId: 'group_' })).codeName, 'REQUEST_PARAM_INVALID');
    for (const c of [alice, bob, carol]) await c.close();
  }));

test('the conversation list merges C2C and group conversations, pinned first then by last message, and pages without gaps or repeats', () =>
  withServer(async (server) => {
    let now = 1_700_000_000_000;
    server.ctx.clock.now = () => now;
    const app = await createTestImApp(server, { users: ['me', 'p1', 'p2', 'p3', 'other'] });
    for (const g of ['g1', 'g2', 'g3']) await insertGroup(server, app.sdkAppId, g, ['other', 'me']);
    await insertGroup(server, app.sdkAppId, 'empty', ['other', 'me']);
    const me = await login(server, app, 'me', 'm1');
    const other = await login(server, app, 'other', 'o1');
    const peers = new Map<string, WsTestClient>();
    for (const p of ['p1', 'p2', 'p3']) peers.set(p, await login(server, app, p, `${p}-dev`));
    // Interleaved activity; g3 and c2c_p3 share one timestamp (the tie C2C-first rule is exercised).
    const order: Array<[string, () => Promise<unknown>]> = [
      ['c2c_p1', () => peers.get('p1')!.request('sendMessage', { to: 'me', elements: text('x'), random: nextRandom() })],
      ['group_g1', () => sendOk(other, 'g1', 'x')],
      ['c2c_p2', () => peers.get('p2')!.request('sendMessage', { to: 'me', elements: text('x'), random: nextRandom() })],
      ['group_g2', () => sendOk(other, 'g2', 'x')],
      ['c2c_p3', () => peers.get('p3')!.request('sendMessage', { to: 'me', elements: text('x'), random: nextRandom() })],
      ['group_g3', () => sendOk(other, 'g3', 'x')],
    ];
    for (const [id, act] of order) {
      if (id !== 'group_g3') now += 1000;
      await act();
    }
    const expected = ['c2c_p3', 'group_g3', 'group_g2', 'c2c_p2', 'group_g1', 'c2c_p1'];
    assert.deepEqual((await conversations(me)).conversations.map((c) => c['conversationId']), expected, 'the empty group has no conversation');
    for (const size of [1, 2, 4]) {
      const seen: unknown[] = [];
      let cursor = '';
      for (let page = 0; page < 10; page += 1) {
        const res = await conversations(me, { count: size, ...(cursor === '' ? {} : { cursor }) });
        seen.push(...res.conversations.map((c) => c['conversationId']));
        if (res.complete) break;
        cursor = res.nextCursor;
      }
      assert.deepEqual(seen, expected, `pages of ${size}`);
    }
    assert.equal((await me.request('getConversationList', { cursor: 'not a cursor!' })).codeName, 'REQUEST_PARAM_INVALID');
    // Pinning a group moves it first; deleting one hides it until its next message.
    assert.equal((await me.request('pinConversation', { conversationId: 'group_g1', pinned: true })).code, 0);
    const pinned = await conversations(me, { count: 2 });
    assert.deepEqual(pinned.conversations.map((c) => [c['conversationId'], c['pinned']]), [['group_g1', true], ['c2c_p3', false]]);
    const rest = await conversations(me, { cursor: pinned.nextCursor });
    assert.deepEqual(rest.conversations.map((c) => c['conversationId']), ['group_g3', 'group_g2', 'c2c_p2', 'c2c_p1']);
    assert.equal(await total(me), 6);
    assert.equal((await me.request('deleteConversation', { conversationId: 'group_g2' })).code, 0);
    assert.equal(await total(me), 5, 'deleting clears the unread');
    assert.ok(!(await conversations(me)).conversations.some((c) => c['conversationId'] === 'group_g2'));
    now += 1000;
    await sendOk(other, 'g2', 'back');
    const after = await conversations(me);
    assert.deepEqual(after.conversations.slice(0, 2).map((c) => c['conversationId']), ['group_g1', 'group_g2']);
    assert.equal(after.conversations[1]!['unreadCount'], 1);
    assert.equal((await me.request('pinConversation', { conversationId: 'group_nope', pinned: true })).codeName, 'IM_GROUP_NOT_FOUND');
    assert.equal((await me.request('deleteConversation', { conversationId: 'group_empty' })).codeName, 'REQUEST_PARAM_INVALID');
    for (const c of [me, other, ...peers.values()]) await c.close();
  }));

test('the total leaves out groups and peers with receive option 1, 2 or 3 and Meeting/AVChatRoom groups; their conversations still count', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['me', 'x', 'p0', 'p1', 'p2'] });
    const groups: Array<[string, number, string]> = [
      ['opt0', 0, 'Work'], ['opt1', 1, 'Work'], ['opt2', 2, 'Public'], ['opt3', 3, 'Work'], ['meet', 0, 'Meeting'], ['live', 0, 'AVChatRoom'], ['comm', 0, 'Community'],
    ];
    for (const [g, opt, type] of groups) await insertGroup(server, app.sdkAppId, g, ['x', { userId: 'me', recvOpt: opt }], { type });
    const now = server.ctx.clock.now();
    await server.ctx.store.db.insertInto('im_receive_opt').values([
      { sdk_app_id: app.sdkAppId, owner: 'me', peer: 'p1', opt: 1, updated_at: now },
      { sdk_app_id: app.sdkAppId, owner: 'me', peer: 'p2', opt: 2, updated_at: now },
    ]).execute();
    const me = await login(server, app, 'me', 'm1');
    const x = await login(server, app, 'x', 'x1');
    for (const [g] of groups) await sendOk(x, g, 'hi');
    for (const p of ['p0', 'p1', 'p2']) {
      const c = await login(server, app, p, `${p}-dev`);
      assert.equal((await c.request('sendMessage', { to: 'me', elements: text('hi'), random: nextRandom() })).code, 0);
      await c.close();
    }
    // Counted: opt0 and comm (groups), p0 (C2C).
    assert.equal(await total(me), 3);
    const list = (await conversations(me)).conversations;
    const byId = new Map(list.map((c) => [c['conversationId'], c]));
    assert.equal(byId.get('group_opt2')?.['unreadCount'], 1);
    assert.equal(byId.get('group_opt2')?.['recvOpt'], 2);
    assert.equal(byId.get('group_meet')?.['unreadCount'], 0, 'no unread counts in Meeting groups');
    assert.equal(byId.get('group_live')?.['unreadCount'], 0, 'no unread counts in AVChatRoom groups');
    // Option 1 keeps no copy for the recipient at all; option 2 keeps the conversation and its count.
    assert.equal(byId.get('c2c_p1'), undefined);
    assert.equal(byId.get('c2c_p2')?.['recvOpt'], 2);
    assert.equal(byId.get('c2c_p2')?.['unreadCount'], 1);
    assert.equal(byId.get('c2c_p0')?.['recvOpt'], 0);
    assert.equal(list.length, groups.length + 2);
    await me.request('markConversationRead', { conversationId: 'group_opt0' });
    assert.equal(await total(me), 2);
    for (const c of [me, x]) await c.close();
  }));
