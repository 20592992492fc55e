/**
 * Marks one C2C message recalled in BOTH inboxes (the rows sharing its msgKey) in ONE transaction, with what
 * that changes in each owner's conversation: the recipient's unread count loses the message if it was unread,
 * and a conversation whose last message it is shows it recalled. Rows stay, so seqs stay gap-free.
 *
 * Locks: the message rows, then the conversation rows, each in owner order. A send locks conversation rows
 * (sorted) and only inserts message rows, markRead locks one conversation row, so no cycle can form; a
 * concurrent recall of the same message queues on the first message row and then finds it already recalled.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import type { ConversationRow } from '../messages/conversations.ts';
import { c2cConversationId, messageEventFromRow, type C2cMessageRow } from '../messages/message-event.ts';

export interface C2cMessageRef {
  sdkAppId: number;
  from: string;
  to: string;
  msgKey: string;
}

export interface C2cOwnerChange {
  /** The owner's row, as recalled. */
  row: C2cMessageRow;
  /** The owner's conversation after the recall, when its last message or unread count changed. */
  conversation?: ConversationRow | undefined;
  unreadChanged: boolean;
}

export interface StoredC2cRecall {
  /** False: no inbox holds the message. */
  found: boolean;
  /** False: it was already recalled (nothing written, nothing to announce). */
  changed: boolean;
  /** The inbox rows as they are now (one per owner that keeps a copy). */
  rows: C2cMessageRow[];
  owners: C2cOwnerChange[];
}

async function lockInboxRow(trx: Transaction<Database>, store: Store, m: C2cMessageRef, owner: string): Promise<C2cMessageRow | undefined> {
  const peer = owner === m.from ? m.to : m.from;
  // Within one conversation (the primary key's prefix): msg_key has no index of its own.
  let query = trx.selectFrom('im_c2c_message').selectAll()
    .where('sdk_app_id', '=', m.sdkAppId).where('owner', '=', owner).where('peer', '=', peer)
    .where('msg_key', '=', m.msgKey).where('from_user', '=', m.from).where('to_user', '=', m.to);
  if (store.dialect === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

async function updateConversation(trx: Transaction<Database>, store: Store, row: C2cMessageRow): Promise<C2cOwnerChange> {
  const recalled: C2cMessageRow = { ...row, recalled: 1 };
  const key = { sdkAppId: Number(row.sdk_app_id), owner: row.owner, conversationId: c2cConversationId(row.peer) };
  let query = trx.selectFrom('im_conversation').selectAll()
    .where('sdk_app_id', '=', key.sdkAppId).where('owner', '=', key.owner).where('conversation_id', '=', key.conversationId);
  if (store.dialect === 'postgres') query = query.forUpdate();
  const conversation = await query.executeTakeFirst();
  if (conversation === undefined) return { row: recalled, unreadChanged: false };
  const seq = Number(row.seq);
  const incoming = row.owner === row.to_user && row.owner !== row.from_user;
  // Counted when it arrived and still unread: after the read mark (a deleted conversation's mark is its end).
  const wasUnread = incoming && row.excluded_from_unread === 0 && seq > Number(conversation.read_seq) && Number(conversation.unread_count) > 0;
  const isLast = Number(conversation.last_seq) === seq;
  if (!wasUnread && !isLast) return { row: recalled, unreadChanged: false };
  const changes = {
    ...(wasUnread ? { unread_count: Number(conversation.unread_count) - 1 } : {}),
    ...(isLast ? { last_message_json: JSON.stringify(messageEventFromRow(recalled)) } : {}),
  };
  await trx.updateTable('im_conversation').set(changes)
    .where('sdk_app_id', '=', key.sdkAppId).where('owner', '=', key.owner).where('conversation_id', '=', key.conversationId)
    .execute();
  return { row: recalled, conversation: { ...conversation, ...changes }, unreadChanged: wasUnread };
}

export async function storeC2cRecall(store: Store, m: C2cMessageRef): Promise<StoredC2cRecall> {
  return store.transaction(async (trx) => {
    const rows: C2cMessageRow[] = [];
    for (const owner of [...new Set([m.from, m.to])].sort()) {
      const row = await lockInboxRow(trx, store, m, owner);
      if (row !== undefined) rows.push(row);
    }
    if (rows.length === 0) return { found: false, changed: false, rows, owners: [] };
    const pending = rows.filter((r) => r.recalled !== 1);
    if (pending.length === 0) return { found: true, changed: false, rows, owners: [] };
    const owners: C2cOwnerChange[] = [];
    for (const row of pending) {
      await trx.updateTable('im_c2c_inbox').set({ recalled: 1 })
        .where('sdk_app_id', '=', row.sdk_app_id).where('owner', '=', row.owner).where('peer', '=', row.peer).where('seq', '=', row.seq)
        .execute();
      owners.push(await updateConversation(trx, store, row));
    }
    return { found: true, changed: true, rows: rows.map((r) => ({ ...r, recalled: 1 })), owners };
  });
}
