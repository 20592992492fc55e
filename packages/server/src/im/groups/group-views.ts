/** The shapes groups and members take on the chat socket (docs/protocol.md §8), built from their rows. */
import type { Selectable } from 'kysely';
import type { ImGroupApplicationTable, ImGroupMemberTable, ImGroupTable } from '../../store/schema.ts';
import type { ApplyJoinOption, GroupRole, GroupType } from './group-types.ts';

export type GroupRow = Selectable<ImGroupTable>;
export type GroupMemberRow = Selectable<ImGroupMemberTable>;
export type GroupApplicationRow = Selectable<ImGroupApplicationTable>;

export interface GroupInfo {
  groupId: string;
  type: GroupType;
  name: string;
  introduction: string;
  notification: string;
  faceUrl: string;
  owner: string | null;
  memberCount: number;
  maxMemberCount: number;
  applyJoinOption: ApplyJoinOption;
  muteAll: boolean;
  lastSeq: number;
  createdAt: number;
}

export interface JoinedGroupInfo extends GroupInfo {
  role: GroupRole;
  joinSeq: number;
  readSeq: number;
  recvOpt: number;
  muteUntil: number;
}

export interface GroupMemberView {
  userId: string;
  role: GroupRole;
  joinTime: number;
  muteUntil: number;
  nameCard: string;
}

export function groupInfoView(row: GroupRow): GroupInfo {
  return {
    groupId: row.group_id,
    type: row.type as GroupType,
    name: row.name,
    introduction: row.introduction,
    notification: row.notification,
    faceUrl: row.face_url,
    owner: row.owner,
    memberCount: Number(row.member_count),
    maxMemberCount: Number(row.max_members),
    applyJoinOption: row.apply_join_option as ApplyJoinOption,
    muteAll: Number(row.mute_all) === 1,
    lastSeq: Number(row.last_seq),
    createdAt: Number(row.created_at),
  };
}

export function joinedGroupView(group: GroupRow, member: GroupMemberRow): JoinedGroupInfo {
  return {
    ...groupInfoView(group),
    role: member.role as GroupRole,
    joinSeq: Number(member.join_seq),
    readSeq: Number(member.read_seq),
    recvOpt: Number(member.recv_opt),
    muteUntil: Number(member.mute_until),
  };
}

export function memberView(row: GroupMemberRow): GroupMemberView {
  return { userId: row.user_id, role: row.role as GroupRole, joinTime: Number(row.join_time), muteUntil: Number(row.mute_until), nameCard: row.name_card };
}

export function applicationView(row: GroupApplicationRow) {
  return { groupId: row.group_id, userId: row.user_id, message: row.message, createdAt: Number(row.created_at) };
}
