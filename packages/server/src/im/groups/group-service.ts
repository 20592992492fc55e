/**
 * Group management (docs/protocol.md §8, and the group_open_http_svc REST API): create, join and applications,
 * invite/add, quit, kick, dismiss, roles, mute, profile, ownership. The chat ops and the REST routes both call
 * this; they differ only in the operator (a member, or the app admin with owner's rights everywhere).
 *
 * Every change runs in one transaction that locks the group row first (group-members.ts) and stores its tip in
 * the same transaction (group-tips.ts). Live events go out after commit: `groupJoined` to whoever got in,
 * `groupKicked` to whoever was removed, `groupDismissed` to every former member, and each tip as a `message`
 * event to the members. Everything is keyed by SDKAppID: another app's group with the same ID is another group.
 */
import type { Transaction } from 'kysely';
import { ErrorCatalogue, heraldError } from '@herald/protocol';
import type { Database } from '../../store/schema.ts';
import type { RealtimeDelivery, ServerContext } from '../../context.ts';
import { deliverToGroup } from '../group-messages/deliver-to-group.ts';
import type { GroupMessageRow } from '../group-messages/group-message-event.ts';
import { findImUsers } from '../identity/im-user-service.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import {
  admitMembers, allMemberIds, deleteGroupRows, findGroup, findMember, findMembers, lockGroup, removeMembers, requireGroup, type GroupKey,
} from './group-members.ts';
import {
  assertMayDismiss, assertMayEditProfile, assertMayInvite, assertMayKick, assertMayManage, assertMayMute, assertMayQuit, assertMaySetRole,
  assertMayTransfer, defaultApplyJoinOption, effectiveRole, joinMode, supportsAdmins, type GroupOperator,
} from './group-rules.ts';
import { deliverTip, storeTip } from './group-tips.ts';
import {
  GROUP_ACCOUNT_CAPS, GROUP_FIELD_BYTES, GROUP_MEMBER_LIMITS, checkCustomGroupId, generateGroupId, utf8Bytes,
  type ApplyJoinOption, type GroupRole, type GroupType,
} from './group-types.ts';
import {
  applicationView, groupInfoView, joinedGroupView, memberView, type GroupInfo, type GroupMemberRow, type GroupRow, type JoinedGroupInfo,
} from './group-views.ts';

export interface NewGroup {
  type: GroupType;
  groupId?: string | undefined;
  name: string;
  introduction?: string | undefined;
  notification?: string | undefined;
  faceUrl?: string | undefined;
  maxMemberCount?: number | undefined;
  applyJoinOption?: ApplyJoinOption | undefined;
  /** The owner; null: no owner (only the app admin creates such groups). */
  owner: string | null;
  /** False: the owner is not made a member (REST AVChatRoom: the owner joins through the SDK). */
  ownerJoins: boolean;
  members: ReadonlyArray<{ userId: string; role: 'Admin' | 'Member' }>;
  customJson?: string | undefined;
}

export interface GroupInfoChange {
  name?: string | undefined;
  introduction?: string | undefined;
  notification?: string | undefined;
  faceUrl?: string | undefined;
  muteAll?: boolean | undefined;
  applyJoinOption?: ApplyJoinOption | undefined;
  maxMemberCount?: number | undefined;
}

/** `code`: the Tencent ErrorCode of a failed user (10019: not an account of the app). */
export type AddResult = { userId: string; result: 'ok' | 'alreadyMember' | 'failed'; code?: number };

function invalid(message: string): never {
  throw heraldError('IM_GROUP_PARAM_INVALID', message);
}

export function checkField(name: keyof typeof GROUP_FIELD_BYTES, value: string | undefined): void {
  if (value !== undefined && utf8Bytes(value) > GROUP_FIELD_BYTES[name]) invalid(`${name} is at most ${GROUP_FIELD_BYTES[name]} bytes`);
}

function checkMaxMembers(type: GroupType, max: number, atLeast: number): void {
  const limit = GROUP_MEMBER_LIMITS[type].maxMembers;
  if (!Number.isSafeInteger(max) || max < 1 || max > limit) invalid(`the member limit of a ${type} group is 1 to ${limit}`);
  if (max < atLeast) invalid(`the member limit cannot be below the ${atLeast} members the group has`);
}

export function createGroupService(ctx: ServerContext, realtime: RealtimeDelivery | undefined = ctx.realtime) {
  const db = ctx.store.db;

  async function send(sdkAppId: number, userIds: readonly string[], event: string, data: unknown): Promise<void> {
    if (realtime === undefined) return;
    for (const userId of new Set(userIds)) await realtime.deliverToUser({ sdkAppId, userId }, event, data);
  }

  /** After commit: live events never undo a committed change, so their failures are logged, not thrown. */
  async function announce(fn: () => Promise<void>): Promise<void> {
    await fn().catch((err: unknown) => ctx.logger.warn({ err }, 'live delivery of a group change failed'));
  }

  async function announceJoined(key: GroupKey, userIds: readonly string[], tip: GroupMessageRow | undefined): Promise<void> {
    await announce(async () => {
      if (userIds.length > 0) {
        const group = await findGroup(db, key);
        if (group !== undefined) {
          const members = await findMembers(db, key, userIds);
          for (const m of members.values()) await send(key.sdkAppId, [m.user_id], 'groupJoined', { group: joinedGroupView(group, m) });
        }
      }
      if (tip !== undefined) await deliverTip(ctx, realtime, tip);
    });
  }

  async function assertAccounts(sdkAppId: number, userIds: readonly string[]): Promise<void> {
    const found = await findImUsers(db, sdkAppId, userIds);
    const missing = userIds.filter((u) => !found.has(u));
    if (missing.length > 0) throw heraldError('IM_GROUP_ACCOUNT_NOT_FOUND', `not accounts of SDKAppID ${sdkAppId}: ${missing.slice(0, 5).join(', ').slice(0, 200)}`);
  }

  /** Runs a change on a locked group, with the operator's current role (undefined: not a member). */
  async function change<T>(sdkAppId: number, groupId: string, operator: GroupOperator,
    fn: (trx: Transaction<Database>, group: GroupRow, role: GroupRole | undefined) => Promise<T>): Promise<T> {
    return ctx.store.transaction(async (trx) => {
      const group = await lockGroup(trx, { sdkAppId, groupId });
      const member = await findMember(trx, { sdkAppId, groupId }, operator.userId);
      return fn(trx, group, member?.role as GroupRole | undefined);
    });
  }

  const tipBase = (operator: GroupOperator, group: GroupRow) => ({ opUser: operator.userId, groupName: group.name });

  return {
    async createGroup(sdkAppId: number, input: NewGroup): Promise<GroupRow> {
      const limits = GROUP_MEMBER_LIMITS[input.type];
      if (input.name === '') invalid('name is required');
      checkField('name', input.name);
      checkField('introduction', input.introduction);
      checkField('notification', input.notification);
      checkField('faceUrl', input.faceUrl);
      const customId = input.groupId === undefined ? undefined : checkCustomGroupId(input.type, input.groupId);
      const members = new Map<string, 'Admin' | 'Member'>();
      for (const m of input.members) if (m.userId !== input.owner) members.set(m.userId, m.role);
      if (members.size > GROUP_ACCOUNT_CAPS.create) throw heraldError('IM_GROUP_ACCOUNT_LIMIT', `at most ${GROUP_ACCOUNT_CAPS.create} initial members`);
      if (input.type === 'AVChatRoom' && members.size > 0) throw heraldError('IM_GROUP_PERMISSION_DENIED', 'an AVChatRoom takes no initial members; users join it themselves');
      if (!supportsAdmins(input.type) && [...members.values()].includes('Admin')) throw heraldError('IM_GROUP_PERMISSION_DENIED', `${input.type} groups have no admins`);
      const max = input.maxMemberCount ?? limits.defaultMaxMembers;
      const joining = members.size + (input.owner !== null && input.ownerJoins ? 1 : 0);
      checkMaxMembers(input.type, max, 0);
      if (joining > max) throw heraldError('IM_GROUP_FULL', `${joining} initial members exceed the limit of ${max}`);
      await assertAccounts(sdkAppId, [...(input.owner === null ? [] : [input.owner]), ...members.keys()]);
      const applyJoinOption = input.type === 'Work' ? 'DisableApply' : (input.applyJoinOption ?? defaultApplyJoinOption(input.type));
      const now = ctx.clock.now();
      for (let attempt = 0; ; attempt += 1) {
        const groupId = customId ?? generateGroupId(input.type);
        const key = { sdkAppId, groupId };
        try {
          const group = await ctx.store.transaction(async (trx) => {
            await trx.insertInto('im_group').values({
              sdk_app_id: sdkAppId, group_id: groupId, type: input.type, name: input.name, owner: input.owner,
              introduction: input.introduction ?? '', notification: input.notification ?? '', face_url: input.faceUrl ?? '',
              max_members: max, apply_join_option: applyJoinOption, mute_all: 0, member_count: 0, last_seq: 0, last_message_json: null,
              last_time: now, custom_json: input.customJson ?? '{}', created_at: now, updated_at: now,
            }).execute();
            const locked = await lockGroup(trx, key);
            const initial: Array<{ userId: string; role: GroupRole }> = [];
            if (input.owner !== null && input.ownerJoins) initial.push({ userId: input.owner, role: 'Owner' });
            for (const [userId, role] of members) initial.push({ userId, role });
            await admitMembers(trx, locked, initial, now);
            return lockGroup(trx, key);
          });
          const joined = [...(input.owner !== null && input.ownerJoins ? [input.owner] : []), ...members.keys()];
          await announceJoined(key, joined, undefined);
          return group;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          if (customId !== undefined) throw heraldError('IM_GROUP_ID_IN_USE', `group ID ${customId} is already in use`);
          if (attempt >= 3) throw err;
        }
      }
    },

    /** A user asks to join: in at once, an application for the owner/admins, or refused, by type and option. */
    async joinGroup(sdkAppId: number, userId: string, groupId: string, message: string): Promise<{ status: 'joined' | 'pending' }> {
      const key = { sdkAppId, groupId };
      const group = await requireGroup(db, key);
      const mode = joinMode(group.type as GroupType, group.apply_join_option);
      if (mode === 'closed') {
        throw heraldError('IM_GROUP_PERMISSION_DENIED', group.type === 'Work' ? 'Work groups are joined by invitation only' : 'this group takes no join requests');
      }
      if ((await findMember(db, key, userId)) !== undefined) throw heraldError('IM_GROUP_ALREADY_MEMBER');
      const now = ctx.clock.now();
      if (mode === 'approval') {
        await db.insertInto('im_group_application').values({ sdk_app_id: sdkAppId, group_id: groupId, user_id: userId, message, created_at: now })
          .onConflict((oc) => oc.columns(['sdk_app_id', 'group_id', 'user_id']).doUpdateSet({ message, created_at: now }))
          .execute();
        await announce(async () => {
          const managers = await db.selectFrom('im_group_member').select('user_id')
            .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('role', 'in', ['Owner', 'Admin']).execute();
          await send(sdkAppId, managers.map((m) => m.user_id), 'groupApplicationReceived', { groupId, userId, message, createdAt: now });
        });
        return { status: 'pending' };
      }
      const tip = await ctx.store.transaction(async (trx) => {
        const locked = await lockGroup(trx, key);
        if ((await findMember(trx, key, userId)) !== undefined) throw heraldError('IM_GROUP_ALREADY_MEMBER');
        await admitMembers(trx, locked, [{ userId, role: 'Member' }], now);
        return storeTip(ctx, trx, sdkAppId, groupId, { opType: 'Join', opUser: userId, userList: [userId], groupName: locked.name });
      });
      await announceJoined(key, [userId], tip);
      return { status: 'joined' };
    },

    /** Invite (a member) or add (the app admin): new members join at once, no acceptance needed. */
    async addMembers(sdkAppId: number, operator: GroupOperator, groupId: string, userIds: readonly string[], o: { silence?: boolean } = {}): Promise<AddResult[]> {
      const wanted = [...new Set(userIds)];
      if (wanted.length === 0) invalid('name at least one user');
      if (wanted.length > GROUP_ACCOUNT_CAPS.add) throw heraldError('IM_GROUP_ACCOUNT_LIMIT', `at most ${GROUP_ACCOUNT_CAPS.add} users per request`);
      const key = { sdkAppId, groupId };
      const accounts = await findImUsers(db, sdkAppId, wanted);
      const now = ctx.clock.now();
      const results = new Map<string, AddResult>();
      for (const u of wanted) if (!accounts.has(u)) results.set(u, { userId: u, result: 'failed', code: ErrorCatalogue.IM_GROUP_ACCOUNT_NOT_FOUND.imCode });
      const candidates = wanted.filter((u) => accounts.has(u));
      const tip = await change(sdkAppId, groupId, operator, async (trx, group, role) => {
        assertMayInvite(group.type as GroupType, operator, role);
        const existing = await findMembers(trx, key, candidates);
        const fresh = candidates.filter((u) => !existing.has(u));
        for (const u of candidates) results.set(u, { userId: u, result: existing.has(u) ? 'alreadyMember' : 'ok' });
        await admitMembers(trx, group, fresh.map((u) => ({ userId: u, role: 'Member' as const })), now);
        if (fresh.length === 0 || o.silence === true) return undefined;
        return storeTip(ctx, trx, sdkAppId, groupId, { opType: 'Invite', ...tipBase(operator, group), userList: fresh });
      });
      const added = wanted.filter((u) => results.get(u)?.result === 'ok');
      await announceJoined(key, added, tip);
      return wanted.map((u) => results.get(u)!);
    },

    async quitGroup(sdkAppId: number, userId: string, groupId: string): Promise<void> {
      const key = { sdkAppId, groupId };
      const now = ctx.clock.now();
      const tip = await ctx.store.transaction(async (trx) => {
        const group = await lockGroup(trx, key);
        const member = await findMember(trx, key, userId);
        if (member === undefined) throw heraldError('IM_GROUP_NOT_MEMBER');
        assertMayQuit(group.type as GroupType, member.role as GroupRole);
        await removeMembers(trx, key, [userId], now);
        if (member.role === 'Owner') await trx.updateTable('im_group').set({ owner: null }).where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).execute();
        return storeTip(ctx, trx, sdkAppId, groupId, { opType: 'Quit', opUser: userId, userList: [userId], groupName: group.name });
      });
      await announce(() => deliverTip(ctx, realtime, tip));
    },

    async kickMembers(sdkAppId: number, operator: GroupOperator, groupId: string, userIds: readonly string[], o: { reason?: string | undefined; silence?: boolean } = {}): Promise<string[]> {
      const targets = [...new Set(userIds)];
      if (targets.length === 0) invalid('name at least one member');
      if (targets.length > GROUP_ACCOUNT_CAPS.remove) throw heraldError('IM_GROUP_ACCOUNT_LIMIT', `at most ${GROUP_ACCOUNT_CAPS.remove} members per request`);
      const key = { sdkAppId, groupId };
      const now = ctx.clock.now();
      const { kicked, tip } = await change(sdkAppId, groupId, operator, async (trx, group, role) => {
        const members = await findMembers(trx, key, targets);
        if (members.size === 0) throw heraldError('IM_GROUP_NOT_MEMBER', 'none of these users is a member');
        for (const m of members.values()) assertMayKick(group.type as GroupType, operator, role, m.role as GroupRole, m.user_id);
        const gone = [...members.keys()];
        await removeMembers(trx, key, gone, now);
        const row = o.silence === true ? undefined : await storeTip(ctx, trx, sdkAppId, groupId, {
          opType: 'Kicked', ...tipBase(operator, group), userList: gone, ...(o.reason ? { reason: o.reason } : {}),
        });
        return { kicked: gone, tip: row };
      });
      await announce(async () => {
        await send(sdkAppId, kicked, 'groupKicked', { groupId, by: operator.userId, ...(o.reason ? { reason: o.reason } : {}) });
        if (tip !== undefined) await deliverTip(ctx, realtime, tip);
      });
      return kicked;
    },

    /** Deletes the group and every row of it; the members it had are told after commit. */
    async dismissGroup(sdkAppId: number, operator: GroupOperator, groupId: string): Promise<void> {
      const key = { sdkAppId, groupId };
      const members = await change(sdkAppId, groupId, operator, async (trx, group, role) => {
        assertMayDismiss(group.type as GroupType, operator, role);
        const ids = await allMemberIds(trx, key);
        await deleteGroupRows(trx, key);
        return ids;
      });
      await announce(() => deliverToGroup(ctx, realtime, { sdkAppId, groupId, event: 'groupDismissed', data: { groupId, by: operator.userId }, onlyUsers: members }));
    },

    async setMemberRole(sdkAppId: number, operator: GroupOperator, groupId: string, userId: string, newRole: 'Admin' | 'Member'): Promise<void> {
      const key = { sdkAppId, groupId };
      const tip = await change(sdkAppId, groupId, operator, async (trx, group, role) => {
        const target = await findMember(trx, key, userId);
        if (target === undefined) throw heraldError('IM_GROUP_NOT_MEMBER', `${userId.slice(0, 32)} is not a member`);
        assertMaySetRole(group.type as GroupType, operator, role, target.role as GroupRole);
        if (target.role === newRole) return undefined;
        await trx.updateTable('im_group_member').set({ role: newRole })
          .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('user_id', '=', userId).execute();
        return storeTip(ctx, trx, sdkAppId, groupId, { opType: newRole === 'Admin' ? 'SetAdmin' : 'CancelAdmin', ...tipBase(operator, group), userList: [userId] });
      });
      if (tip !== undefined) await announce(() => deliverTip(ctx, realtime, tip));
    },

    /** Mutes members for `seconds` (0 unmutes); returns the new mute_until (epoch ms, 0 when unmuted). */
    async muteMembers(sdkAppId: number, operator: GroupOperator, groupId: string, userIds: readonly string[], seconds: number): Promise<number> {
      const targets = [...new Set(userIds)];
      if (targets.length === 0) invalid('name at least one member');
      if (targets.length > GROUP_ACCOUNT_CAPS.mute) throw heraldError('IM_GROUP_ACCOUNT_LIMIT', `at most ${GROUP_ACCOUNT_CAPS.mute} members per request`);
      if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > 4_294_967_295) invalid('the mute time is 0 to 4294967295 seconds');
      const key = { sdkAppId, groupId };
      const now = ctx.clock.now();
      const muteUntil = seconds === 0 ? 0 : now + seconds * 1000;
      const tip = await change(sdkAppId, groupId, operator, async (trx, group, role) => {
        const members = await findMembers(trx, key, targets);
        const missing = targets.filter((u) => !members.has(u));
        if (missing.length > 0) throw heraldError('IM_GROUP_NOT_MEMBER', `not members: ${missing.slice(0, 5).join(', ').slice(0, 200)}`);
        for (const m of members.values()) assertMayMute(group.type as GroupType, operator, role, m.role as GroupRole);
        await trx.updateTable('im_group_member').set({ mute_until: muteUntil })
          .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('user_id', 'in', targets).execute();
        return storeTip(ctx, trx, sdkAppId, groupId, { opType: 'MemberInfoChange', ...tipBase(operator, group), userList: targets, muteTime: seconds });
      });
      await announce(() => deliverTip(ctx, realtime, tip));
      return muteUntil;
    },

    async setGroupInfo(sdkAppId: number, operator: GroupOperator, groupId: string, c: GroupInfoChange): Promise<void> {
      checkField('name', c.name);
      checkField('introduction', c.introduction);
      checkField('notification', c.notification);
      checkField('faceUrl', c.faceUrl);
      if (c.name === '') invalid('name cannot be empty');
      const profile = c.name !== undefined || c.introduction !== undefined || c.notification !== undefined || c.faceUrl !== undefined;
      const settings = c.muteAll !== undefined || c.applyJoinOption !== undefined || c.maxMemberCount !== undefined;
      if (!profile && !settings) invalid('nothing to change');
      const tip = await change(sdkAppId, groupId, operator, async (trx, group, role) => {
        const type = group.type as GroupType;
        if (profile) assertMayEditProfile(type, operator, role);
        if (settings) assertMayManage(operator, role);
        if (c.applyJoinOption !== undefined && type === 'Work') invalid('Work groups are joined by invitation only; they have no join option');
        if (c.maxMemberCount !== undefined) checkMaxMembers(type, c.maxMemberCount, Number(group.member_count));
        const changes: Record<string, unknown> = {};
        const set: Record<string, unknown> = { updated_at: ctx.clock.now() };
        if (c.name !== undefined) { set['name'] = c.name; changes['name'] = c.name; }
        if (c.introduction !== undefined) { set['introduction'] = c.introduction; changes['introduction'] = c.introduction; }
        if (c.notification !== undefined) { set['notification'] = c.notification; changes['notification'] = c.notification; }
        if (c.faceUrl !== undefined) { set['face_url'] = c.faceUrl; changes['faceUrl'] = c.faceUrl; }
        if (c.muteAll !== undefined) { set['mute_all'] = c.muteAll ? 1 : 0; changes['muteAll'] = c.muteAll; }
        if (c.applyJoinOption !== undefined) { set['apply_join_option'] = c.applyJoinOption; changes['applyJoinOption'] = c.applyJoinOption; }
        if (c.maxMemberCount !== undefined) { set['max_members'] = c.maxMemberCount; changes['maxMemberCount'] = c.maxMemberCount; }
        await trx.updateTable('im_group').set(set).where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).execute();
        return storeTip(ctx, trx, sdkAppId, groupId, { opType: 'GroupInfoChange', opUser: operator.userId, groupName: c.name ?? group.name, userList: [], changes });
      });
      await announce(() => deliverTip(ctx, realtime, tip));
    },

    async transferOwner(sdkAppId: number, operator: GroupOperator, groupId: string, newOwner: string): Promise<void> {
      const key = { sdkAppId, groupId };
      const tip = await change(sdkAppId, groupId, operator, async (trx, group, role) => {
        assertMayTransfer(operator, role);
        const target = await findMember(trx, key, newOwner);
        if (target === undefined) throw heraldError('IM_GROUP_NOT_MEMBER', `${newOwner.slice(0, 32)} is not a member`);
        if (target.role === 'Owner') return undefined;
        await trx.updateTable('im_group_member').set({ role: 'Member' })
          .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('role', '=', 'Owner').execute();
        await trx.updateTable('im_group_member').set({ role: 'Owner' })
          .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('user_id', '=', newOwner).execute();
        await trx.updateTable('im_group').set({ owner: newOwner, updated_at: ctx.clock.now() })
          .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).execute();
        return storeTip(ctx, trx, sdkAppId, groupId, { opType: 'GroupInfoChange', ...tipBase(operator, group), userList: [], changes: { owner: newOwner } });
      });
      if (tip !== undefined) await announce(() => deliverTip(ctx, realtime, tip));
    },

    /** Name card and receive option of one member (REST modify_group_member_info); no tip, as Tencent sends none. */
    async setMemberProfile(sdkAppId: number, groupId: string, userId: string, p: { nameCard?: string | undefined; recvOpt?: number | undefined }): Promise<void> {
      checkField('nameCard', p.nameCard);
      const key = { sdkAppId, groupId };
      await ctx.store.transaction(async (trx) => {
        await lockGroup(trx, key);
        if ((await findMember(trx, key, userId)) === undefined) throw heraldError('IM_GROUP_NOT_MEMBER', `${userId.slice(0, 32)} is not a member`);
        const set: { name_card?: string; recv_opt?: number } = {};
        if (p.nameCard !== undefined) set.name_card = p.nameCard;
        if (p.recvOpt !== undefined) set.recv_opt = p.recvOpt;
        if (Object.keys(set).length > 0) {
          await trx.updateTable('im_group_member').set(set).where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('user_id', '=', userId).execute();
        }
      });
    },

    /** Pending applications to the groups the user owns or administers, oldest first. */
    async listApplications(sdkAppId: number, userId: string) {
      const rows = await db.selectFrom('im_group_application as a')
        .innerJoin('im_group_member as m', (j) => j.onRef('m.sdk_app_id', '=', 'a.sdk_app_id').onRef('m.group_id', '=', 'a.group_id'))
        .selectAll('a')
        .where('a.sdk_app_id', '=', sdkAppId).where('m.user_id', '=', userId).where('m.role', 'in', ['Owner', 'Admin'])
        .orderBy('a.created_at').orderBy('a.group_id').orderBy('a.user_id')
        .limit(1000)
        .execute();
      return rows.map(applicationView);
    },

    async handleApplication(sdkAppId: number, operator: GroupOperator, groupId: string, userId: string, accept: boolean): Promise<void> {
      const key = { sdkAppId, groupId };
      const now = ctx.clock.now();
      const { tip, joined } = await change(sdkAppId, groupId, operator, async (trx, group, role) => {
        assertMayManage(operator, role);
        const removed = await trx.deleteFrom('im_group_application')
          .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('user_id', '=', userId)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw heraldError('IM_GROUP_REQUEST_HANDLED', 'no pending application from this user');
        if (!accept || (await findMember(trx, key, userId)) !== undefined) return { tip: undefined, joined: false };
        await admitMembers(trx, group, [{ userId, role: 'Member' }], now);
        return { tip: await storeTip(ctx, trx, sdkAppId, groupId, { opType: 'Join', ...tipBase(operator, group), userList: [userId] }), joined: true };
      });
      await announce(() => send(sdkAppId, [userId], 'groupApplicationHandled', { groupId, accepted: accept, by: operator.userId }));
      if (joined) await announceJoined(key, [userId], tip);
    },

    async joinedGroups(sdkAppId: number, userId: string): Promise<JoinedGroupInfo[]> {
      const memberships = await db.selectFrom('im_group_member').selectAll()
        .where('sdk_app_id', '=', sdkAppId).where('user_id', '=', userId).orderBy('group_id').execute();
      const byGroup = new Map(memberships.map((m) => [m.group_id, m]));
      const out: JoinedGroupInfo[] = [];
      const ids = [...byGroup.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        const groups = await db.selectFrom('im_group').selectAll().where('sdk_app_id', '=', sdkAppId).where('group_id', 'in', ids.slice(i, i + 500)).orderBy('group_id').execute();
        for (const g of groups) out.push(joinedGroupView(g, byGroup.get(g.group_id)!));
      }
      return out;
    },

    /** The groups among `groupIds` that exist in this app, in the order asked. */
    async groupsInfo(sdkAppId: number, groupIds: readonly string[]): Promise<Map<string, GroupRow>> {
      const unique = [...new Set(groupIds)];
      const rows = unique.length === 0 ? [] : await db.selectFrom('im_group').selectAll().where('sdk_app_id', '=', sdkAppId).where('group_id', 'in', unique).execute();
      return new Map(rows.map((r) => [r.group_id, r]));
    },

    /** A page of members ordered by UserID after `after` (exclusive); members (or the app admin) only. */
    async memberPage(sdkAppId: number, operator: GroupOperator, groupId: string, page: { after?: string; offset?: number; limit: number }) {
      const key = { sdkAppId, groupId };
      const group = await requireGroup(db, key);
      if (!operator.isAppAdmin) effectiveRole(operator, (await findMember(db, key, operator.userId))?.role as GroupRole | undefined);
      let query = db.selectFrom('im_group_member').selectAll().where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId);
      if (page.after !== undefined && page.after !== '') query = query.where('user_id', '>', page.after);
      query = query.orderBy('user_id').limit(page.limit + 1);
      if (page.offset !== undefined && page.offset > 0) query = query.offset(page.offset);
      const rows: GroupMemberRow[] = await query.execute();
      return { group, members: rows.slice(0, page.limit), complete: rows.length <= page.limit };
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
export { groupInfoView, memberView, type GroupInfo };
