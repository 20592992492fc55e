/** Bad-input entries of the group management routes (merged into routeTable in route-table.ts). */
import { assert, ids, imOkWithoutLeak, same, type RouteSpec } from './route-spec.ts';
import type { World } from './edge-world.ts';

const G = '/v4/group_open_http_svc';
const spec = (path: string, valid: (w: World) => unknown, cases: RouteSpec['cases']): RouteSpec => ({
  family: 'im-rest', auth: 'im-rest', body: 'json', valid: (w) => ({ path: `${G}/${path}`, body: valid(w) }), ...(cases ? { cases } : {}),
});

/** The answer never carries app B's group name. */
const noGroupLeak = (check?: (body: any, w: World) => void) => imOkWithoutLeak((body, w) => {
  assert(!JSON.stringify(body).includes(w.im.bGroupName), `the answer leaks app B's group: ${JSON.stringify(body)}`);
  check?.(body, w);
});

export const imGroupRoutes: Record<string, RouteSpec> = {
  'POST /v4/group_open_http_svc/create_group': spec('create_group', (w) => ({ Owner_Account: w.im.aUser, Type: 'Public', Name: 'new group' }), (w) => [
    { name: 'Type missing', body: { Name: 'x' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'Name a number', body: { Type: 'Public', Name: 5 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'Type unknown', body: { Type: 'Team', Name: 'x' }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'Name over 30 bytes', body: { Type: 'Public', Name: '\u00e9'.repeat(16) }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'MaxMemberCount above the type maximum', body: { Type: 'Work', Name: 'x', MaxMemberCount: 6001 }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'GroupId with the generated prefix', body: { Type: 'Public', Name: 'x', GroupId: '@TGS#mine' }, expect: 'IM_GROUP_ID_INVALID' },
    { name: 'Community GroupId without @TGS#_', body: { Type: 'Community', Name: 'x', GroupId: 'fans' }, expect: 'IM_GROUP_ID_INVALID' },
    { name: 'GroupId of 49 bytes', body: { Type: 'Public', Name: 'x', GroupId: 'g'.repeat(49) }, expect: 'IM_GROUP_ID_INVALID' },
    { name: 'GroupId in use', body: { Type: 'Public', Name: 'x', GroupId: w.im.aGroup }, expect: 'IM_GROUP_ID_IN_USE' },
    { name: "IM app B's account as owner", body: { Type: 'Public', Name: 'x', Owner_Account: w.im.bUser }, expect: 'IM_GROUP_ACCOUNT_NOT_FOUND' },
    { name: "IM app B's account as member", body: { Type: 'Public', Name: 'x', MemberList: [{ Member_Account: w.im.bUser }] }, expect: 'IM_GROUP_ACCOUNT_NOT_FOUND' },
    { name: 'MemberList an object', body: { Type: 'Public', Name: 'x', MemberList: { Member_Account: w.im.aUser } }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'Role Owner in MemberList', body: { Type: 'Public', Name: 'x', MemberList: [{ Member_Account: w.im.shared, Role: 'Owner' }] }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'AVChatRoom with members', body: { Type: 'AVChatRoom', Name: 'x', MemberList: [{ Member_Account: w.im.shared }] }, expect: 'IM_GROUP_PERMISSION_DENIED' },
    { name: 'AppDefinedData with a bad Key', body: { Type: 'Public', Name: 'x', AppDefinedData: [{ Key: 'bad key!', Value: 'v' }] }, expect: 'IM_GROUP_PARAM_INVALID' },
  ]),
  'POST /v4/group_open_http_svc/add_group_member': spec('add_group_member', (w) => ({ GroupId: w.im.aGroup, MemberList: [{ Member_Account: 'newcomer' }] }), (w) => [
    { name: 'MemberList missing', body: { GroupId: w.im.aGroup }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'GroupId a number', body: { GroupId: 7, MemberList: [{ Member_Account: w.im.aUser }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'Silence 2', body: { GroupId: w.im.aGroup, Silence: 2, MemberList: [{ Member_Account: w.im.aUser }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'too many members (301)', body: { GroupId: w.im.aGroup, MemberList: ids(301).map((u) => ({ Member_Account: u })) }, expect: 'IM_GROUP_ACCOUNT_LIMIT' },
    { name: "IM app B's group", body: { GroupId: w.im.bGroup, MemberList: [{ Member_Account: w.im.shared }] }, expect: 'IM_GROUP_NOT_FOUND' },
    {
      name: "IM app B's account into A's group", body: { GroupId: w.im.aGroup, MemberList: [{ Member_Account: w.im.bUser }] },
      expect: noGroupLeak((body, x) => same(body.MemberList, [{ Member_Account: x.im.bUser, Result: 0 }], 'MemberList')),
    },
  ]),
  'POST /v4/group_open_http_svc/delete_group_member': spec('delete_group_member', (w) => ({ GroupId: w.im.aGroup, MemberToDel_Account: [w.im.shared] }), (w) => [
    { name: 'MemberToDel_Account missing', body: { GroupId: w.im.aGroup }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'MemberToDel_Account empty', body: { GroupId: w.im.aGroup, MemberToDel_Account: [] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'too many members (101)', body: { GroupId: w.im.aGroup, MemberToDel_Account: ids(101) }, expect: 'IM_GROUP_ACCOUNT_LIMIT' },
    { name: "IM app B's group", body: { GroupId: w.im.bGroup, MemberToDel_Account: [w.im.shared] }, expect: 'IM_GROUP_NOT_FOUND' },
    { name: "IM app B's member from A's group", body: { GroupId: w.im.aGroup, MemberToDel_Account: [w.im.bUser] }, expect: 'IM_GROUP_NOT_MEMBER' },
    { name: 'the owner', body: { GroupId: w.im.aGroup, MemberToDel_Account: [w.im.aUser] }, expect: 'IM_GROUP_PERMISSION_DENIED' },
  ]),
  'POST /v4/group_open_http_svc/destroy_group': spec('destroy_group', (w) => ({ GroupId: w.im.aGroup }), (w) => [
    { name: 'GroupId a number', body: { GroupId: 1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'GroupId of 49 bytes', body: { GroupId: 'g'.repeat(49) }, expect: 'IM_GROUP_ID_INVALID' },
    { name: 'GroupId not ASCII', body: { GroupId: 'gr\u00fcppe' }, expect: 'IM_GROUP_ID_INVALID' },
    { name: "IM app B's group", body: { GroupId: w.im.bGroup }, expect: 'IM_GROUP_NOT_FOUND' },
  ]),
  'POST /v4/group_open_http_svc/get_group_info': spec('get_group_info', (w) => ({ GroupIdList: [w.im.aGroup] }), (w) => [
    { name: 'GroupIdList empty', body: { GroupIdList: [] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'GroupIdList of numbers', body: { GroupIdList: [1] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'too many groups (51)', body: { GroupIdList: ids(51) }, expect: 'IM_GROUP_ACCOUNT_LIMIT' },
    { name: 'ResponseFilter a string', body: { GroupIdList: [w.im.aGroup], ResponseFilter: 'all' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    {
      name: "IM app B's group", body: { GroupIdList: [w.im.bGroup], ResponseFilter: { MemberInfoFilter: [] } },
      expect: noGroupLeak((body, x) => same(body.GroupInfo, [{ GroupId: x.im.bGroup, ErrorCode: 10010, ErrorInfo: 'the group does not exist' }], 'GroupInfo')),
    },
    {
      name: 'a group ID both apps use', body: { GroupIdList: [w.im.sharedGroup], ResponseFilter: { MemberInfoFilter: ['Role'] } },
      expect: noGroupLeak((body, x) => {
        same(body.GroupInfo[0].Name, 'Caller Shared Group', 'Name');
        same(body.GroupInfo[0].MemberList, [{ Member_Account: x.im.aUser, Role: 'Owner' }], 'MemberList');
      }),
    },
  ]),
  'POST /v4/group_open_http_svc/get_group_member_info': spec('get_group_member_info', (w) => ({ GroupId: w.im.aGroup }), (w) => [
    { name: 'Limit a string', body: { GroupId: w.im.aGroup, Limit: '10' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'Offset negative', body: { GroupId: w.im.aGroup, Offset: -1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'Limit above 6000', body: { GroupId: w.im.aGroup, Limit: 6001 }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: "IM app B's group", body: { GroupId: w.im.bGroup }, expect: 'IM_GROUP_NOT_FOUND' },
    {
      name: 'a group ID both apps use', body: { GroupId: w.im.sharedGroup },
      expect: noGroupLeak((body, x) => same(body.MemberList.map((m: { Member_Account: string }) => m.Member_Account), [x.im.aUser], 'members')),
    },
  ]),
  'POST /v4/group_open_http_svc/get_joined_group_list': spec('get_joined_group_list', (w) => ({ Member_Account: w.im.aUser }), (w) => [
    { name: 'Member_Account a number', body: { Member_Account: 1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'GroupType unknown', body: { Member_Account: w.im.aUser, GroupType: 'Team' }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: "IM app B's account", body: { Member_Account: w.im.bUser }, expect: noGroupLeak((body) => same([body.TotalCount, body.GroupIdList], [0, []], 'joined groups')) },
    {
      name: 'an account both apps have', body: { Member_Account: w.im.shared },
      expect: noGroupLeak((body, x) => same(body.GroupIdList, [{ GroupId: x.im.aGroup }], 'GroupIdList')),
    },
  ]),
  'POST /v4/group_open_http_svc/modify_group_base_info': spec('modify_group_base_info', (w) => ({ GroupId: w.im.aGroup, Name: 'renamed' }), (w) => [
    { name: 'nothing to change', body: { GroupId: w.im.aGroup }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'ShutUpAllMember Maybe', body: { GroupId: w.im.aGroup, ShutUpAllMember: 'Maybe' }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'ShutUpAllMember true', body: { GroupId: w.im.aGroup, ShutUpAllMember: true }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'Notification over 300 bytes', body: { GroupId: w.im.aGroup, Notification: 'n'.repeat(301) }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'ApplyJoinOption on a Work group', body: { GroupId: w.im.aGroup, ApplyJoinOption: 'FreeAccess' }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'MaxMemberNum below the member count', body: { GroupId: w.im.aGroup, MaxMemberNum: 1 }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: "IM app B's group", body: { GroupId: w.im.bGroup, Name: 'pwned' }, expect: 'IM_GROUP_NOT_FOUND' },
  ]),
  'POST /v4/group_open_http_svc/modify_group_member_info': spec('modify_group_member_info', (w) => ({ GroupId: w.im.aGroup, Member_Account: w.im.shared, NameCard: 'card' }), (w) => [
    { name: 'Member_Account missing', body: { GroupId: w.im.aGroup, NameCard: 'x' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'Role Owner', body: { GroupId: w.im.aGroup, Member_Account: w.im.shared, Role: 'Owner' }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'MsgFlag unknown', body: { GroupId: w.im.aGroup, Member_Account: w.im.shared, MsgFlag: 'Loud' }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'NameCard over 50 bytes', body: { GroupId: w.im.aGroup, Member_Account: w.im.shared, NameCard: 'c'.repeat(51) }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'Role Admin in a Work group', body: { GroupId: w.im.aGroup, Member_Account: w.im.shared, Role: 'Admin' }, expect: 'IM_GROUP_PERMISSION_DENIED' },
    { name: "IM app B's group", body: { GroupId: w.im.bGroup, Member_Account: w.im.shared, NameCard: 'x' }, expect: 'IM_GROUP_NOT_FOUND' },
    { name: "IM app B's member in A's group", body: { GroupId: w.im.aGroup, Member_Account: w.im.bUser, NameCard: 'x' }, expect: 'IM_GROUP_NOT_MEMBER' },
  ]),
  'POST /v4/group_open_http_svc/forbid_send_msg': spec('forbid_send_msg', (w) => ({ GroupId: w.im.aGroup, Members_Account: [w.im.shared], ShutUpTime: 60 }), (w) => [
    { name: 'ShutUpTime missing', body: { GroupId: w.im.aGroup, Members_Account: [w.im.shared] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'ShutUpTime above uint32', body: { GroupId: w.im.aGroup, Members_Account: [w.im.shared], ShutUpTime: 4_294_967_296 }, expect: 'IM_GROUP_PARAM_INVALID' },
    { name: 'Members_Account a string', body: { GroupId: w.im.aGroup, Members_Account: w.im.shared, ShutUpTime: 1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: 'a Work group (no muting)', body: { GroupId: w.im.aGroup, Members_Account: [w.im.shared], ShutUpTime: 60 }, expect: 'IM_GROUP_PERMISSION_DENIED' },
    { name: "IM app B's group", body: { GroupId: w.im.bGroup, Members_Account: [w.im.shared], ShutUpTime: 60 }, expect: 'IM_GROUP_NOT_FOUND' },
  ]),
  'POST /v4/group_open_http_svc/change_group_owner': spec('change_group_owner', (w) => ({ GroupId: w.im.aGroup, NewOwner_Account: w.im.shared }), (w) => [
    { name: 'NewOwner_Account missing', body: { GroupId: w.im.aGroup }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    { name: "IM app B's group", body: { GroupId: w.im.bGroup, NewOwner_Account: w.im.shared }, expect: 'IM_GROUP_NOT_FOUND' },
    { name: "IM app B's member of the shared group", body: { GroupId: w.im.sharedGroup, NewOwner_Account: w.im.bUser }, expect: 'IM_GROUP_NOT_MEMBER' },
  ]),
};
