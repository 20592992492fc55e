/**
 * Tencent's group management REST API (group_open_http_svc): create_group, add_group_member, delete_group_member,
 * destroy_group, get_group_info, get_group_member_info, get_joined_group_list, modify_group_base_info,
 * modify_group_member_info, forbid_send_msg and change_group_owner, with Tencent's field names. The caller is the
 * app admin, who has the owner's rights in every group of its app (and only its app). A field that is missing or
 * of the wrong JSON type answers 70402 (IM_ACCOUNT_PARAM_INVALID, Tencent's "required field missing or malformed");
 * a field of the right type with a value Tencent refuses answers the group code (10004, 10015, …).
 */
import type { FastifyInstance } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { findGroup, findMember } from '../groups/group-members.ts';
import type { GroupOperator } from '../groups/group-rules.ts';
import { createGroupService } from '../groups/group-service.ts';
import { isApplyJoinOption, isGroupType, isValidGroupId, MAX_GROUP_ID_BYTES, type ApplyJoinOption, type GroupType } from '../groups/group-types.ts';
import type { GroupMemberRow, GroupRow } from '../groups/group-views.ts';
import { imOk } from '../rest/envelope.ts';
import { requireImRestCaller } from '../rest/rest-auth.ts';

type Body = Record<string, unknown>;

const MAX_INFO_GROUPS = 50;
const MAX_MEMBER_PAGE = 6000;
const MAX_APP_DEFINED = 10;
/** Tencent's old type names, still accepted by its REST API. */
const TYPE_ALIASES: Record<string, GroupType> = { Private: 'Work', ChatRoom: 'Meeting' };
/** MsgFlag ↔ V2TIMReceiveMessageOpt. */
const MSG_FLAGS: Record<string, number> = { AcceptAndNotify: 0, Discard: 1, AcceptNotNotify: 2 };
const MSG_FLAG_OF = ['AcceptAndNotify', 'Discard', 'AcceptNotNotify', 'AcceptNotNotify'];

function malformed(message: string): never {
  throw heraldError('IM_ACCOUNT_PARAM_INVALID', message);
}

function invalid(message: string): never {
  throw heraldError('IM_GROUP_PARAM_INVALID', message);
}

function groupId(body: Body, name = 'GroupId'): string {
  const value = body[name];
  if (typeof value !== 'string') malformed(`${name} is required`);
  if (!isValidGroupId(value)) throw heraldError('IM_GROUP_ID_INVALID', `${name} is 1 to ${MAX_GROUP_ID_BYTES} printable ASCII characters`);
  return value;
}

function account(body: Body, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') malformed(`${name} is required`);
  if (!isValidUserId(value)) invalid(`${name} must be a UserID`);
  return value;
}

function accounts(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) malformed(`${name} must be a non-empty array of UserIDs`);
  if (!value.every(isValidUserId)) invalid(`${name} must hold UserIDs`);
  return value as string[];
}

function optionalText(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') malformed(`${name} must be a string`);
  return value;
}

function optionalUint(body: Body, name: string, max = 4_294_967_295): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) malformed(`${name} must be a non-negative integer`);
  if (value > max) invalid(`${name} is at most ${max}`);
  return value;
}

function silence(body: Body): boolean {
  const value = body['Silence'];
  if (value === undefined) return false;
  if (value !== 0 && value !== 1) malformed('Silence is 0 or 1');
  return value === 1;
}

function applyJoinOption(body: Body): ApplyJoinOption | undefined {
  const value = body['ApplyJoinOption'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') malformed('ApplyJoinOption must be a string');
  if (!isApplyJoinOption(value)) invalid('ApplyJoinOption is FreeAccess, NeedPermission or DisableApply');
  return value;
}

function appDefinedData(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) malformed('AppDefinedData must be an array of {Key, Value}');
  if (value.length > MAX_APP_DEFINED) invalid(`AppDefinedData takes at most ${MAX_APP_DEFINED} fields`);
  const out: Record<string, string> = {};
  for (const item of value as unknown[]) {
    const o = item as Body;
    if (typeof o !== 'object' || o === null || typeof o['Key'] !== 'string' || typeof o['Value'] !== 'string') malformed('AppDefinedData entries are {Key, Value} strings');
    if (!/^[A-Za-z0-9_]{1,16}$/.test(o['Key'] as string)) invalid('an AppDefinedData Key is 1 to 16 letters, digits or underscores');
    if (Buffer.byteLength(o['Value'] as string) > 512) invalid('an AppDefinedData Value is at most 512 bytes');
    out[o['Key'] as string] = o['Value'] as string;
  }
  return JSON.stringify(out);
}

const seconds = (ms: number | string): number => Math.floor(Number(ms) / 1000);

function memberFields(m: GroupMemberRow) {
  return {
    Member_Account: m.user_id,
    Role: m.role,
    JoinTime: seconds(m.join_time),
    MsgSeq: Number(m.read_seq),
    MsgFlag: MSG_FLAG_OF[Number(m.recv_opt)] ?? 'AcceptAndNotify',
    LastSendMsgTime: 0,
    ShutUpUntil: seconds(m.mute_until),
    NameCard: m.name_card,
    AppMemberDefinedData: [],
  };
}

function groupFields(g: GroupRow): Record<string, unknown> {
  const custom = JSON.parse(g.custom_json) as Record<string, string>;
  return {
    Type: g.type,
    Name: g.name,
    Introduction: g.introduction,
    Notification: g.notification,
    FaceUrl: g.face_url,
    Owner_Account: g.owner ?? '',
    CreateTime: seconds(g.created_at),
    LastInfoTime: seconds(g.updated_at),
    LastMsgTime: seconds(g.last_time),
    NextMsgSeq: Number(g.last_seq) + 1,
    MemberNum: Number(g.member_count),
    MaxMemberNum: Number(g.max_members),
    ApplyJoinOption: g.apply_join_option,
    ShutUpAllMember: Number(g.mute_all) === 1 ? 'On' : 'Off',
    AppDefinedData: Object.entries(custom).map(([Key, Value]) => ({ Key, Value })),
  };
}

function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) malformed(`${name} must be an array of strings`);
  return value as string[];
}

export async function v4GroupRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  const doc = (summary: string) => ({ schema: { tags: ['IM REST API'], summary } });
  const admin = (identifier: string): GroupOperator => ({ userId: identifier, isAppAdmin: true });
  const service = () => createGroupService(ctx);

  /** The group of this app, for the type checks Tencent's REST API makes before the operation. */
  async function groupOf(sdkAppId: number, id: string): Promise<GroupRow> {
    const group = await findGroup(ctx.store.db, { sdkAppId, groupId: id });
    if (group === undefined) throw heraldError('IM_GROUP_NOT_FOUND', `group ${id} does not exist`);
    return group;
  }

  scope.post('/group_open_http_svc/create_group', doc('Create a group'), async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Body;
    const typeName = body['Type'];
    if (typeof typeName !== 'string') malformed('Type is required');
    const type = TYPE_ALIASES[typeName] ?? typeName;
    if (!isGroupType(type)) invalid('Type is Work, Public, Meeting, AVChatRoom or Community (or Private, ChatRoom)');
    const name = body['Name'];
    if (typeof name !== 'string') malformed('Name is required');
    const owner = body['Owner_Account'] === undefined ? null : account(body, 'Owner_Account');
    const id = body['GroupId'];
    if (id !== undefined && typeof id !== 'string') malformed('GroupId must be a string');
    const memberList = body['MemberList'];
    if (memberList !== undefined && !Array.isArray(memberList)) malformed('MemberList must be an array');
    const members = ((memberList ?? []) as unknown[]).map((m) => {
      const o = m as Body;
      if (typeof o !== 'object' || o === null || typeof o['Member_Account'] !== 'string') malformed('MemberList entries are {Member_Account, Role?}');
      if (!isValidUserId(o['Member_Account'])) invalid('Member_Account must be a UserID');
      const role = o['Role'] ?? 'Member';
      if (role !== 'Admin' && role !== 'Member') invalid('Role is Admin (or absent)');
      return { userId: o['Member_Account'] as string, role: role as 'Admin' | 'Member' };
    });
    const group = await service().createGroup(sdkAppId, {
      type, groupId: id as string | undefined, name, owner,
      // Tencent: an AVChatRoom's owner joins through the SDK like everyone else.
      ownerJoins: type !== 'AVChatRoom',
      introduction: optionalText(body, 'Introduction'), notification: optionalText(body, 'Notification'), faceUrl: optionalText(body, 'FaceUrl'),
      maxMemberCount: optionalUint(body, 'MaxMemberCount', Number.MAX_SAFE_INTEGER), applyJoinOption: applyJoinOption(body),
      members, customJson: appDefinedData(body['AppDefinedData']),
    });
    return imOk({ GroupId: group.group_id });
  });

  scope.post('/group_open_http_svc/add_group_member', doc('Add members to a group'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const id = groupId(body);
    const list = body['MemberList'];
    if (!Array.isArray(list) || list.length === 0) malformed('MemberList must be a non-empty array of {Member_Account}');
    const users = (list as unknown[]).map((m) => {
      const o = m as Body;
      if (typeof o !== 'object' || o === null || typeof o['Member_Account'] !== 'string') malformed('MemberList entries are {Member_Account}');
      if (!isValidUserId(o['Member_Account'])) invalid('Member_Account must be a UserID');
      return o['Member_Account'] as string;
    });
    const results = await service().addMembers(sdkAppId, admin(identifier), id, users, { silence: silence(body) });
    const code = { ok: 1, alreadyMember: 2, failed: 0 } as const;
    return imOk({ MemberList: results.map((r) => ({ Member_Account: r.userId, Result: code[r.result] })) });
  });

  scope.post('/group_open_http_svc/delete_group_member', doc('Remove members from a group'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const id = groupId(body);
    const users = accounts(body['MemberToDel_Account'], 'MemberToDel_Account');
    const reason = optionalText(body, 'Reason');
    const quiet = silence(body);
    // Tencent answers 10004 for AVChatRoom here: its members are muted, not removed.
    if ((await groupOf(sdkAppId, id)).type === 'AVChatRoom') invalid('members of an AVChatRoom cannot be removed; mute them instead');
    await service().kickMembers(sdkAppId, admin(identifier), id, users, { reason, silence: quiet });
    return imOk();
  });

  scope.post('/group_open_http_svc/destroy_group', doc('Dismiss a group'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    await service().dismissGroup(sdkAppId, admin(identifier), groupId(request.body as Body));
    return imOk();
  });

  scope.post('/group_open_http_svc/get_group_info', doc('Profiles of up to 50 groups'), async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Body;
    const ids = body['GroupIdList'];
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((v) => typeof v === 'string')) malformed('GroupIdList must be a non-empty array of group IDs');
    if (ids.length > MAX_INFO_GROUPS) throw heraldError('IM_GROUP_ACCOUNT_LIMIT', `GroupIdList takes at most ${MAX_INFO_GROUPS} groups`);
    const filter = body['ResponseFilter'];
    if (filter !== undefined && (typeof filter !== 'object' || filter === null || Array.isArray(filter))) malformed('ResponseFilter must be an object');
    const baseFilter = stringList((filter as Body | undefined)?.['GroupBaseInfoFilter'], 'GroupBaseInfoFilter');
    const memberFilter = stringList((filter as Body | undefined)?.['MemberInfoFilter'], 'MemberInfoFilter');
    const found = await service().groupsInfo(sdkAppId, (ids as string[]).filter(isValidGroupId));
    const info = [];
    for (const gid of ids as string[]) {
      const g = found.get(gid);
      if (g === undefined) {
        info.push({ GroupId: gid, ErrorCode: 10010, ErrorInfo: 'the group does not exist' });
        continue;
      }
      let fields = groupFields(g);
      if (baseFilter !== undefined) fields = Object.fromEntries(Object.entries(fields).filter(([k]) => baseFilter.includes(k)));
      const entry: Record<string, unknown> = { GroupId: gid, ErrorCode: 0, ErrorInfo: '', ...fields };
      // Member lists only when asked for (MemberInfoFilter): a group may have many thousands.
      if (memberFilter !== undefined) {
        const rows = await ctx.store.db.selectFrom('im_group_member').selectAll()
          .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', gid).orderBy('user_id').limit(MAX_MEMBER_PAGE).execute();
        entry['MemberList'] = rows.map((m) => {
          const all = memberFields(m) as Record<string, unknown>;
          return Object.fromEntries(Object.entries(all).filter(([k]) => k === 'Member_Account' || memberFilter.length === 0 || memberFilter.includes(k)));
        });
      }
      info.push(entry);
    }
    return imOk({ GroupInfo: info });
  });

  scope.post('/group_open_http_svc/get_group_member_info', doc("A page of a group's members"), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const id = groupId(body);
    const limit = optionalUint(body, 'Limit', MAX_MEMBER_PAGE) ?? MAX_MEMBER_PAGE;
    const offset = optionalUint(body, 'Offset') ?? 0;
    const page = await service().memberPage(sdkAppId, admin(identifier), id, { offset, limit: Math.max(1, limit) });
    return imOk({ MemberNum: Number(page.group.member_count), MemberList: page.members.map(memberFields) });
  });

  scope.post('/group_open_http_svc/get_joined_group_list', doc('The groups a user is a member of'), async (request) => {
    const { sdkAppId } = requireImRestCaller(request);
    const body = request.body as Body;
    const user = account(body, 'Member_Account');
    const limit = optionalUint(body, 'Limit');
    const offset = optionalUint(body, 'Offset') ?? 0;
    const typeName = body['GroupType'];
    if (typeName !== undefined && typeof typeName !== 'string') malformed('GroupType must be a string');
    const type = typeName === undefined ? undefined : (TYPE_ALIASES[typeName] ?? typeName);
    if (type !== undefined && !isGroupType(type)) invalid('GroupType is Work, Public, Meeting, AVChatRoom or Community');
    const groups = (await service().joinedGroups(sdkAppId, user)).filter((g) => type === undefined || g.type === type);
    const page = groups.slice(offset, limit === undefined ? undefined : offset + limit);
    return imOk({ TotalCount: groups.length, GroupIdList: page.map((g) => ({ GroupId: g.groupId })) });
  });

  scope.post('/group_open_http_svc/modify_group_base_info', doc("Change a group's profile and settings"), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const id = groupId(body);
    const shutUp = body['ShutUpAllMember'];
    if (shutUp !== undefined && typeof shutUp !== 'string') malformed('ShutUpAllMember must be "On" or "Off"');
    if (shutUp !== undefined && shutUp !== 'On' && shutUp !== 'Off') invalid('ShutUpAllMember is "On" or "Off"');
    await service().setGroupInfo(sdkAppId, admin(identifier), id, {
      name: optionalText(body, 'Name'), introduction: optionalText(body, 'Introduction'), notification: optionalText(body, 'Notification'),
      faceUrl: optionalText(body, 'FaceUrl'), maxMemberCount: optionalUint(body, 'MaxMemberNum', Number.MAX_SAFE_INTEGER),
      applyJoinOption: applyJoinOption(body), muteAll: shutUp === undefined ? undefined : shutUp === 'On',
    });
    return imOk();
  });

  scope.post('/group_open_http_svc/modify_group_member_info', doc("Change one member's role, receive option, name card or mute"), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const id = groupId(body);
    const user = account(body, 'Member_Account');
    const role = body['Role'];
    if (role !== undefined && typeof role !== 'string') malformed('Role must be a string');
    if (role !== undefined && role !== 'Admin' && role !== 'Member') invalid('Role is Admin or Member');
    const flag = body['MsgFlag'];
    if (flag !== undefined && typeof flag !== 'string') malformed('MsgFlag must be a string');
    if (flag !== undefined && !(flag in MSG_FLAGS)) invalid('MsgFlag is AcceptAndNotify, AcceptNotNotify or Discard');
    const nameCard = optionalText(body, 'NameCard');
    const shutUpTime = optionalUint(body, 'ShutUpTime');
    if (role === undefined && flag === undefined && nameCard === undefined && shutUpTime === undefined) invalid('nothing to change');
    const group = await groupOf(sdkAppId, id);
    if ((await findMember(ctx.store.db, { sdkAppId, groupId: id }, user)) === undefined) throw heraldError('IM_GROUP_NOT_MEMBER', `${user} is not a member`);
    const s = service();
    if (role !== undefined) await s.setMemberRole(sdkAppId, admin(identifier), group.group_id, user, role as 'Admin' | 'Member');
    if (shutUpTime !== undefined) await s.muteMembers(sdkAppId, admin(identifier), group.group_id, [user], shutUpTime);
    if (flag !== undefined || nameCard !== undefined) {
      await s.setMemberProfile(sdkAppId, group.group_id, user, { nameCard, recvOpt: flag === undefined ? undefined : MSG_FLAGS[flag as string] });
    }
    return imOk();
  });

  scope.post('/group_open_http_svc/forbid_send_msg', doc('Mute or unmute members for ShutUpTime seconds'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const id = groupId(body);
    const users = accounts(body['Members_Account'], 'Members_Account');
    const time = optionalUint(body, 'ShutUpTime');
    if (time === undefined) malformed('ShutUpTime is required (0 unmutes)');
    await service().muteMembers(sdkAppId, admin(identifier), id, users, time);
    return imOk();
  });

  scope.post('/group_open_http_svc/change_group_owner', doc('Transfer ownership to a member'), async (request) => {
    const { sdkAppId, identifier } = requireImRestCaller(request);
    const body = request.body as Body;
    const id = groupId(body);
    await service().transferOwner(sdkAppId, admin(identifier), id, account(body, 'NewOwner_Account'));
    return imOk();
  });
}
