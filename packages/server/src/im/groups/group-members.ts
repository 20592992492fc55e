/**
 * The group and member rows as the service changes them. Every change starts with `lockGroup`, a no-op UPDATE of
 * the group row: on PostgreSQL it holds the row lock until commit, so member changes of one group run one after
 * another and everything read after it is current (SQLite's BEGIN IMMEDIATE serialises all writes anyway).
 * `member_count` only ever moves in SQL (`member_count + n`, guarded by `<= max_members`), so two joins racing
 * for the last place cannot both get in.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { Database } from '../../store/schema.ts';
import type { GroupRole } from './group-types.ts';
import type { GroupMemberRow, GroupRow } from './group-views.ts';

export type Db = Kysely<Database> | Transaction<Database>;

export interface GroupKey {
  sdkAppId: number;
  groupId: string;
}

const notFound = (groupId: string): never => {
  throw heraldError('IM_GROUP_NOT_FOUND', `group ${groupId.slice(0, 48)} does not exist`);
};

export async function lockGroup(trx: Transaction<Database>, key: GroupKey): Promise<GroupRow> {
  const row = await trx.updateTable('im_group')
    .set({ member_count: sql<number>`member_count` })
    .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId)
    .returningAll()
    .executeTakeFirst();
  return row ?? notFound(key.groupId);
}

export async function findGroup(db: Db, key: GroupKey): Promise<GroupRow | undefined> {
  return db.selectFrom('im_group').selectAll().where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).executeTakeFirst();
}

export async function requireGroup(db: Db, key: GroupKey): Promise<GroupRow> {
  return (await findGroup(db, key)) ?? notFound(key.groupId);
}

export async function findMember(db: Db, key: GroupKey, userId: string): Promise<GroupMemberRow | undefined> {
  return db.selectFrom('im_group_member').selectAll()
    .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function findMembers(db: Db, key: GroupKey, userIds: readonly string[]): Promise<Map<string, GroupMemberRow>> {
  const found = new Map<string, GroupMemberRow>();
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('im_group_member').selectAll()
      .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).where('user_id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.user_id, row);
  }
  return found;
}

export async function allMemberIds(db: Db, key: GroupKey): Promise<string[]> {
  const rows = await db.selectFrom('im_group_member').select('user_id')
    .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

export function memberRow(key: GroupKey, userId: string, role: GroupRole, now: number, joinSeq: number): GroupMemberRow {
  return {
    sdk_app_id: key.sdkAppId, group_id: key.groupId, user_id: userId, role, join_time: now, join_seq: joinSeq, read_seq: joinSeq,
    mute_until: 0, name_card: '', recv_opt: 0, pinned: 0, hidden_seq: 0,
  };
}

/**
 * Adds new members to a locked group (none of them may be a member already). Their `join_seq`/`read_seq` are the
 * group's `last_seq` now, so they see what comes next (their own join tip first) and nothing before.
 */
export async function admitMembers(trx: Transaction<Database>, locked: GroupRow, members: ReadonlyArray<{ userId: string; role: GroupRole }>, now: number): Promise<void> {
  if (members.length === 0) return;
  const key = { sdkAppId: Number(locked.sdk_app_id), groupId: locked.group_id };
  const n = members.length;
  const counted = await trx.updateTable('im_group')
    .set({ member_count: sql<number>`member_count + ${n}`, updated_at: now })
    .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId)
    .where(sql<boolean>`member_count + ${n} <= max_members`)
    .returning('member_count')
    .executeTakeFirst();
  if (counted === undefined) {
    throw heraldError('IM_GROUP_FULL', `the group has room for ${Math.max(0, Number(locked.max_members) - Number(locked.member_count))} more members, not ${n}`);
  }
  const joinSeq = Number(locked.last_seq);
  for (let i = 0; i < members.length; i += 500) {
    await trx.insertInto('im_group_member').values(members.slice(i, i + 500).map((m) => memberRow(key, m.userId, m.role, now, joinSeq))).execute();
  }
  // A user let in one way no longer waits for approval another way.
  for (let i = 0; i < members.length; i += 500) {
    await trx.deleteFrom('im_group_application')
      .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).where('user_id', 'in', members.slice(i, i + 500).map((m) => m.userId))
      .execute();
  }
}

/** Removes members of a locked group and counts them out; returns how many rows went. */
export async function removeMembers(trx: Transaction<Database>, key: GroupKey, userIds: readonly string[], now: number): Promise<number> {
  if (userIds.length === 0) return 0;
  let removed = 0;
  for (let i = 0; i < userIds.length; i += 500) {
    const result = await trx.deleteFrom('im_group_member')
      .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).where('user_id', 'in', userIds.slice(i, i + 500))
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  if (removed > 0) {
    await trx.updateTable('im_group')
      .set({ member_count: sql<number>`member_count - ${removed}`, updated_at: now })
      .where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId)
      .execute();
  }
  return removed;
}

/** Every row of the group, in one transaction: mentions, messages, applications, members, the group. */
export async function deleteGroupRows(trx: Transaction<Database>, key: GroupKey): Promise<void> {
  for (const table of ['im_group_at', 'im_group_message', 'im_group_application', 'im_group_member', 'im_group'] as const) {
    await trx.deleteFrom(table).where('sdk_app_id', '=', key.sdkAppId).where('group_id', '=', key.groupId).execute();
  }
}
