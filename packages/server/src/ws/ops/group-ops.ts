/** Group management ops (docs/protocol.md §8): create, join, quit, invite, kick, dismiss, roles, mute, group lists and profiles. */
import { heraldError } from '@herald/protocol';
import { isValidUserId } from '../../im/identity/user-id.ts';
import { createGroupService } from '../../im/groups/group-service.ts';
import type { GroupOperator } from '../../im/groups/group-rules.ts';
import { isApplyJoinOption, isGroupType, isValidGroupId, type ApplyJoinOption } from '../../im/groups/group-types.ts';
import { groupInfoView, memberView } from '../../im/groups/group-views.ts';
import type { OpData, OpModule } from '../op-registry.ts';
import type { ChatSession } from '../types.ts';

const MAX_MEMBER_PAGE = 100;
const MAX_INFO_IDS = 50;
const MAX_TEXT = 1024;

function invalid(message: string): never {
  throw heraldError('IM_GROUP_PARAM_INVALID', message);
}

const operatorOf = (s: ChatSession): GroupOperator => ({ userId: s.userId, isAppAdmin: false });

function groupIdArg(data: OpData): string {
  const value = data['groupId'];
  if (!isValidGroupId(value)) invalid('groupId must be a group ID (1 to 48 printable ASCII characters)');
  return value as string;
}

function userArg(data: OpData, name: string): string {
  const value = data[name];
  if (!isValidUserId(value)) invalid(`${name} must be a UserID`);
  return value as string;
}

function userListArg(data: OpData, name: string): string[] {
  const value = data[name];
  if (!Array.isArray(value) || value.length === 0 || !value.every(isValidUserId)) invalid(`${name} must be a non-empty array of UserIDs`);
  return value as string[];
}

function optionalString(data: OpData, name: string, max = MAX_TEXT): string | undefined {
  const value = data[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) invalid(`${name} must be a string`);
  return value as string;
}

function optionalBool(data: OpData, name: string): boolean | undefined {
  const value = data[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') invalid(`${name} must be a boolean`);
  return value as boolean;
}

function optionalInt(data: OpData, name: string, min: number, max: number): number | undefined {
  const value = data[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) invalid(`${name} must be an integer from ${min} to ${max}`);
  return value as number;
}

function optionalApplyJoinOption(data: OpData): ApplyJoinOption | undefined {
  const value = data['applyJoinOption'];
  if (value === undefined || value === null) return undefined;
  if (!isApplyJoinOption(value)) invalid('applyJoinOption must be FreeAccess, NeedPermission or DisableApply');
  return value as ApplyJoinOption;
}

function memberListArg(data: OpData): Array<{ userId: string; role: 'Admin' | 'Member' }> {
  const value = data['memberList'];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) invalid('memberList must be an array');
  return (value as unknown[]).map((m) => {
    if (typeof m !== 'object' || m === null || !isValidUserId((m as Record<string, unknown>)['userId'])) invalid('memberList entries are {userId, role?}');
    const entry = m as Record<string, unknown>;
    const role = entry['role'] ?? 'Member';
    if (role !== 'Admin' && role !== 'Member') invalid('a member role is Admin or Member');
    return { userId: entry['userId'] as string, role: role as 'Admin' | 'Member' };
  });
}

export const groupOps: OpModule = (registry) => {
  registry.registerOp('createGroup', async (data, { ctx, gateway, session }) => {
    const type = data['type'];
    if (!isGroupType(type)) invalid('type must be Work, Public, Meeting, AVChatRoom or Community');
    const groupId = data['groupId'];
    if (groupId !== undefined && groupId !== null && typeof groupId !== 'string') throw heraldError('IM_GROUP_ID_INVALID', 'groupId must be a string');
    const name = data['name'];
    if (typeof name !== 'string' || name === '') invalid('name is required');
    const group = await createGroupService(ctx, gateway).createGroup(session.sdkAppId, {
      type,
      groupId: typeof groupId === 'string' ? groupId : undefined,
      name,
      introduction: optionalString(data, 'introduction'),
      notification: optionalString(data, 'notification'),
      faceUrl: optionalString(data, 'faceUrl'),
      maxMemberCount: optionalInt(data, 'maxMemberCount', 1, Number.MAX_SAFE_INTEGER),
      applyJoinOption: optionalApplyJoinOption(data),
      owner: session.userId,
      ownerJoins: true,
      members: memberListArg(data),
    });
    return { groupId: group.group_id };
  }, { requiresLogin: true });

  registry.registerOp('joinGroup', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    return createGroupService(ctx, gateway).joinGroup(session.sdkAppId, session.userId, groupId, optionalString(data, 'message', 300) ?? '');
  }, { requiresLogin: true });

  registry.registerOp('quitGroup', async (data, { ctx, gateway, session }) => {
    await createGroupService(ctx, gateway).quitGroup(session.sdkAppId, session.userId, groupIdArg(data));
    return {};
  }, { requiresLogin: true });

  registry.registerOp('inviteToGroup', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    const results = await createGroupService(ctx, gateway).addMembers(session.sdkAppId, operatorOf(session), groupId, userListArg(data, 'userList'));
    return { results };
  }, { requiresLogin: true });

  registry.registerOp('kickGroupMember', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    await createGroupService(ctx, gateway).kickMembers(session.sdkAppId, operatorOf(session), groupId, userListArg(data, 'userList'), { reason: optionalString(data, 'reason', 300) });
    return {};
  }, { requiresLogin: true });

  registry.registerOp('dismissGroup', async (data, { ctx, gateway, session }) => {
    await createGroupService(ctx, gateway).dismissGroup(session.sdkAppId, operatorOf(session), groupIdArg(data));
    return {};
  }, { requiresLogin: true });

  registry.registerOp('transferGroupOwner', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    await createGroupService(ctx, gateway).transferOwner(session.sdkAppId, operatorOf(session), groupId, userArg(data, 'userId'));
    return {};
  }, { requiresLogin: true });

  registry.registerOp('setGroupMemberRole', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    const userId = userArg(data, 'userId');
    const role = data['role'];
    if (role !== 'Admin' && role !== 'Member') invalid('role must be Admin or Member');
    await createGroupService(ctx, gateway).setMemberRole(session.sdkAppId, operatorOf(session), groupId, userId, role as 'Admin' | 'Member');
    return {};
  }, { requiresLogin: true });

  registry.registerOp('muteGroupMember', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    const userId = userArg(data, 'userId');
    const seconds = optionalInt(data, 'seconds', 0, 4_294_967_295);
    if (seconds === undefined) invalid('seconds is required (0 unmutes)');
    const muteUntil = await createGroupService(ctx, gateway).muteMembers(session.sdkAppId, operatorOf(session), groupId, [userId], seconds!);
    return { muteUntil };
  }, { requiresLogin: true });

  registry.registerOp('setGroupInfo', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    await createGroupService(ctx, gateway).setGroupInfo(session.sdkAppId, operatorOf(session), groupId, {
      name: optionalString(data, 'name'),
      introduction: optionalString(data, 'introduction'),
      notification: optionalString(data, 'notification'),
      faceUrl: optionalString(data, 'faceUrl'),
      muteAll: optionalBool(data, 'muteAll'),
      applyJoinOption: optionalApplyJoinOption(data),
    });
    return {};
  }, { requiresLogin: true });

  registry.registerOp('getJoinedGroupList', async (_data, { ctx, gateway, session }) => {
    return { groups: await createGroupService(ctx, gateway).joinedGroups(session.sdkAppId, session.userId) };
  }, { requiresLogin: true });

  registry.registerOp('getGroupsInfo', async (data, { ctx, gateway, session }) => {
    const ids = data['groupIds'];
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_INFO_IDS || !ids.every(isValidGroupId)) {
      invalid(`groupIds must be an array of 1 to ${MAX_INFO_IDS} group IDs`);
    }
    const found = await createGroupService(ctx, gateway).groupsInfo(session.sdkAppId, ids as string[]);
    // Unknown IDs are left out: in this app they do not exist, whatever another app has.
    return { groups: [...new Set(ids as string[])].flatMap((id) => { const g = found.get(id); return g === undefined ? [] : [groupInfoView(g)]; }) };
  }, { requiresLogin: true });

  registry.registerOp('getGroupMemberList', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    const cursor = optionalString(data, 'cursor', 64) ?? '';
    const count = optionalInt(data, 'count', 1, MAX_MEMBER_PAGE) ?? MAX_MEMBER_PAGE;
    const page = await createGroupService(ctx, gateway).memberPage(session.sdkAppId, operatorOf(session), groupId, { after: cursor, limit: count });
    const members = page.members.map(memberView);
    return { members, nextCursor: page.complete ? '' : (members.at(-1)?.userId ?? ''), complete: page.complete };
  }, { requiresLogin: true });

  registry.registerOp('getGroupApplicationList', async (_data, { ctx, gateway, session }) => {
    const applications = await createGroupService(ctx, gateway).listApplications(session.sdkAppId, session.userId);
    return { applications };
  }, { requiresLogin: true });

  registry.registerOp('handleGroupApplication', async (data, { ctx, gateway, session }) => {
    const groupId = groupIdArg(data);
    const userId = userArg(data, 'userId');
    const accept = optionalBool(data, 'accept');
    if (accept === undefined) invalid('accept is required');
    await createGroupService(ctx, gateway).handleApplication(session.sdkAppId, operatorOf(session), groupId, userId, accept!);
    return {};
  }, { requiresLogin: true });
};
