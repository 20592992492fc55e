/**
 * Who may read and write a group's messages: the group of this app, its members, mutes, and which rows a member
 * sees (seq after their join, directed messages only when addressed to them or sent by them).
 */
import { heraldError } from '@herald/protocol';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Database, ImGroupMemberTable, ImGroupTable } from '../../store/schema.ts';
import type { GroupMessageRow } from './group-message-event.ts';

export type GroupRow = Selectable<ImGroupTable>;
export type GroupMemberRow = Selectable<ImGroupMemberTable>;

/** Tencent keeps no unread counts for these group types. */
export const NO_UNREAD_GROUP_TYPES: readonly string[] = ['Meeting', 'AVChatRoom'];

// One rule for every group ID check, kept with the other group rules; re-exported for the message paths that
// import it from here.
export { isValidGroupId } from '../groups/group-types.ts';

export async function findGroup(db: Kysely<Database>, sdkAppId: number, groupId: string): Promise<GroupRow | undefined> {
  return db.selectFrom('im_group').selectAll().where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).executeTakeFirst();
}

export async function findMember(db: Kysely<Database>, sdkAppId: number, groupId: string, userId: string): Promise<GroupMemberRow | undefined> {
  return db.selectFrom('im_group_member').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The group (IM_GROUP_NOT_FOUND: another app's group of the same ID is simply not there). */
export async function requireGroup(db: Kysely<Database>, sdkAppId: number, groupId: string): Promise<GroupRow> {
  const group = await findGroup(db, sdkAppId, groupId);
  if (group === undefined) throw heraldError('IM_GROUP_NOT_FOUND', `group ${groupId.slice(0, 48)} does not exist`);
  return group;
}

export async function requireMembership(db: Kysely<Database>, sdkAppId: number, groupId: string, userId: string): Promise<{ group: GroupRow; member: GroupMemberRow }> {
  const group = await requireGroup(db, sdkAppId, groupId);
  const member = await findMember(db, sdkAppId, groupId, userId);
  if (member === undefined) throw heraldError('IM_GROUP_NOT_MEMBER', `${userId.slice(0, 32)} is not a member of group ${groupId.slice(0, 48)}`);
  return { group, member };
}

/** Muted until a time, or the whole group muted while an ordinary member. */
export function assertMaySpeak(group: GroupRow, member: GroupMemberRow, now: number): void {
  if (Number(member.mute_until) > now) throw heraldError('IM_GROUP_MUTED', `muted until ${new Date(Number(member.mute_until)).toISOString()}`);
  if (group.mute_all === 1 && member.role === 'Member') throw heraldError('IM_GROUP_MUTED', 'the whole group is muted; only the owner and admins may speak');
}

/** The member's first visible seq minus one, and their unread boundary. */
export const unreadFloor = (member: Pick<GroupMemberRow, 'read_seq' | 'join_seq'>): number => Math.max(Number(member.read_seq), Number(member.join_seq));

export function isVisibleTo(row: Pick<GroupMessageRow, 'to_users_json' | 'from_user'>, userId: string): boolean {
  if (row.to_users_json === null || row.from_user === userId) return true;
  return (JSON.parse(row.to_users_json) as string[]).includes(userId);
}

/**
 * SQL form of isVisibleTo on `im_group_message` (aliased `m.` or not). `to_users_json` holds a JSON array of
 * UserIDs; the row is addressed to the user when removing their JSON-quoted UserID changes it. That test is
 * exact (quotes inside UserIDs are escaped by JSON) and case-sensitive on both stores, unlike LIKE, whose
 * wildcards and SQLite's case folding would over-match.
 */
export function visibleToSql(eb: ExpressionBuilder<any, any>, userId: string, prefix = ''): Expression<SqlBool> {
  const column = sql.ref<string>(`${prefix}to_users_json`);
  return eb.or([
    eb(`${prefix}to_users_json`, 'is', null),
    eb(`${prefix}from_user`, '=', userId),
    eb(sql<string>`replace(${column}, ${JSON.stringify(userId)}, '')`, '<>', column),
  ]);
}
