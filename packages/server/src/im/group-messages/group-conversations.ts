/**
 * A member's group conversations, computed from read diffusion: a group message is one row, and a member's unread
 * count, @ mentions and last message are read from the rows after their read mark. Nothing per member is written
 * on send. A group conversation exists once the group has a message after the member's join and after the
 * member's last delete (`hidden_seq`).
 */
import { heraldError, type ChatMessageEvent } from '@herald/protocol';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { AT_ALL_ROW } from './store-group-message.ts';
import { groupUnreadTotalSql } from '../messages/unread-totals.ts';
import { groupConversationId, groupMessageEventFromRow, type GroupMessageRow } from './group-message-event.ts';
import { isVisibleTo, NO_UNREAD_GROUP_TYPES, requireMembership, visibleToSql, type GroupMemberRow, type GroupRow } from './group-access.ts';

export interface Owner {
  sdkAppId: number;
  userId: string;
}

/** Tencent's V2TIMGroupAtInfo types. */
export const AT_ME = 1;
export const AT_ALL = 2;
export const AT_ALL_AT_ME = 3;

export interface GroupAtInfo {
  seq: number;
  atType: 1 | 2 | 3;
}

export interface GroupConversationView {
  conversationId: string;
  type: 'group';
  groupId: string;
  groupName: string;
  groupType: string;
  lastMessage: ChatMessageEvent | null;
  unreadCount: number;
  pinned: boolean;
  orderKey: number;
  recvOpt: number;
  groupAtInfoList: GroupAtInfo[];
}

/** One row of the member × group join the conversation list pages over. */
export interface GroupConversationRow {
  group_id: string;
  name: string;
  type: string;
  last_seq: number;
  last_time: number;
  last_message_json: string | null;
  join_seq: number;
  read_seq: number;
  recv_opt: number;
  pinned: number;
  hidden_seq: number;
}

export function parseGroupConversationId(value: string): string | undefined {
  return value.startsWith('group_') ? value.slice(6) : undefined;
}

function memberGroups(db: Kysely<Database>, owner: Owner) {
  return db.selectFrom('im_group_member as gm')
    .innerJoin('im_group as g', (join) => join.onRef('g.sdk_app_id', '=', 'gm.sdk_app_id').onRef('g.group_id', '=', 'gm.group_id'))
    .select(['g.group_id', 'g.name', 'g.type', 'g.last_seq', 'g.last_time', 'g.last_message_json', 'gm.join_seq', 'gm.read_seq', 'gm.recv_opt', 'gm.pinned', 'gm.hidden_seq'])
    .where('gm.sdk_app_id', '=', owner.sdkAppId).where('gm.user_id', '=', owner.userId)
    .whereRef('g.last_seq', '>', 'gm.join_seq').whereRef('g.last_seq', '>', 'gm.hidden_seq');
}

/** Keyset position in the merged list: pinned first, then orderKey descending, then conversationId. */
export interface ListPosition {
  pinned: number;
  orderKey: number;
  conversationId: string;
}

/** Up to `limit` group conversations after `after`, in list order. */
export async function pageGroupConversationRows(db: Kysely<Database>, owner: Owner, after: ListPosition | undefined, limit: number): Promise<GroupConversationRow[]> {
  let query = memberGroups(db, owner);
  if (after !== undefined) {
    const groupId = parseGroupConversationId(after.conversationId);
    query = query.where((eb) => {
      const sameKey = eb.and([eb('gm.pinned', '=', after.pinned), eb('g.last_time', '=', after.orderKey)]);
      return eb.or([
        eb('gm.pinned', '<', after.pinned),
        eb.and([eb('gm.pinned', '=', after.pinned), eb('g.last_time', '<', after.orderKey)]),
        // At an equal key C2C conversations come first: after a C2C position every group of that key follows.
        groupId === undefined ? sameKey : eb.and([sameKey, eb('g.group_id', '>', groupId)]),
      ]);
    });
  }
  const rows = await query.orderBy('gm.pinned', 'desc').orderBy('g.last_time', 'desc').orderBy('g.group_id').limit(limit).execute();
  return rows.map((r) => ({
    ...r, last_seq: Number(r.last_seq), last_time: Number(r.last_time), join_seq: Number(r.join_seq), read_seq: Number(r.read_seq),
    hidden_seq: Number(r.hidden_seq),
  }));
}

/** Unread counts of several groups of one member, in one query. */
async function unreadByGroup(db: Kysely<Database>, owner: Owner, groupIds: readonly string[]): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await unreadQuery(db, owner).where('m.group_id', 'in', groupIds)
    .select((eb) => ['m.group_id', eb.fn.countAll<number>().as('n')]).groupBy('m.group_id')
    .execute();
  return new Map(rows.map((r) => [r.group_id, Number(r.n)]));
}

/** Messages after each membership's read mark (and join) that count as unread for the member. */
function unreadQuery(db: Kysely<Database>, owner: Owner) {
  return db.selectFrom('im_group_message as m')
    .innerJoin('im_group_member as gm', (join) => join.onRef('gm.sdk_app_id', '=', 'm.sdk_app_id').onRef('gm.group_id', '=', 'm.group_id'))
    .where('gm.sdk_app_id', '=', owner.sdkAppId).where('gm.user_id', '=', owner.userId)
    .where('m.seq', '>', sql<number>`case when gm.read_seq > gm.join_seq then gm.read_seq else gm.join_seq end`)
    .where('m.from_user', '!=', owner.userId)
    .where('m.excluded_from_unread', '=', 0).where('m.is_tip', '=', 0).where('m.recalled', '=', 0)
    .where((eb) => visibleToSql(eb, owner.userId, 'm.'));
}

/**
 * The member's unread group messages counted in the total: not in groups whose receive option is 1, 2 or 3
 * (Tencent's getTotalUnreadMessageCount) and not in Meeting or AVChatRoom groups (no unread counts there).
 */
export async function totalGroupUnread(db: Kysely<Database>, owner: Owner): Promise<number> {
  const row = (await groupUnreadTotalSql(owner).execute(db)).rows[0];
  return Number(row?.n ?? 0);
}

/** Mentions of the member (or @all) after their read mark, in seq order; their own messages mention nobody to them. */
async function atInfoByGroup(db: Kysely<Database>, owner: Owner, groupIds: readonly string[]): Promise<Map<string, GroupAtInfo[]>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db.selectFrom('im_group_at as a')
    .innerJoin('im_group_member as gm', (join) => join.onRef('gm.sdk_app_id', '=', 'a.sdk_app_id').onRef('gm.group_id', '=', 'a.group_id'))
    .innerJoin('im_group_message as m', (join) => join.onRef('m.sdk_app_id', '=', 'a.sdk_app_id').onRef('m.group_id', '=', 'a.group_id').onRef('m.seq', '=', 'a.seq'))
    .select(['a.group_id', 'a.seq', 'a.user_id'])
    .where('gm.sdk_app_id', '=', owner.sdkAppId).where('gm.user_id', '=', owner.userId).where('a.group_id', 'in', groupIds)
    .where('a.user_id', 'in', [owner.userId, AT_ALL_ROW])
    .where('a.seq', '>', sql<number>`case when gm.read_seq > gm.join_seq then gm.read_seq else gm.join_seq end`)
    .where('m.from_user', '!=', owner.userId).where('m.recalled', '=', 0)
    .orderBy('a.group_id').orderBy('a.seq')
    .execute();
  const out = new Map<string, GroupAtInfo[]>();
  for (const r of rows) {
    const list = out.get(r.group_id) ?? [];
    const seq = Number(r.seq);
    const type = r.user_id === AT_ALL_ROW ? AT_ALL : AT_ME;
    const last = list.at(-1);
    if (last !== undefined && last.seq === seq) last.atType = AT_ALL_AT_ME;
    else list.push({ seq, atType: type });
    out.set(r.group_id, list);
  }
  return out;
}

/** The group's last message if the member may see it, else the last one they may see (a directed message to others). */
async function lastVisibleMessage(db: Kysely<Database>, owner: Owner, row: GroupConversationRow): Promise<ChatMessageEvent | null> {
  if (row.last_message_json !== null) {
    const last = JSON.parse(row.last_message_json) as ChatMessageEvent;
    const stored = await db.selectFrom('im_group_message').select(['to_users_json', 'from_user'])
      .where('sdk_app_id', '=', owner.sdkAppId).where('group_id', '=', row.group_id).where('seq', '=', last.seq ?? -1)
      .executeTakeFirst();
    if (stored === undefined || isVisibleTo(stored, owner.userId)) return (last.seq ?? 0) > row.join_seq ? last : null;
  }
  const visible = await db.selectFrom('im_group_message').selectAll()
    .where('sdk_app_id', '=', owner.sdkAppId).where('group_id', '=', row.group_id).where('seq', '>', row.join_seq)
    .where((eb) => visibleToSql(eb, owner.userId))
    .orderBy('seq', 'desc').limit(1)
    .executeTakeFirst();
  return visible === undefined ? null : groupMessageEventFromRow(visible as GroupMessageRow);
}

/** Full views of the given rows (unread, mentions and last message read in a few queries). */
export async function groupConversationViews(db: Kysely<Database>, owner: Owner, rows: readonly GroupConversationRow[]): Promise<GroupConversationView[]> {
  const counted = rows.filter((r) => !NO_UNREAD_GROUP_TYPES.includes(r.type)).map((r) => r.group_id);
  const unread = await unreadByGroup(db, owner, counted);
  const ats = await atInfoByGroup(db, owner, rows.map((r) => r.group_id));
  const views: GroupConversationView[] = [];
  for (const r of rows) {
    views.push({
      conversationId: groupConversationId(r.group_id),
      type: 'group',
      groupId: r.group_id,
      groupName: r.name,
      groupType: r.type,
      lastMessage: await lastVisibleMessage(db, owner, r),
      unreadCount: unread.get(r.group_id) ?? 0,
      pinned: r.pinned === 1,
      orderKey: r.last_time,
      recvOpt: r.recv_opt,
      groupAtInfoList: ats.get(r.group_id) ?? [],
    });
  }
  return views;
}

function rowOf(group: GroupRow, member: GroupMemberRow): GroupConversationRow {
  return {
    group_id: group.group_id, name: group.name, type: group.type, last_seq: Number(group.last_seq), last_time: Number(group.last_time),
    last_message_json: group.last_message_json, join_seq: Number(member.join_seq), read_seq: Number(member.read_seq),
    recv_opt: member.recv_opt, pinned: member.pinned, hidden_seq: Number(member.hidden_seq),
  };
}

/** The member's view of one group conversation (whether or not it is currently listed). */
export async function groupConversationView(db: Kysely<Database>, owner: Owner, groupId: string): Promise<GroupConversationView> {
  const { group, member } = await requireMembership(db, owner.sdkAppId, groupId, owner.userId);
  return (await groupConversationViews(db, owner, [rowOf(group, member)]))[0]!;
}

/** Moves the read mark to `seq` (default: the group's last); it never moves backwards. */
export async function markGroupRead(store: Store, owner: Owner, groupId: string, seq: number | undefined): Promise<{ readSeq: number; view: GroupConversationView }> {
  const { group, member } = await requireMembership(store.db, owner.sdkAppId, groupId, owner.userId);
  const target = Math.min(seq ?? Number(group.last_seq), Number(group.last_seq));
  // A conditional write: concurrent marks keep the highest, never lower it.
  await store.db.updateTable('im_group_member').set({ read_seq: target })
    .where('sdk_app_id', '=', owner.sdkAppId).where('group_id', '=', groupId).where('user_id', '=', owner.userId).where('read_seq', '<', target)
    .execute();
  const readSeq = Math.max(Number(member.read_seq), target);
  const view = await groupConversationView(store.db, owner, groupId);
  return { readSeq, view };
}

export async function setGroupPinned(store: Store, owner: Owner, groupId: string, pinned: boolean): Promise<GroupConversationView> {
  await requireMembership(store.db, owner.sdkAppId, groupId, owner.userId);
  await store.db.updateTable('im_group_member').set({ pinned: pinned ? 1 : 0 })
    .where('sdk_app_id', '=', owner.sdkAppId).where('group_id', '=', groupId).where('user_id', '=', owner.userId)
    .execute();
  return groupConversationView(store.db, owner, groupId);
}

/** Hides the conversation up to the current last message and clears its unread; the next message brings it back. */
export async function hideGroupConversation(store: Store, owner: Owner, groupId: string): Promise<void> {
  const { group } = await requireMembership(store.db, owner.sdkAppId, groupId, owner.userId);
  const last = Number(group.last_seq);
  if (last === 0) throw heraldError('REQUEST_PARAM_INVALID', `No conversation ${groupConversationId(groupId)}`);
  await store.db.updateTable('im_group_member')
    .set({ hidden_seq: last, pinned: 0, read_seq: sql<number>`case when read_seq > ${last} then read_seq else ${last} end` })
    .where('sdk_app_id', '=', owner.sdkAppId).where('group_id', '=', groupId).where('user_id', '=', owner.userId)
    .execute();
}
