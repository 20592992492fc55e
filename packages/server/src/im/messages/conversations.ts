/**
 * An owner's conversations: the list (pinned first, then by last message), read marks, unread counts, pin and
 * delete. Unread counts only incoming messages not excluded from unread (`isExcludedFromUnreadCount`).
 */
import { heraldError } from '@herald/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ImConversationTable } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { isValidUserId } from '../identity/user-id.ts';
import type { MessageEvent } from './message-event.ts';

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
}

export type ConversationRow = Selectable<ImConversationTable>;

export function conversationView(row: ConversationRow): ConversationView {
  return {
    conversationId: row.conversation_id,
    type: 'c2c',
    peer: row.peer,
    lastMessage: row.last_message_json === null ? null : (JSON.parse(row.last_message_json) as MessageEvent),
    unreadCount: Number(row.unread_count),
    pinned: row.pinned === 1,
    orderKey: Number(row.order_key),
  };
}

/** `c2c_<userID>` → the peer; anything else (groups come later) is a parameter error. */
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

export async function listConversations(db: Kysely<Database>, owner: Owner, offset: number, count: number) {
  const rows = await db.selectFrom('im_conversation').selectAll()
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('deleted', '=', 0)
    .orderBy('pinned', 'desc').orderBy('order_key', 'desc').orderBy('conversation_id')
    .limit(count + 1).offset(offset)
    .execute();
  const complete = rows.length <= count;
  return { conversations: rows.slice(0, count).map(conversationView), nextCursor: complete ? '' : String(offset + count), complete };
}

export async function totalUnread(db: Kysely<Database>, owner: Owner): Promise<number> {
  const row = await db.selectFrom('im_conversation')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('unread_count'), eb.lit(0)).as('total'))
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('deleted', '=', 0)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

async function countUnread(db: Kysely<Database>, owner: Owner, peer: string, afterSeq: number): Promise<number> {
  const row = await db.selectFrom('im_c2c_message').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sdk_app_id', '=', owner.sdkAppId).where('owner', '=', owner.userId).where('peer', '=', peer)
    .where('seq', '>', afterSeq).where('from_user', '!=', owner.userId).where('excluded_from_unread', '=', 0)
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
