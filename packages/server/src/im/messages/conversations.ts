/**
 * An owner's conversations: the list (pinned first, then by last message), read marks, unread counts, pin and
 * delete. Unread counts only incoming messages not excluded from unread (`isExcludedFromUnreadCount`).
 *
 * C2C conversations are rows of their own (write diffusion); group conversations are computed from the member's
 * row and the group's messages (read diffusion, see group-messages/group-conversations.ts). The list merges both
 * with a keyset cursor, so paging stays right across the two kinds.
 */
import { heraldError } from '@herald/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ImConversationTable } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { isValidUserId } from '../identity/user-id.ts';
import { isValidGroupId } from '../group-messages/group-access.ts';
import {
  groupConversationViews, pageGroupConversationRows, totalGroupUnread, type GroupConversationView, type ListPosition,
} from '../group-messages/group-conversations.ts';
import type { MessageEvent } from './message-event.ts';
import { c2cUnreadTotalSql } from './unread-totals.ts';

export interface Owner {
  sdkAppId: number;
  userId: string;
}

export interface ConversationView {
  conversationId: string;
  type: 'c2c';
  peer: string;
  lastMessage: MessageEvent | null;
  unreadCount: number;
  pinned: boolean;
  orderKey: number;
  /** The owner's receive option for the peer (V2TIMReceiveMessageOpt; 0 when never set). */
  recvOpt: number;
}

export type AnyConversationView = ConversationView | GroupConversationView;

export type ConversationRow = Selectable<ImConversationTable>;

export function conversationView(row: ConversationRow, recvOpt = 0): ConversationView {
  return {
    conversationId: row.conversation_id,
    type: 'c2c',
    peer: row.peer,
    lastMessage: row.last_message_json === null ? null : (JSON.parse(row.last_message_json) as MessageEvent),
    unreadCount: Number(row.unread_count),
    pinned: row.pinned === 1,
    orderKey: Number(row.order_key),
    recvOpt,
  };
}

export type ConversationRef = { kind: 'c2c'; peer: string } | { kind: 'group'; groupId: string };

/** `c2c_<userID>` or `group_<groupID>`; anything else is a parameter error. */
export function parseConversationId(value: unknown): ConversationRef {
  if (typeof value === 'string' && value.startsWith('group_')) {
    const groupId = value.slice(6);
    if (!isValidGroupId(groupId)) throw heraldError('REQUEST_PARAM_INVALID', 'conversationId must be c2c_<userID> or group_<groupID>');
    return { kind: 'group', groupId };
  }
  return { kind: 'c2c', peer: parseC2cConversationId(value) };
}

/** The owner's receive option for one peer (absent = 0). */
export async function c2cReceiveOpt(db: Kysely<Database>, owner: Owner, peer: string): Promise<number> {
  const row = await db.selectFrom('im_receive_opt').select('opt')
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('peer', '=', peer)
    .executeTakeFirst();
  return row?.opt ?? 0;
}

/** `c2c_<userID>` → the peer; anything else is a parameter error. */
export function parseC2cConversationId(value: unknown): string {
  if (typeof value !== 'string') throw heraldError('REQUEST_PARAM_MISSING', 'conversationId is required');
  const peer = value.startsWith('c2c_') ? value.slice(4) : '';
  if (!isValidUserId(peer)) throw heraldError('REQUEST_PARAM_INVALID', 'conversationId must be c2c_<userID>');
  return peer;
}

export async function getConversation(db: Kysely<Database>, owner: Owner, conversationId: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('im_conversation').selectAll()
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}

/** An opaque keyset cursor: the position of the last conversation of the previous page. */
function encodeCursor(p: ListPosition): string {
  return Buffer.from(JSON.stringify([p.pinned, p.orderKey, p.conversationId])).toString('base64url');
}

export function decodeCursor(cursor: unknown): ListPosition | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  const invalid = () => heraldError('REQUEST_PARAM_INVALID', 'cursor must be a nextCursor from a previous page');
  if (typeof cursor !== 'string' || cursor.length > 400 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [pinned, orderKey, conversationId] = parsed as unknown[];
  if ((pinned !== 0 && pinned !== 1) || typeof orderKey !== 'number' || !Number.isSafeInteger(orderKey) || typeof conversationId !== 'string') throw invalid();
  return { pinned, orderKey, conversationId };
}

const positionOf = (v: AnyConversationView): ListPosition => ({ pinned: v.pinned ? 1 : 0, orderKey: v.orderKey, conversationId: v.conversationId });

interface SortKey {
  pinned: boolean;
  orderKey: number;
  type: 'c2c' | 'group';
}

/** List order: pinned first, orderKey descending, and at an equal key C2C before group (each kind in its own id order). */
function comesFirst(a: SortKey, b: SortKey): boolean {
  if (a.pinned !== b.pinned) return a.pinned;
  if (a.orderKey !== b.orderKey) return a.orderKey > b.orderKey;
  return a.type === 'c2c' || b.type === 'group';
}

async function pageC2c(db: Kysely<Database>, owner: Owner, after: ListPosition | undefined, limit: number): Promise<ConversationView[]> {
  let query = db.selectFrom('im_conversation as c')
    .leftJoin('im_receive_opt as r', (join) => join.onRef('r.sdk_app_id', '=', 'c.sdk_app_id').onRef('r.owner', '=', 'c.owner').onRef('r.peer', '=', 'c.peer'))
    .selectAll('c').select('r.opt')
    .where('c.sdk_app_id', '=', owner.sdkAppId).where('c.owner', '=', owner.userId).where('c.deleted', '=', 0);
  if (after !== undefined) {
    const c2cAfter = after.conversationId.startsWith('c2c_');
    query = query.where((eb) => eb.or([
      eb('c.pinned', '<', after.pinned),
      eb.and([eb('c.pinned', '=', after.pinned), eb('c.order_key', '<', after.orderKey)]),
      // At an equal key groups come after C2C: after a group position no C2C conversation of that key is left.
      ...(c2cAfter ? [eb.and([eb('c.pinned', '=', after.pinned), eb('c.order_key', '=', after.orderKey), eb('c.conversation_id', '>', after.conversationId)])] : []),
    ]));
  }
  const rows = await query.orderBy('c.pinned', 'desc').orderBy('c.order_key', 'desc').orderBy('c.conversation_id').limit(limit).execute();
  return rows.map(({ opt, ...row }) => conversationView(row, opt ?? 0));
}

export async function listConversations(db: Kysely<Database>, owner: Owner, cursor: ListPosition | undefined, count: number) {
  const c2c = await pageC2c(db, owner, cursor, count + 1);
  const groupRows = await pageGroupConversationRows(db, owner, cursor, count + 1);
  // Merge the two ordered pages first: only the group conversations that make the page need their views.
  const merged: Array<ConversationView | (typeof groupRows)[number]> = [];
  let i = 0;
  let j = 0;
  const groupKey = (g: (typeof groupRows)[number]): SortKey => ({ pinned: g.pinned === 1, orderKey: g.last_time, type: 'group' });
  while (merged.length < count + 1 && (i < c2c.length || j < groupRows.length)) {
    const a = c2c[i];
    const b = groupRows[j];
    if (b === undefined || (a !== undefined && comesFirst(a, groupKey(b)))) {
      merged.push(a!);
      i += 1;
    } else {
      merged.push(b);
      j += 1;
    }
  }
  const complete = merged.length <= count;
  const page = merged.slice(0, count);
  const groups = page.filter((x): x is (typeof groupRows)[number] => !('conversationId' in x));
  const groupViews = new Map((await groupConversationViews(db, owner, groups)).map((v) => [v.groupId, v]));
  const conversations: AnyConversationView[] = page.map((x) => ('conversationId' in x ? x : groupViews.get(x.group_id)!));
  const last = conversations.at(-1);
  return { conversations, nextCursor: complete || last === undefined ? '' : encodeCursor(positionOf(last)), complete };
}

/**
 * Unread C2C messages of the owner, leaving out peers whose receive option is 1, 2 or 3 unless `all` (Tencent's
 * getTotalUnreadMessageCount leaves them out; REST's AllC2CUnreadMsgNum does not).
 */
export async function totalC2cUnread(db: Kysely<Database>, owner: Owner, o: { all?: boolean } = {}): Promise<number> {
  const row = (await c2cUnreadTotalSql(owner, o).execute(db)).rows[0];
  return Number(row?.total ?? 0);
}

/**
 * The total of getTotalUnreadMessageCount and `totalUnreadChanged`: C2C and group unread, without conversations
 * whose receive option is 1, 2 or 3 and without Meeting and AVChatRoom groups.
 */
export async function totalUnread(db: Kysely<Database>, owner: Owner): Promise<number> {
  return (await totalC2cUnread(db, owner)) + (await totalGroupUnread(db, owner));
}

async function countUnread(db: Kysely<Database>, owner: Owner, peer: string, afterSeq: number): Promise<number> {
  const row = await db.selectFrom('im_c2c_message').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('peer', '=', peer)
    .where('seq', '>', afterSeq).where('from_user', '!=', owner.userId).where('excluded_from_unread', '=', 0)
    .where('recalled', '=', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks read up to `seq` (default: the latest). Read marks never move backwards. */
export async function markRead(store: Store, owner: Owner, peer: string, seq: number | undefined): Promise<ConversationRow> {
  const conversationId = `c2c_${peer}`;
  // One transaction holding the conversation row: a message committed between the count and the write would
  // otherwise lose its unread increment (BEGIN IMMEDIATE on SQLite, the row lock on PostgreSQL).
  return store.transaction(async (trx) => {
    let query = trx.selectFrom('im_conversation').selectAll()
      .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('conversation_id', '=', conversationId);
    if (store.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) throw heraldError('REQUEST_PARAM_INVALID', `No conversation ${conversationId}`);
    const readSeq = Math.max(Number(row.read_seq), Math.min(seq ?? Number(row.last_seq), Number(row.last_seq)));
    const unread = await countUnread(trx, owner, peer, readSeq);
    await trx.updateTable('im_conversation').set({ read_seq: readSeq, unread_count: unread })
      .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('conversation_id', '=', conversationId)
      .execute();
    return { ...row, read_seq: readSeq, unread_count: unread };
  });
}

export async function setPinned(db: Kysely<Database>, owner: Owner, peer: string, pinned: boolean): Promise<ConversationRow> {
  const conversationId = `c2c_${peer}`;
  const result = await db.updateTable('im_conversation').set({ pinned: pinned ? 1 : 0 })
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw heraldError('REQUEST_PARAM_INVALID', `No conversation ${conversationId}`);
  return (await getConversation(db, owner, conversationId))!;
}

/** Hides the conversation and clears its unread count; its history stays, and the next message brings it back. */
export async function deleteConversation(db: Kysely<Database>, owner: Owner, peer: string): Promise<void> {
  const conversationId = `c2c_${peer}`;
  const row = await getConversation(db, owner, conversationId);
  if (row === undefined) throw heraldError('REQUEST_PARAM_INVALID', `No conversation ${conversationId}`);
  await db.updateTable('im_conversation').set({ deleted: 1, unread_count: 0, read_seq: row.last_seq, pinned: 0 })
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('conversation_id', '=', conversationId)
    .execute();
}
