/**
 * Tencent's group management REST API (group_open_http_svc) against a real server: field names and results as
 * Tencent spells them, the app admin's rights, live events and tips reaching connected members, AVChatRoom rules,
 * and tenancy (app A's admin never reaches app B's group of the same ID).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, v4, withServer } from '../helpers/im-fixtures.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';
import { groupRow, memberRows, nextTip, storedTips, v4Fails, v4Ok } from './fixtures.ts';

const G = 'group_open_http_svc';

test('create_group, add_group_member, get_group_info, get_group_member_info, get_joined_group_list', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['leckie', 'tommy', 'jared', 'peter'] });
    const tommy = await login(server, app, 'tommy');
    const created = await v4Ok(server, app, `${G}/create_group`, {
      Owner_Account: 'leckie', Type: 'Public', GroupId: 'rest-group', Name: 'TestGroup', Introduction: 'intro', Notification: 'notice',
      FaceUrl: 'http://face', MaxMemberCount: 50, ApplyJoinOption: 'FreeAccess',
      MemberList: [{ Member_Account: 'tommy', Role: 'Admin' }, { Member_Account: 'jared' }], AppDefinedData: [{ Key: 'Level', Value: '3' }],
    });
    assert.equal(created.GroupId, 'rest-group');
    const joined = (await tommy.nextEvent('groupJoined'))['group'] as Record<string, unknown>;
    assert.deepEqual([joined['groupId'], joined['role']], ['rest-group', 'Admin']);
    // Old type names; no owner at all; generated IDs.
    const ownerless = await v4Ok(server, app, `${G}/create_group`, { Type: 'Private', Name: 'nobody owns me' });
    assert.ok((ownerless.GroupId as string).startsWith('@TGS#1'));
    assert.equal((await groupRow(server, app.sdkAppId, ownerless.GroupId))?.owner, null);
    assert.equal((await groupRow(server, app.sdkAppId, ownerless.GroupId))?.member_count, 0);
    await v4Fails(server, app, `${G}/create_group`, { Type: 'Public', Name: 'dup', GroupId: 'rest-group' }, 10021);
    await v4Fails(server, app, `${G}/create_group`, { Type: 'Public', Name: 'bad', GroupId: '@TGS#forged' }, 10015);
    await v4Fails(server, app, `${G}/create_group`, { Type: 'Public', Name: 'ghost', Owner_Account: 'ghost' }, 10019);
    await v4Fails(server, app, `${G}/create_group`, { Type: 'AVChatRoom', Name: 'live', MemberList: [{ Member_Account: 'tommy' }] }, 10007);
    await v4Fails(server, app, `${G}/create_group`, { Type: 'Nope', Name: 'x' }, 10004);
    await v4Fails(server, app, `${G}/create_group`, { Name: 'x' }, 70402);

    const added = await v4Ok(server, app, `${G}/add_group_member`, { GroupId: 'rest-group', MemberList: [{ Member_Account: 'peter' }, { Member_Account: 'tommy' }, { Member_Account: 'ghost' }] });
    assert.deepEqual(added.MemberList, [{ Member_Account: 'peter', Result: 1 }, { Member_Account: 'tommy', Result: 2 }, { Member_Account: 'ghost', Result: 0 }]);
    const tip = await nextTip(tommy, 'rest-group');
    assert.deepEqual([tip.seq, tip.opType, tip.userList, tip.content['opUser']], [1, 'Invite', ['peter'], 'administrator']);
    await v4Fails(server, app, `${G}/add_group_member`, { GroupId: 'rest-group', MemberList: Array.from({ length: 301 }, (_, i) => ({ Member_Account: `u${i}` })) }, 10005);
    await v4Fails(server, app, `${G}/add_group_member`, { GroupId: 'missing', MemberList: [{ Member_Account: 'peter' }] }, 10010);

    const info = await v4Ok(server, app, `${G}/get_group_info`, { GroupIdList: ['rest-group', 'missing'] });
    const [g, missing] = info.GroupInfo;
    assert.equal(g.GroupId, 'rest-group');
    assert.equal(g.ErrorCode, 0);
    assert.deepEqual(
      [g.Type, g.Name, g.Introduction, g.Notification, g.FaceUrl, g.Owner_Account, g.MemberNum, g.MaxMemberNum, g.ApplyJoinOption, g.ShutUpAllMember, g.NextMsgSeq],
      ['Public', 'TestGroup', 'intro', 'notice', 'http://face', 'leckie', 4, 50, 'FreeAccess', 'Off', 2],
    );
    assert.deepEqual(g.AppDefinedData, [{ Key: 'Level', Value: '3' }]);
    assert.equal(g.MemberList, undefined);
    assert.deepEqual([missing.GroupId, missing.ErrorCode], ['missing', 10010]);
    const filtered = await v4Ok(server, app, `${G}/get_group_info`, { GroupIdList: ['rest-group'], ResponseFilter: { GroupBaseInfoFilter: ['Name'], MemberInfoFilter: ['Role'] } });
    assert.deepEqual(filtered.GroupInfo[0], {
      GroupId: 'rest-group', ErrorCode: 0, ErrorInfo: '', Name: 'TestGroup',
      MemberList: [{ Member_Account: 'jared', Role: 'Member' }, { Member_Account: 'leckie', Role: 'Owner' }, { Member_Account: 'peter', Role: 'Member' }, { Member_Account: 'tommy', Role: 'Admin' }],
    });

    const page = await v4Ok(server, app, `${G}/get_group_member_info`, { GroupId: 'rest-group', Limit: 2, Offset: 1 });
    assert.equal(page.MemberNum, 4);
    assert.deepEqual(page.MemberList.map((m: any) => m.Member_Account), ['leckie', 'peter']);
    const m = page.MemberList[0];
    assert.deepEqual([m.Role, m.MsgFlag, m.ShutUpUntil, m.NameCard, typeof m.JoinTime], ['Owner', 'AcceptAndNotify', 0, '', 'number']);

    const list = await v4Ok(server, app, `${G}/get_joined_group_list`, { Member_Account: 'tommy' });
    assert.deepEqual([list.TotalCount, list.GroupIdList], [1, [{ GroupId: 'rest-group' }]]);
    assert.equal((await v4Ok(server, app, `${G}/get_joined_group_list`, { Member_Account: 'tommy', GroupType: 'Work' })).TotalCount, 0);
    await tommy.close();
  }));

test('modify_group_base_info, modify_group_member_info, forbid_send_msg, change_group_owner, delete_group_member, destroy_group', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['owner', 'alice', 'bob'] });
    const alice = await login(server, app, 'alice');
    const bob = await login(server, app, 'bob');
    await v4Ok(server, app, `${G}/create_group`, { Owner_Account: 'owner', Type: 'Meeting', GroupId: 'room', Name: 'Room', MemberList: [{ Member_Account: 'alice' }, { Member_Account: 'bob' }] });
    await v4Ok(server, app, `${G}/modify_group_base_info`, { GroupId: 'room', Name: 'Renamed', ShutUpAllMember: 'On', MaxMemberNum: 100 });
    const info = (await v4Ok(server, app, `${G}/get_group_info`, { GroupIdList: ['room'] })).GroupInfo[0];
    assert.deepEqual([info.Name, info.ShutUpAllMember, info.MaxMemberNum], ['Renamed', 'On', 100]);
    await v4Fails(server, app, `${G}/modify_group_base_info`, { GroupId: 'room', ShutUpAllMember: 'Maybe' }, 10004);
    await v4Fails(server, app, `${G}/modify_group_base_info`, { GroupId: 'room', MaxMemberNum: 2 }, 10004);

    await v4Ok(server, app, `${G}/modify_group_member_info`, { GroupId: 'room', Member_Account: 'alice', Role: 'Admin', MsgFlag: 'AcceptNotNotify', NameCard: 'Al', ShutUpTime: 60 });
    const alice1 = (await memberRows(server, app.sdkAppId, 'room')).find((r) => r.user_id === 'alice')!;
    assert.deepEqual([alice1.role, alice1.recv_opt, alice1.name_card], ['Admin', 2, 'Al']);
    assert.ok(Number(alice1.mute_until) > server.ctx.clock.now());
    await v4Ok(server, app, `${G}/modify_group_member_info`, { GroupId: 'room', Member_Account: 'alice', MsgFlag: 'Discard', ShutUpTime: 0 });
    const alice2 = (await memberRows(server, app.sdkAppId, 'room')).find((r) => r.user_id === 'alice')!;
    assert.deepEqual([alice2.recv_opt, Number(alice2.mute_until)], [1, 0]);
    await v4Fails(server, app, `${G}/modify_group_member_info`, { GroupId: 'room', Member_Account: 'ghost', NameCard: 'x' }, 10007);
    await v4Fails(server, app, `${G}/modify_group_member_info`, { GroupId: 'room', Member_Account: 'alice', MsgFlag: 'Loud' }, 10004);

    await v4Ok(server, app, `${G}/forbid_send_msg`, { GroupId: 'room', Members_Account: ['alice', 'bob'], ShutUpTime: 120 });
    const muted = await v4Ok(server, app, `${G}/get_group_member_info`, { GroupId: 'room' });
    for (const m of muted.MemberList.filter((x: any) => x.Member_Account !== 'owner')) assert.ok(m.ShutUpUntil >= Math.floor(server.ctx.clock.now() / 1000) + 119, JSON.stringify(m));

    await v4Ok(server, app, `${G}/change_group_owner`, { GroupId: 'room', NewOwner_Account: 'bob' });
    assert.equal((await groupRow(server, app.sdkAppId, 'room'))?.owner, 'bob');
    await v4Fails(server, app, `${G}/change_group_owner`, { GroupId: 'room', NewOwner_Account: 'ghost' }, 10007);

    await v4Fails(server, app, `${G}/delete_group_member`, { GroupId: 'room', MemberToDel_Account: ['bob'] }, 10007);
    await v4Ok(server, app, `${G}/delete_group_member`, { GroupId: 'room', MemberToDel_Account: ['alice'], Reason: 'spam' });
    assert.deepEqual(await alice.nextEvent('groupKicked'), { groupId: 'room', by: 'administrator', reason: 'spam' });
    await v4Ok(server, app, `${G}/delete_group_member`, { GroupId: 'room', MemberToDel_Account: ['owner'], Silence: 1 });
    const tips = await storedTips(server, app.sdkAppId, 'room');
    assert.deepEqual(tips.map((t) => t.opType), ['GroupInfoChange', 'SetAdmin', 'MemberInfoChange', 'MemberInfoChange', 'MemberInfoChange', 'GroupInfoChange', 'Kicked']);
    assert.ok(tips.every((t) => t.opUser === 'administrator'));

    // An AVChatRoom's members are muted, not removed (10004); adding members is refused (10007).
    await v4Ok(server, app, `${G}/create_group`, { Owner_Account: 'owner', Type: 'AVChatRoom', GroupId: 'live', Name: 'Live' });
    assert.equal((await groupRow(server, app.sdkAppId, 'live'))?.member_count, 0, 'the owner joins an AVChatRoom through the SDK');
    await v4Fails(server, app, `${G}/add_group_member`, { GroupId: 'live', MemberList: [{ Member_Account: 'alice' }] }, 10007);
    await v4Fails(server, app, `${G}/delete_group_member`, { GroupId: 'live', MemberToDel_Account: ['alice'] }, 10004);

    await v4Ok(server, app, `${G}/destroy_group`, { GroupId: 'room' });
    assert.deepEqual(await bob.nextEvent('groupDismissed'), { groupId: 'room', by: 'administrator' });
    assert.equal(await groupRow(server, app.sdkAppId, 'room'), undefined);
    await v4Fails(server, app, `${G}/destroy_group`, { GroupId: 'room' }, 10010);
    // Work groups, which no owner can dismiss, the app admin can.
    await v4Ok(server, app, `${G}/create_group`, { Owner_Account: 'owner', Type: 'Work', GroupId: 'work', Name: 'Work' });
    await v4Ok(server, app, `${G}/destroy_group`, { GroupId: 'work' });
    await v4Fails(server, app, `${G}/forbid_send_msg`, { GroupId: 'live', Members_Account: ['alice'], ShutUpTime: 10 }, 10007);
    await alice.close();
    await bob.close();
  }));

test("tenancy: app A's admin cannot reach app B's group of the same ID", () =>
  withServer(async (server) => {
    const a = await createTestImApp(server, { users: ['alice'] });
    const b = await createTestImApp(server, { users: ['bob', 'alice'] });
    await v4Ok(server, b, `${G}/create_group`, { Owner_Account: 'bob', Type: 'Public', GroupId: 'shared', Name: 'B only', MemberList: [{ Member_Account: 'alice' }] });
    const before = JSON.stringify([await groupRow(server, b.sdkAppId, 'shared'), await memberRows(server, b.sdkAppId, 'shared')]);
    for (const [path, body] of [
      ['destroy_group', { GroupId: 'shared' }], ['get_group_member_info', { GroupId: 'shared' }],
      ['add_group_member', { GroupId: 'shared', MemberList: [{ Member_Account: 'alice' }] }], ['delete_group_member', { GroupId: 'shared', MemberToDel_Account: ['alice'] }],
      ['modify_group_base_info', { GroupId: 'shared', Name: 'pwned' }], ['modify_group_member_info', { GroupId: 'shared', Member_Account: 'alice', NameCard: 'x' }],
      ['forbid_send_msg', { GroupId: 'shared', Members_Account: ['alice'], ShutUpTime: 10 }], ['change_group_owner', { GroupId: 'shared', NewOwner_Account: 'alice' }],
    ] as const) await v4Fails(server, a, `${G}/${path}`, body, 10010);
    const info = await v4Ok(server, a, `${G}/get_group_info`, { GroupIdList: ['shared'] });
    assert.deepEqual([info.GroupInfo[0].ErrorCode, info.GroupInfo[0].Name], [10010, undefined]);
    assert.equal((await v4Ok(server, a, `${G}/get_joined_group_list`, { Member_Account: 'alice' })).TotalCount, 0);
    assert.equal(JSON.stringify([await groupRow(server, b.sdkAppId, 'shared'), await memberRows(server, b.sdkAppId, 'shared')]), before);
    // A's own group with the same ID is another group.
    await v4Ok(server, a, `${G}/create_group`, { Owner_Account: 'alice', Type: 'Public', GroupId: 'shared', Name: 'A' });
    const res = await v4(server, a, `${G}/get_group_member_info`, { GroupId: 'shared' });
    assert.deepEqual(res.MemberList.map((m: any) => m.Member_Account), ['alice']);
  }));
