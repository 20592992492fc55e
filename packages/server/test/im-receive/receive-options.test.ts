/**
 * Receive options over real sockets (docs/protocol.md §11): C2C options stored and read back, option 1 keeping
 * messages out of the recipient's inbox and sockets, option 2 delivering normally, the global do-not-disturb
 * window (daily and one-off) round-tripped, group options written to the member row, and the events other
 * devices get. Runs on SQLite, and on PostgreSQL with HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertGroup, login, text, withServer } from '../helpers/im-fixtures.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';

test('C2C options are stored, read back, announced to the other devices and checked', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol'] });
    const bob1 = await login(server, app, 'bob', 'b1');
    const bob2 = await login(server, app, 'bob', 'b2');
    const set = await bob1.request('setC2CReceiveMessageOpt', { userIdList: ['alice', 'carol'], opt: 2 });
    assert.equal(set.code, 0, JSON.stringify(set));
    assert.deepEqual(await bob2.nextEvent('receiveMessageOptChanged'), { type: 'c2c', userIdList: ['alice', 'carol'], opt: 2 });
    const got = await bob1.request('getC2CReceiveMessageOpt', { userIdList: ['alice', 'carol', 'dave'] });
    assert.deepEqual(got.data, { options: [{ userId: 'alice', opt: 2 }, { userId: 'carol', opt: 2 }, { userId: 'dave', opt: 0 }] });
    assert.equal((await bob1.request('setC2CReceiveMessageOpt', { userIdList: ['carol'], opt: 0 })).code, 0);
    assert.deepEqual((await bob1.request('getC2CReceiveMessageOpt', { userIdList: ['carol'] })).data, { options: [{ userId: 'carol', opt: 0 }] });
    const rows = await server.ctx.store.db.selectFrom('im_receive_opt').selectAll().where('sdk_app_id', '=', app.sdkAppId).execute();
    assert.deepEqual(rows.map((r) => [r.owner, r.peer, Number(r.opt)]), [['bob', 'alice', 2]]);
    // Another app's bob has no options.
    const other = await createTestImApp(server, { users: ['bob'] });
    const otherBob = await login(server, other, 'bob', 'ob');
    assert.deepEqual((await otherBob.request('getC2CReceiveMessageOpt', { userIdList: ['alice'] })).data, { options: [{ userId: 'alice', opt: 0 }] });
    for (const [data, codeName] of [
      [{ userIdList: ['alice'], opt: 3 }, 'REQUEST_PARAM_INVALID'],
      [{ userIdList: ['alice'], opt: '1' }, 'REQUEST_PARAM_INVALID'],
      [{ userIdList: [], opt: 1 }, 'REQUEST_PARAM_INVALID'],
      [{ userIdList: Array.from({ length: 31 }, (_, i) => `u${i}`), opt: 1 }, 'REQUEST_PARAM_INVALID'],
      [{ userIdList: ['x'.repeat(33)], opt: 1 }, 'REQUEST_PARAM_INVALID'],
      [{ userIdList: [7], opt: 1 }, 'REQUEST_PARAM_INVALID'],
      [{ opt: 1 }, 'REQUEST_PARAM_MISSING'],
      [{ userIdList: ['alice'] }, 'REQUEST_PARAM_MISSING'],
    ] as const) {
      const res = await bob1.request('setC2CReceiveMessageOpt', data);
      assert.equal(res.codeName, codeName, `${JSON.stringify(data)}: ${JSON.stringify(res)}`);
    }
    for (const c of [bob1, bob2, otherBob]) await c.close();
  }));

test('option 1 keeps the message out of the recipient\'s inbox and sockets; the sender keeps it and succeeds; option 2 delivers', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const carol = await login(server, app, 'carol', 'c1');
    assert.equal((await bob.request('setC2CReceiveMessageOpt', { userIdList: ['alice'], opt: 1 })).code, 0);
    const blocked = await alice.request('sendMessage', { to: 'bob', elements: text('unheard'), random: 11 });
    assert.equal(blocked.code, 0, JSON.stringify(blocked));
    assert.equal(blocked.data?.['seq'], 1, 'the sender has their copy');
    const online = await alice.request('sendMessage', { to: 'bob', elements: text('unheard live'), random: 12, onlineUserOnly: true });
    assert.equal(online.code, 0);
    const rows = await server.ctx.store.db.selectFrom('im_c2c_message').selectAll().where('sdk_app_id', '=', app.sdkAppId).where('random', '=', 11).execute();
    assert.deepEqual(rows.map((r) => r.owner), ['alice']);
    const bobConv = await server.ctx.store.db.selectFrom('im_conversation').selectAll()
      .where('sdk_app_id', '=', app.sdkAppId).where('owner', '=', 'bob').where('peer', '=', 'alice').executeTakeFirst();
    assert.equal(bobConv, undefined, 'no conversation appears for bob');
    // Bob's next message is carol's: neither of alice's reached him.
    assert.equal((await carol.request('sendMessage', { to: 'bob', elements: text('from carol'), random: 13 })).code, 0);
    const next = await bob.nextEvent('message');
    assert.equal(next['from'], 'carol');
    // Option 2: delivered as usual (only offline push is affected).
    assert.equal((await bob.request('setC2CReceiveMessageOpt', { userIdList: ['alice'], opt: 2 })).code, 0);
    assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('heard'), random: 14 })).code, 0);
    const heard = await bob.nextEvent('message');
    assert.deepEqual([heard['from'], heard['random']], ['alice', 14]);
    for (const c of [alice, bob, carol]) await c.close();
  }));

test('the global option and do-not-disturb window round-trip, daily and one-off, and are checked', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['bob'] });
    const bob1 = await login(server, app, 'bob', 'b1');
    const bob2 = await login(server, app, 'bob', 'b2');
    assert.deepEqual((await bob1.request('getAllReceiveMessageOpt')).data, { opt: 0, startHour: 0, startMinute: 0, startSecond: 0, startTimeStamp: 0, duration: 0 });
    const daily = { opt: 2, startHour: 22, startMinute: 30, startSecond: 15, duration: 8 * 3600 };
    assert.equal((await bob1.request('setAllReceiveMessageOpt', daily)).code, 0);
    const expected = { ...daily, startTimeStamp: 0 };
    assert.deepEqual((await bob1.request('getAllReceiveMessageOpt')).data, expected);
    assert.deepEqual(await bob2.nextEvent('receiveMessageOptChanged'), { type: 'all', ...expected });
    const row = await server.ctx.store.db.selectFrom('im_user_setting').selectAll().where('sdk_app_id', '=', app.sdkAppId).where('user_id', '=', 'bob').executeTakeFirstOrThrow();
    assert.deepEqual([Number(row.global_opt), Number(row.dnd_start_second), row.dnd_start_time, Number(row.dnd_duration)], [2, 22 * 3600 + 30 * 60 + 15, null, 8 * 3600]);
    const once = { opt: 2, startTimeStamp: 1_900_000_000, duration: 3 * 86400 };
    assert.equal((await bob1.request('setAllReceiveMessageOpt', once)).code, 0);
    assert.deepEqual((await bob1.request('getAllReceiveMessageOpt')).data, { opt: 2, startHour: 0, startMinute: 0, startSecond: 0, startTimeStamp: 1_900_000_000, duration: 3 * 86400 });
    assert.equal((await bob1.request('setAllReceiveMessageOpt', { opt: 0, startHour: 0, startMinute: 0, startSecond: 0, duration: 0 })).code, 0);
    assert.equal((await bob1.request('getAllReceiveMessageOpt')).data?.['opt'], 0);
    for (const [data, codeName] of [
      [{ ...daily, opt: 1 }, 'REQUEST_PARAM_INVALID'],
      [{ ...daily, startHour: 24 }, 'REQUEST_PARAM_INVALID'],
      [{ ...daily, startMinute: 60 }, 'REQUEST_PARAM_INVALID'],
      [{ ...daily, duration: 86_401 }, 'REQUEST_PARAM_INVALID'],
      [{ ...daily, duration: -1 }, 'REQUEST_PARAM_INVALID'],
      [{ ...daily, startTimeStamp: 1_900_000_000 }, 'REQUEST_PARAM_INVALID'],
      [{ opt: 2, startHour: 1, duration: 60 }, 'REQUEST_PARAM_MISSING'],
      [{ opt: 2, startTimeStamp: 1_900_000_000 }, 'REQUEST_PARAM_MISSING'],
      [{ startTimeStamp: 1, duration: 1 }, 'REQUEST_PARAM_MISSING'],
    ] as const) {
      const res = await bob1.request('setAllReceiveMessageOpt', data);
      assert.equal(res.codeName, codeName, `${JSON.stringify(data)}: ${JSON.stringify(res)}`);
    }
    for (const c of [bob1, bob2]) await c.close();
  }));

test('a group option is written to the member row; non-members, unknown groups and other apps\' groups are refused', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol'] });
    const other = await createTestImApp(server, { users: ['alice'] });
    await insertGroup(server, app.sdkAppId, 'team', ['alice', 'bob'], { applyJoinOption: 'DisableApply' });
    await insertGroup(server, other.sdkAppId, 'theirs', ['alice'], { applyJoinOption: 'DisableApply' });
    const bob1 = await login(server, app, 'bob', 'b1');
    const bob2 = await login(server, app, 'bob', 'b2');
    const carol = await login(server, app, 'carol', 'c1');
    const res = await bob1.request('setGroupReceiveMessageOpt', { groupId: 'team', opt: 3 });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.deepEqual(await bob2.nextEvent('receiveMessageOptChanged'), { type: 'group', groupId: 'team', opt: 3 });
    const member = await server.ctx.store.db.selectFrom('im_group_member').select('recv_opt')
      .where('sdk_app_id', '=', app.sdkAppId).where('group_id', '=', 'team').where('user_id', '=', 'bob').executeTakeFirstOrThrow();
    assert.equal(Number(member.recv_opt), 3);
    assert.equal((await carol.request('setGroupReceiveMessageOpt', { groupId: 'team', opt: 1 })).codeName, 'IM_GROUP_NOT_MEMBER');
    assert.equal((await carol.request('setGroupReceiveMessageOpt', { groupId: 'team', opt: 1 })).code, 10007);
    assert.equal((await bob1.request('setGroupReceiveMessageOpt', { groupId: 'nowhere', opt: 1 })).codeName, 'IM_GROUP_NOT_FOUND');
    assert.equal((await bob1.request('setGroupReceiveMessageOpt', { groupId: 'theirs', opt: 1 })).codeName, 'IM_GROUP_NOT_FOUND');
    const aliceHere = await login(server, app, 'alice', 'a1');
    assert.equal((await aliceHere.request('setGroupReceiveMessageOpt', { groupId: 'theirs', opt: 1 })).codeName, 'IM_GROUP_NOT_FOUND');
    const theirs = await server.ctx.store.db.selectFrom('im_group_member').select('recv_opt')
      .where('sdk_app_id', '=', other.sdkAppId).where('group_id', '=', 'theirs').executeTakeFirstOrThrow();
    assert.equal(Number(theirs.recv_opt), 0, "the other app's member row is untouched");
    assert.equal((await bob1.request('setGroupReceiveMessageOpt', { groupId: 'team', opt: 4 })).codeName, 'REQUEST_PARAM_INVALID');
    assert.equal((await bob1.request('setGroupReceiveMessageOpt', { opt: 1 })).codeName, 'REQUEST_PARAM_MISSING');
    for (const c of [bob1, bob2, carol, aliceHere]) await c.close();
  }));

test('changing an option re-announces the total unread, which leaves out conversations with options 1 and 2', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('one'), random: 21 })).code, 0);
    await bob.nextEvent('message');
    assert.equal((await bob.nextEvent('totalUnreadChanged'))['total'], 1);
    assert.equal((await bob.request('setC2CReceiveMessageOpt', { userIdList: ['alice'], opt: 2 })).code, 0);
    const changed = await bob.nextEvent('conversationChanged');
    const conv = (changed['conversations'] as Array<Record<string, unknown>>)[0]!;
    assert.deepEqual([conv['conversationId'], conv['unreadCount']], ['c2c_alice', 1]);
    assert.equal((await bob.nextEvent('totalUnreadChanged'))['total'], 0);
    assert.equal((await bob.request('setC2CReceiveMessageOpt', { userIdList: ['alice'], opt: 0 })).code, 0);
    assert.equal((await bob.nextEvent('totalUnreadChanged'))['total'], 1);
    for (const c of [alice, bob]) await c.close();
  }));
