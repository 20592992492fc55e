/**
 * Group management over real sockets (docs/protocol.md §8): creation of every type with Tencent's limits, joining
 * by type and option, applications, invitations, permissions per role and type, mute, tips as `message` events
 * with consecutive seqs that later history reads find in im_group_message, kicked and dismissed events, and
 * tenancy. Runs on SQLite, and on PostgreSQL with HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, withServer } from '../helpers/im-fixtures.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';
import { fails, groupRow, memberRows, nextTip, ok, storedTips } from './fixtures.ts';

test('createGroup: every type gets Tencent\'s default limit and join option; custom IDs follow Tencent\'s rules', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice');
    const expected = {
      Work: { max: 200, option: 'DisableApply', prefix: '@TGS#1' },
      Public: { max: 2000, option: 'NeedPermission', prefix: '@TGS#2' },
      Meeting: { max: 6000, option: 'FreeAccess', prefix: '@TGS#3' },
      AVChatRoom: { max: 2_147_483_647, option: 'FreeAccess', prefix: '@TGS#a' },
      Community: { max: 100_000, option: 'FreeAccess', prefix: '@TGS#_' },
    };
    for (const [type, e] of Object.entries(expected)) {
      const created = await ok(alice, 'createGroup', { type, name: `${type} group` });
      const groupId = created['groupId'] as string;
      assert.ok(groupId.startsWith(e.prefix), `${type}: ${groupId}`);
      const joined = await alice.nextEvent('groupJoined');
      const group = joined['group'] as Record<string, unknown>;
      assert.equal(group['groupId'], groupId);
      assert.equal(group['role'], 'Owner');
      assert.equal(group['joinSeq'], 0);
      const [info] = (await ok(alice, 'getGroupsInfo', { groupIds: [groupId] }))['groups'] as Array<Record<string, unknown>>;
      assert.equal(info!['type'], type);
      assert.equal(info!['maxMemberCount'], e.max);
      assert.equal(info!['applyJoinOption'], e.option);
      assert.equal(info!['owner'], 'alice');
      assert.equal(info!['memberCount'], 1);
      assert.equal(info!['muteAll'], false);
    }
    // Custom IDs: printable ASCII up to 48 bytes, never @TGS# (generated), Communities always @TGS#_.
    assert.equal((await ok(alice, 'createGroup', { type: 'Work', name: 'w', groupId: 'team-1' }))['groupId'], 'team-1');
    await fails(alice, 'createGroup', { type: 'Public', name: 'p', groupId: 'team-1' }, 'IM_GROUP_ID_IN_USE');
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', groupId: '@TGS#mine' }, 'IM_GROUP_ID_INVALID');
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', groupId: 'x'.repeat(49) }, 'IM_GROUP_ID_INVALID');
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', groupId: 'caf\u00e9' }, 'IM_GROUP_ID_INVALID');
    await fails(alice, 'createGroup', { type: 'Community', name: 'c', groupId: 'fans' }, 'IM_GROUP_ID_INVALID');
    assert.equal((await ok(alice, 'createGroup', { type: 'Community', name: 'c', groupId: '@TGS#_fans' }))['groupId'], '@TGS#_fans');
    assert.equal((await ok(alice, 'createGroup', { type: 'Work', name: 'w', groupId: 'x'.repeat(48) }))['groupId'], 'x'.repeat(48));
    // Limits and bad input.
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', maxMemberCount: 6001 }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'createGroup', { type: 'Team', name: 'w' }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'createGroup', { type: 'Work', name: 'x'.repeat(31) }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'createGroup', { type: 'Work' }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', memberList: [{ userId: 'ghost' }] }, 'IM_GROUP_ACCOUNT_NOT_FOUND');
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', memberList: [{ userId: 'bob', role: 'Admin' }] }, 'IM_GROUP_PERMISSION_DENIED');
    await fails(alice, 'createGroup', { type: 'AVChatRoom', name: 'live', memberList: [{ userId: 'bob' }] }, 'IM_GROUP_PERMISSION_DENIED');
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', maxMemberCount: 1, memberList: [{ userId: 'bob' }] }, 'IM_GROUP_FULL');
    const many = Array.from({ length: 501 }, (_, i) => ({ userId: `u${i}` }));
    await fails(alice, 'createGroup', { type: 'Public', name: 'big', memberList: many }, 'IM_GROUP_ACCOUNT_LIMIT');
    await alice.close();
  }));

test('a custom ID with a space (printable ASCII 0x20–0x7e) creates a group that can then be messaged; control characters are refused', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice');
    const bob = await login(server, app, 'bob');
    const groupId = 'team one';
    assert.equal((await ok(alice, 'createGroup', { type: 'Work', name: 'w', groupId, memberList: [{ userId: 'bob' }] }))['groupId'], groupId);
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', groupId: 'tab\there' }, 'IM_GROUP_ID_INVALID');
    await fails(alice, 'createGroup', { type: 'Work', name: 'w', groupId: 'del\x7f' }, 'IM_GROUP_ID_INVALID');
    const sent = await ok(alice, 'sendGroupMessage', { groupId, elements: [{ type: 'TIMTextElem', content: { text: 'hi' } }], random: 1 });
    const history = await ok(bob, 'getGroupHistory', { groupId, direction: 'older', count: 10 });
    const messages = history['messages'] as Array<Record<string, unknown>>;
    assert.deepEqual(messages.at(-1)?.['msgKey'], sent['msgKey']);
    assert.equal(messages.at(-1)?.['conversationId'], `group_${groupId}`);
    for (const c of [alice, bob]) await c.close();
  }));

test('Work: members invite and invitees join at once; nobody applies; the owner may quit but nobody dismisses by socket', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol', 'dave'] });
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((u) => login(server, app, u)));
    const groupId = (await ok(alice!, 'createGroup', { type: 'Work', name: 'team', memberList: [{ userId: 'bob' }] }))['groupId'] as string;
    assert.equal(((await bob!.nextEvent('groupJoined'))['group'] as Record<string, unknown>)['role'], 'Member');
    await fails(dave!, 'joinGroup', { groupId }, 'IM_GROUP_PERMISSION_DENIED');
    // An ordinary member invites; the invitee is in at once.
    const invited = await ok(bob!, 'inviteToGroup', { groupId, userList: ['carol', 'alice', 'ghost'] });
    assert.deepEqual(invited['results'], [
      { userId: 'carol', result: 'ok' }, { userId: 'alice', result: 'alreadyMember' }, { userId: 'ghost', result: 'failed', code: 10019 },
    ]);
    const joined = (await carol!.nextEvent('groupJoined'))['group'] as Record<string, unknown>;
    assert.equal(joined['joinSeq'], 0);
    for (const c of [alice!, bob!, carol!]) {
      const tip = await nextTip(c, groupId);
      assert.equal(tip.seq, 1);
      assert.equal(tip.opType, 'Invite');
      assert.deepEqual(tip.userList, ['carol']);
      assert.equal(tip.content['opUser'], 'bob');
    }
    // Only the owner kicks in a Work group; nobody mutes; there are no admins.
    await fails(bob!, 'kickGroupMember', { groupId, userList: ['carol'] }, 'IM_GROUP_PERMISSION_DENIED');
    await fails(alice!, 'muteGroupMember', { groupId, userId: 'bob', seconds: 60 }, 'IM_GROUP_PERMISSION_DENIED');
    await fails(alice!, 'setGroupMemberRole', { groupId, userId: 'bob', role: 'Admin' }, 'IM_GROUP_PERMISSION_DENIED');
    // Any member edits the profile; only owner/admin switches mute-all.
    await ok(carol!, 'setGroupInfo', { groupId, name: 'renamed', notification: 'hello' });
    await fails(carol!, 'setGroupInfo', { groupId, muteAll: true }, 'IM_GROUP_PERMISSION_DENIED');
    await fails(alice!, 'dismissGroup', { groupId }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(alice!, 'kickGroupMember', { groupId, userList: ['carol'], reason: 'bye' });
    const kicked = await carol!.nextEvent('groupKicked');
    assert.deepEqual(kicked, { groupId, by: 'alice', reason: 'bye' });
    // The Work owner may leave: the group stays, without owner.
    await ok(alice!, 'quitGroup', { groupId });
    const group = await groupRow(server, app.sdkAppId, groupId);
    assert.equal(group?.owner, null);
    assert.equal(group?.member_count, 1);
    assert.deepEqual((await storedTips(server, app.sdkAppId, groupId)).map((t) => [t.seq, t.opType]), [[1, 'Invite'], [2, 'GroupInfoChange'], [3, 'Kicked'], [4, 'Quit']]);
    for (const c of [alice, bob, carol, dave]) await c!.close();
  }));

test('Public: NeedPermission applications go to owner and admins, who accept or refuse; roles and kick/mute permissions', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['owner', 'admin', 'member', 'applicant', 'other'] });
    const [owner, admin, member, applicant, other] = await Promise.all(['owner', 'admin', 'member', 'applicant', 'other'].map((u) => login(server, app, u)));
    const groupId = (await ok(owner!, 'createGroup', { type: 'Public', name: 'club', memberList: [{ userId: 'admin', role: 'Admin' }, { userId: 'member' }] }))['groupId'] as string;
    // Members do not invite into Public groups; admins do.
    await fails(member!, 'inviteToGroup', { groupId, userList: ['other'] }, 'IM_GROUP_PERMISSION_DENIED');
    assert.equal((await ok(applicant!, 'joinGroup', { groupId, message: 'let me in' }))['status'], 'pending');
    for (const c of [owner!, admin!]) {
      const { createdAt, ...rest } = await c.nextEvent('groupApplicationReceived');
      assert.deepEqual(rest, { groupId, userId: 'applicant', message: 'let me in' });
      assert.equal(typeof createdAt, 'number');
    }
    const list = (await ok(admin!, 'getGroupApplicationList'))['applications'] as Array<Record<string, unknown>>;
    assert.deepEqual(list.map((a) => [a['groupId'], a['userId'], a['message']]), [[groupId, 'applicant', 'let me in']]);
    assert.deepEqual((await ok(member!, 'getGroupApplicationList'))['applications'], []);
    await fails(member!, 'handleGroupApplication', { groupId, userId: 'applicant', accept: true }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(admin!, 'handleGroupApplication', { groupId, userId: 'applicant', accept: true });
    await fails(owner!, 'handleGroupApplication', { groupId, userId: 'applicant', accept: true }, 'IM_GROUP_REQUEST_HANDLED');
    assert.deepEqual(await applicant!.nextEvent('groupApplicationHandled'), { groupId, accepted: true, by: 'admin' });
    const joined = (await applicant!.nextEvent('groupJoined'))['group'] as Record<string, unknown>;
    assert.equal(joined['joinSeq'], 0);
    assert.equal((await nextTip(applicant!, groupId)).opType, 'Join');
    // A refusal removes the application without membership.
    await ok(other!, 'joinGroup', { groupId });
    await ok(owner!, 'handleGroupApplication', { groupId, userId: 'other', accept: false });
    assert.deepEqual(await other!.nextEvent('groupApplicationHandled'), { groupId, accepted: false, by: 'owner' });
    assert.equal((await memberRows(server, app.sdkAppId, groupId)).some((m) => m.user_id === 'other'), false);
    await fails(other!, 'getGroupMemberList', { groupId }, 'IM_GROUP_NOT_MEMBER');
    // Kick: admin removes ordinary members only; owner anyone but self; nobody removes the owner.
    await fails(admin!, 'kickGroupMember', { groupId, userList: ['owner'] }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(owner!, 'setGroupMemberRole', { groupId, userId: 'member', role: 'Admin' });
    await fails(admin!, 'kickGroupMember', { groupId, userList: ['member'] }, 'IM_GROUP_PERMISSION_DENIED');
    await fails(admin!, 'setGroupMemberRole', { groupId, userId: 'applicant', role: 'Admin' }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(owner!, 'setGroupMemberRole', { groupId, userId: 'member', role: 'Member' });
    // Mute: admin mutes members, not admins or the owner; the member list shows mute_until.
    await fails(admin!, 'muteGroupMember', { groupId, userId: 'owner', seconds: 60 }, 'IM_GROUP_PERMISSION_DENIED');
    const before = server.ctx.clock.now();
    const muted = await ok(admin!, 'muteGroupMember', { groupId, userId: 'member', seconds: 600 });
    assert.ok((muted['muteUntil'] as number) >= before + 600_000 && (muted['muteUntil'] as number) <= server.ctx.clock.now() + 600_000);
    const page = await ok(member!, 'getGroupMemberList', { groupId, count: 2 });
    assert.equal(page['complete'], false);
    const page2 = await ok(member!, 'getGroupMemberList', { groupId, cursor: page['nextCursor'], count: 100 });
    const members = [...(page['members'] as Array<Record<string, unknown>>), ...(page2['members'] as Array<Record<string, unknown>>)];
    assert.deepEqual(members.map((m) => [m['userId'], m['role']]), [['admin', 'Admin'], ['applicant', 'Member'], ['member', 'Member'], ['owner', 'Owner']]);
    assert.equal(members.find((m) => m['userId'] === 'member')!['muteUntil'], muted['muteUntil']);
    assert.equal(members.find((m) => m['userId'] === 'admin')!['muteUntil'], 0);
    await ok(admin!, 'kickGroupMember', { groupId, userList: ['member'] });
    await fails(owner!, 'kickGroupMember', { groupId, userList: ['owner'] }, 'IM_GROUP_PERMISSION_DENIED');
    // The owner cannot quit a Public group; after transferring, the former owner can.
    await fails(owner!, 'quitGroup', { groupId }, 'IM_GROUP_OWNER_CANNOT_QUIT');
    await fails(admin!, 'transferGroupOwner', { groupId, userId: 'admin' }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(owner!, 'transferGroupOwner', { groupId, userId: 'admin' });
    await ok(owner!, 'quitGroup', { groupId });
    assert.equal((await groupRow(server, app.sdkAppId, groupId))?.owner, 'admin');
    // DisableApply closes the door; only owner/admin may set it.
    await fails(applicant!, 'setGroupInfo', { groupId, applyJoinOption: 'DisableApply' }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(admin!, 'setGroupInfo', { groupId, applyJoinOption: 'DisableApply' });
    await fails(other!, 'joinGroup', { groupId }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(admin!, 'setGroupInfo', { groupId, applyJoinOption: 'FreeAccess', muteAll: true });
    assert.equal((await ok(other!, 'joinGroup', { groupId }))['status'], 'joined');
    const [info] = (await ok(other!, 'getGroupsInfo', { groupIds: [groupId, 'nope'] }))['groups'] as Array<Record<string, unknown>>;
    assert.equal(info!['muteAll'], true);
    assert.equal(info!['owner'], 'admin');
    assert.deepEqual((await storedTips(server, app.sdkAppId, groupId)).map((t) => t.opType), [
      'Join', 'SetAdmin', 'CancelAdmin', 'MemberInfoChange', 'Kicked', 'GroupInfoChange', 'Quit', 'GroupInfoChange', 'GroupInfoChange', 'Join',
    ]);
    for (const c of [owner, admin, member, applicant, other]) await c!.close();
  }));

test('tips arrive as message events with consecutive seqs, match im_group_message, and a joiner starts at its own join tip', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['host', 'p1', 'p2'] });
    const [host, p1, p2] = await Promise.all(['host', 'p1', 'p2'].map((u) => login(server, app, u)));
    const groupId = (await ok(host!, 'createGroup', { type: 'Meeting', name: 'standup' }))['groupId'] as string;
    await ok(p1!, 'joinGroup', { groupId });
    const p1Joined = (await p1!.nextEvent('groupJoined'))['group'] as Record<string, unknown>;
    assert.equal(p1Joined['joinSeq'], 0);
    await ok(host!, 'setGroupInfo', { groupId, introduction: 'daily' });
    await ok(p2!, 'joinGroup', { groupId });
    const p2Joined = (await p2!.nextEvent('groupJoined'))['group'] as Record<string, unknown>;
    assert.equal(p2Joined['joinSeq'], 2, 'join_seq is the seq before the join tip');
    assert.equal(p2Joined['readSeq'], 2);
    await ok(p1!, 'quitGroup', { groupId });
    const hostTips = [await nextTip(host!, groupId), await nextTip(host!, groupId), await nextTip(host!, groupId), await nextTip(host!, groupId)];
    assert.deepEqual(hostTips.map((t) => [t.seq, t.opType]), [[1, 'Join'], [2, 'GroupInfoChange'], [3, 'Join'], [4, 'Quit']]);
    assert.deepEqual(hostTips[1]!.content['changes'], { introduction: 'daily' });
    // The joiner's first message is its own join tip.
    const first = await nextTip(p2!, groupId);
    assert.deepEqual([first.seq, first.opType, first.userList], [3, 'Join', ['p2']]);
    assert.deepEqual((await storedTips(server, app.sdkAppId, groupId)).map((t) => [t.seq, t.opType, t.opUser]), [[1, 'Join', 'p1'], [2, 'GroupInfoChange', 'host'], [3, 'Join', 'p2'], [4, 'Quit', 'p1']]);
    const group = await groupRow(server, app.sdkAppId, groupId);
    assert.equal(group?.last_seq, 4);
    assert.equal(group?.member_count, 2);
    const joinedList = (await ok(p2!, 'getJoinedGroupList'))['groups'] as Array<Record<string, unknown>>;
    assert.deepEqual(joinedList.map((g) => [g['groupId'], g['role'], g['joinSeq'], g['lastSeq'], g['memberCount']]), [[groupId, 'Member', 2, 4, 2]]);
    await fails(p2!, 'joinGroup', { groupId }, 'IM_GROUP_ALREADY_MEMBER');
    await fails(p1!, 'quitGroup', { groupId }, 'IM_GROUP_NOT_MEMBER');
    for (const c of [host, p1, p2]) await c!.close();
  }));

test('a group at its limit refuses the next join and invite with IM_GROUP_FULL; AVChatRoom takes no invitations', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['a', 'b', 'c', 'd'] });
    const [a, b, c, d] = await Promise.all(['a', 'b', 'c', 'd'].map((u) => login(server, app, u)));
    const groupId = (await ok(a!, 'createGroup', { type: 'Meeting', name: 'small', maxMemberCount: 2 }))['groupId'] as string;
    await ok(b!, 'joinGroup', { groupId });
    await fails(c!, 'joinGroup', { groupId }, 'IM_GROUP_FULL');
    await fails(a!, 'inviteToGroup', { groupId, userList: ['c'] }, 'IM_GROUP_FULL');
    await fails(a!, 'setGroupInfo', { groupId, maxMemberCount: 1 }, 'IM_GROUP_PARAM_INVALID');
    assert.equal((await groupRow(server, app.sdkAppId, groupId))?.member_count, 2);
    const live = (await ok(a!, 'createGroup', { type: 'AVChatRoom', name: 'live' }))['groupId'] as string;
    await fails(a!, 'inviteToGroup', { groupId: live, userList: ['d'] }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(d!, 'joinGroup', { groupId: live });
    await fails(a!, 'kickGroupMember', { groupId: live, userList: ['d'] }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(a!, 'muteGroupMember', { groupId: live, userId: 'd', seconds: 30 });
    await fails(a!, 'quitGroup', { groupId: live }, 'IM_GROUP_OWNER_CANNOT_QUIT');
    await ok(d!, 'quitGroup', { groupId: live });
    for (const x of [a, b, c, d]) await x!.close();
  }));

test('dismissGroup deletes every row of the group and tells each member; the ID can be used again', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['owner', 'm1', 'm2', 'outsider'] });
    const [owner, m1, m2, outsider] = await Promise.all(['owner', 'm1', 'm2', 'outsider'].map((u) => login(server, app, u)));
    const groupId = (await ok(owner!, 'createGroup', { type: 'Community', name: 'fans', groupId: '@TGS#_fans', memberList: [{ userId: 'm1' }, { userId: 'm2', role: 'Admin' }] }))['groupId'] as string;
    await ok(outsider!, 'joinGroup', { groupId });
    await ok(m1!, 'inviteToGroup', { groupId, userList: ['outsider'] });
    await ok(outsider!, 'quitGroup', { groupId });
    await server.ctx.store.db.insertInto('im_group_application').values({ sdk_app_id: app.sdkAppId, group_id: groupId, user_id: 'outsider', message: '', created_at: 1 }).execute();
    await server.ctx.store.db.insertInto('im_group_at').values({ sdk_app_id: app.sdkAppId, group_id: groupId, user_id: 'm1', seq: 1 }).execute();
    await fails(m2!, 'dismissGroup', { groupId }, 'IM_GROUP_PERMISSION_DENIED');
    await ok(owner!, 'dismissGroup', { groupId });
    for (const c of [owner!, m1!, m2!]) assert.deepEqual(await c.nextEvent('groupDismissed'), { groupId, by: 'owner' });
    const db = server.ctx.store.db;
    for (const table of ['im_group', 'im_group_member', 'im_group_message', 'im_group_at', 'im_group_application'] as const) {
      const rows = await db.selectFrom(table).selectAll().where('sdk_app_id', '=', app.sdkAppId).where('group_id', '=', groupId).execute();
      assert.equal(rows.length, 0, `${table} emptied`);
    }
    await fails(m1!, 'joinGroup', { groupId }, 'IM_GROUP_NOT_FOUND');
    await fails(owner!, 'dismissGroup', { groupId }, 'IM_GROUP_NOT_FOUND');
    assert.equal((await ok(owner!, 'createGroup', { type: 'Community', name: 'again', groupId }))['groupId'], groupId);
    for (const c of [owner, m1, m2, outsider]) await c!.close();
  }));

test('tenancy: a user of app B cannot see or touch app A\'s group with the same ID', () =>
  withServer(async (server) => {
    const appA = await createTestImApp(server, { users: ['alice', 'mallory'] });
    const appB = await createTestImApp(server, { users: ['mallory', 'bob'] });
    const alice = await login(server, appA, 'alice');
    const mallory = await login(server, appB, 'mallory');
    await ok(alice, 'createGroup', { type: 'Meeting', name: 'A secret', groupId: 'same-id' });
    for (const [op, data] of [
      ['joinGroup', { groupId: 'same-id' }], ['quitGroup', { groupId: 'same-id' }], ['dismissGroup', { groupId: 'same-id' }],
      ['kickGroupMember', { groupId: 'same-id', userList: ['alice'] }], ['setGroupInfo', { groupId: 'same-id', name: 'pwned' }],
      ['inviteToGroup', { groupId: 'same-id', userList: ['mallory'] }], ['getGroupMemberList', { groupId: 'same-id' }],
      ['muteGroupMember', { groupId: 'same-id', userId: 'alice', seconds: 10 }], ['transferGroupOwner', { groupId: 'same-id', userId: 'mallory' }],
    ] as const) await fails(mallory, op, data, 'IM_GROUP_NOT_FOUND');
    assert.deepEqual((await ok(mallory, 'getGroupsInfo', { groupIds: ['same-id'] }))['groups'], []);
    // Inviting A's user from B's group of the same ID: alice is no account of B.
    await ok(mallory, 'createGroup', { type: 'Work', name: 'B group', groupId: 'same-id' });
    const res = await ok(mallory, 'inviteToGroup', { groupId: 'same-id', userList: ['alice'] });
    assert.deepEqual(res['results'], [{ userId: 'alice', result: 'failed', code: 10019 }]);
    const a = await groupRow(server, appA.sdkAppId, 'same-id');
    assert.equal(a?.name, 'A secret');
    assert.equal(a?.member_count, 1);
    assert.deepEqual((await memberRows(server, appA.sdkAppId, 'same-id')).map((m) => m.user_id), ['alice']);
    await alice.close();
    await mallory.close();
  }));

test('bad arguments answer IM_GROUP_PARAM_INVALID; ops need a login', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice'] });
    const alice = await login(server, app, 'alice');
    await fails(alice, 'joinGroup', {}, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'joinGroup', { groupId: 42 }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'inviteToGroup', { groupId: 'g', userList: [] }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'muteGroupMember', { groupId: 'g', userId: 'alice' }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'setGroupMemberRole', { groupId: 'g', userId: 'alice', role: 'Owner' }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'getGroupsInfo', { groupIds: Array.from({ length: 51 }, (_, i) => `g${i}`) }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'handleGroupApplication', { groupId: 'g', userId: 'alice' }, 'IM_GROUP_PARAM_INVALID');
    await fails(alice, 'setGroupInfo', { groupId: 'g' }, 'IM_GROUP_PARAM_INVALID');
    await alice.close();
    const { openClient } = await import('../ws/ws-test-client.ts');
    const anon = await openClient(server);
    const res = await anon.request('createGroup', { type: 'Work', name: 'x' });
    assert.notEqual(res.code, 0);
    await anon.close();
  }));
