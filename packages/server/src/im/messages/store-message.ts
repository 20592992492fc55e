/**
 * Stores one C2C message: the recipient's inbox row and (unless the sender keeps no copy) the sender's, with
 * both conversations updated, in ONE transaction. Counters are taken with an upsert that increments and returns
 * (`… ON CONFLICT DO UPDATE … RETURNING`): the increment holds the counter's row lock until commit, so on
 * PostgreSQL concurrent sends to one owner queue on it and seqs stay gap-free; SQLite serialises all writes.
 * Owners are locked in a fixed (sorted) order so alice→bob and bob→alice never deadlock.
 *
 * Either copy may be left out: the sender's (REST `SyncOtherMachine: 2`) or the recipient's (their receive option
 * for the sender is 1, "not receive"). `NoLastMsg` (REST `SendMsgControl`) still takes a seq in each conversation
 * but leaves its last message, order and visibility alone.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import type { MessageElement } from './elements.ts';
import { c2cConversationId, messageEventFromRow, type C2cMessageRow, type OfflinePushInfo, type Priority } from './message-event.ts';
import type { ConversationRow } from './conversations.ts';

export interface NewC2cMessage {
  sdkAppId: number;
  from: string;
  to: string;
  random: number;
  time: number;
  msgKey: string;
  priority: Priority;
  elements: MessageElement[];
  cloudCustomData?: string | undefined;
  offlinePushInfo?: OfflinePushInfo | undefined;
  excludedFromUnread: boolean;
  /** False: only the recipient keeps the message (REST `SyncOtherMachine: 2`). */
  senderCopy: boolean;
  /** False: only the sender keeps the message (the recipient does not receive messages from the sender). */
  recipientCopy?: boolean | undefined;
  /** False: REST `NoLastMsg`, the conversations' last message and order stay as they were. Default true. */
  updateLastMessage?: boolean | undefined;
}

export interface StoredC2c {
  /** False when (from, to, random) was already stored: these are the stored rows, nothing was written. */
  created: boolean;
  rows: C2cMessageRow[];
  conversations: ConversationRow[];
}

async function nextInboxSeq(trx: Transaction<Database>, sdkAppId: number, owner: string): Promise<number> {
  const row = await trx.insertInto('im_inbox_counter').values({ sdk_app_id: sdkAppId, owner, inbox_seq: 1 })
    .onConflict((oc) => oc.columns(['sdk_app_id', 'owner']).doUpdateSet({ inbox_seq: sql<number>`im_inbox_counter.inbox_seq + 1` }))
    .returning('inbox_seq')
    .executeTakeFirstOrThrow();
  return Number(row.inbox_seq);
}

async function bumpConversation(trx: Transaction<Database>, m: NewC2cMessage, owner: string, peer: string, unread: number): Promise<number> {
  const visible = m.updateLastMessage !== false;
  const row = await trx.insertInto('im_conversation').values({
    sdk_app_id: m.sdkAppId, owner, conversation_id: c2cConversationId(peer), type: 'c2c', peer,
    // A NoLastMsg message does not start a conversation in the list: the row exists (it holds the seq) but hidden.
    last_seq: 1, read_seq: 0, unread_count: unread, pinned: 0, deleted: visible ? 0 : 1, last_message_json: null, order_key: m.time, updated_at: m.time,
  })
    .onConflict((oc) => oc.columns(['sdk_app_id', 'owner', 'conversation_id']).doUpdateSet(visible
      ? {
          last_seq: sql<number>`im_conversation.last_seq + 1`,
          unread_count: sql<number>`im_conversation.unread_count + ${unread}`,
          deleted: 0,
          order_key: m.time,
          updated_at: m.time,
        }
      : {
          last_seq: sql<number>`im_conversation.last_seq + 1`,
          unread_count: sql<number>`im_conversation.unread_count + ${unread}`,
        }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

export async function findStoredC2c(db: Store['db'] | Transaction<Database>, m: Pick<NewC2cMessage, 'sdkAppId' | 'from' | 'to' | 'random'>): Promise<C2cMessageRow[]> {
  return db.selectFrom('im_c2c_message').selectAll()
    .where('sdk_app_id', '=', m.sdkAppId).where('from_user', '=', m.from).where('to_user', '=', m.to).where('random', '=', m.random)
    .orderBy('owner')
    .execute();
}

/** The message's body, stored once for every inbox that keeps it. */
async function insertBody(trx: Transaction<Database>, m: NewC2cMessage): Promise<number> {
  const row = await trx.insertInto('im_c2c_body').values({
    sdk_app_id: m.sdkAppId, msg_key: m.msgKey, from_user: m.from, to_user: m.to, random: m.random, time: m.time, priority: m.priority,
    elements_json: JSON.stringify(m.elements), cloud_custom_data: m.cloudCustomData ?? null,
    offline_push_json: m.offlinePushInfo === undefined ? null : JSON.stringify(m.offlinePushInfo),
    excluded_from_unread: m.excludedFromUnread ? 1 : 0,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function storeC2cMessage(store: Store, m: NewC2cMessage): Promise<StoredC2c> {
  const existing = await findStoredC2c(store.db, m);
  if (existing.length > 0) return { created: false, rows: existing, conversations: [] };
  try {
    return await store.transaction(async (trx) => {
      // A message to oneself is one row in one inbox.
      const owners = [...new Set([...(m.senderCopy ? [m.from] : []), ...(m.recipientCopy === false ? [] : [m.to])])].sort();
      const rows: C2cMessageRow[] = [];
      const conversations: ConversationRow[] = [];
      if (owners.length === 0) return { created: true, rows, conversations };
      const bodyId = await insertBody(trx, m);
      for (const owner of owners) {
        const peer = owner === m.from ? m.to : m.from;
        const incoming = owner === m.to && owner !== m.from;
        const inboxSeq = await nextInboxSeq(trx, m.sdkAppId, owner);
        const seq = await bumpConversation(trx, m, owner, peer, incoming && !m.excludedFromUnread ? 1 : 0);
        const row: C2cMessageRow = {
          sdk_app_id: m.sdkAppId, owner, peer, seq, inbox_seq: inboxSeq, msg_key: m.msgKey, from_user: m.from, to_user: m.to,
          random: m.random, time: m.time, priority: m.priority, elements_json: JSON.stringify(m.elements),
          cloud_custom_data: m.cloudCustomData ?? null,
          offline_push_json: m.offlinePushInfo === undefined ? null : JSON.stringify(m.offlinePushInfo),
          excluded_from_unread: m.excludedFromUnread ? 1 : 0,
          recalled: 0,
        };
        await trx.insertInto('im_c2c_inbox').values({ sdk_app_id: m.sdkAppId, owner, peer, seq, inbox_seq: inboxSeq, body_id: bodyId }).execute();
        const lastMessage = m.updateLastMessage === false ? {} : { last_message_json: JSON.stringify(messageEventFromRow(row)) };
        const conversation = await trx.updateTable('im_conversation').set({ ...lastMessage, updated_at: m.time })
          .where('sdk_app_id', '=', m.sdkAppId).where('owner', '=', owner).where('conversation_id', '=', c2cConversationId(peer))
          .returningAll()
          .executeTakeFirstOrThrow();
        rows.push(row);
        conversations.push(conversation);
      }
      return { created: true, rows, conversations };
    });
  } catch (err) {
    // The same retry raced itself: the other attempt stored it.
    if (!isUniqueViolation(err)) throw err;
    const stored = await findStoredC2c(store.db, m);
    if (stored.length === 0) throw err;
    return { created: false, rows: stored, conversations: [] };
  }
}
