/**
 * The SQLite form of storeC2cMessage (store-message.ts): the same rows (one body, an inbox row per owner), the
 * same counters, written with prepared statements inside the store's grouped write (group commit). Everything runs
 * synchronously on the single connection, so the retry check and the counters need no locks: nothing else writes
 * in between.
 */
import type { SyncSql } from '../../store/store.ts';
import type { ConversationRow } from './conversations.ts';
import { c2cConversationId, type C2cMessageRow } from './message-event.ts';
import { messageEventJson } from './event-json.ts';
import type { NewC2cMessage, StoredC2c } from './store-message.ts';

// Straight to the body by its (sender, recipient, random), then its inbox rows: the view would do the same.
const FIND_STORED = `select i.sdk_app_id, i.owner, i.peer, i.seq, i.inbox_seq, b.msg_key, b.from_user, b.to_user, b.random, b.time,
    b.priority, b.elements_json, b.cloud_custom_data, b.offline_push_json, b.excluded_from_unread, i.recalled
  from im_c2c_body b cross join im_c2c_inbox i
  where b.sdk_app_id = ? and b.from_user = ? and b.to_user = ? and b.random = ? and i.body_id = b.id
  order by i.owner`;
// The counter exists for every owner after their first message: an UPDATE first, the INSERT only when it did not
// (an upsert pays for the failed insert on every message).
const BUMP_INBOX_SEQ = 'update im_inbox_counter set inbox_seq = inbox_seq + 1 where sdk_app_id = ? and owner = ? returning inbox_seq';
const FIRST_INBOX_SEQ = 'insert into im_inbox_counter (sdk_app_id, owner, inbox_seq) values (?, ?, 1) returning inbox_seq';
// The seq is read first, and with it whether the conversation exists; then the conversation is written once, with
// the new message as its last one, by a plain INSERT or UPDATE: an upsert pays for the failed insert first, and
// bumping the seq before setting the message that needs it was one more statement.
const LAST_SEQ = 'select last_seq from im_conversation where sdk_app_id = ? and owner = ? and conversation_id = ?';
const INSERT_VISIBLE = `insert into im_conversation
  (sdk_app_id, owner, conversation_id, type, peer, last_seq, read_seq, unread_count, pinned, deleted, last_message_json, order_key, updated_at)
  values (?, ?, ?, 'c2c', ?, ?, 0, ?, 0, 0, ?, ?, ?) returning *`;
// A NoLastMsg message does not start a conversation in the list: the row exists (it holds the seq) but hidden.
const INSERT_HIDDEN = `insert into im_conversation
  (sdk_app_id, owner, conversation_id, type, peer, last_seq, read_seq, unread_count, pinned, deleted, last_message_json, order_key, updated_at)
  values (?, ?, ?, 'c2c', ?, ?, 0, ?, 0, 1, null, ?, ?) returning *`;
const UPDATE_VISIBLE = `update im_conversation set last_seq = ?, unread_count = unread_count + ?, deleted = 0, last_message_json = ?,
    order_key = ?, updated_at = ? where sdk_app_id = ? and owner = ? and conversation_id = ? returning *`;
const UPDATE_HIDDEN = `update im_conversation set last_seq = ?, unread_count = unread_count + ?, updated_at = ?
    where sdk_app_id = ? and owner = ? and conversation_id = ? returning *`;
// A retry (the same sender, recipient and random) finds the body there: no row comes back, and the stored message
// is read instead. Looking first would cost every new message a search of the same index.
const INSERT_BODY = `insert into im_c2c_body
  (sdk_app_id, msg_key, from_user, to_user, random, time, priority, elements_json, cloud_custom_data, offline_push_json, excluded_from_unread)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (sdk_app_id, from_user, to_user, random) do nothing returning id`;
const INSERT_INBOX = 'insert into im_c2c_inbox (sdk_app_id, owner, peer, seq, inbox_seq, body_id, recalled) values (?, ?, ?, ?, ?, ?, 0)';

const findStored = (sql: SyncSql, m: NewC2cMessage) =>
  sql.all(FIND_STORED, [m.sdkAppId, m.from, m.to, m.random]) as unknown as C2cMessageRow[];

export function writeC2cMessage(sql: SyncSql, m: NewC2cMessage): StoredC2c {
  // A message to oneself is one row in one inbox.
  const owners = [...new Set([...(m.senderCopy ? [m.from] : []), ...(m.recipientCopy === false ? [] : [m.to])])].sort();
  const rows: C2cMessageRow[] = [];
  const conversations: ConversationRow[] = [];
  if (owners.length === 0) {
    // Nothing would be stored; a retry of a message that was stored still answers with it.
    const existing = findStored(sql, m);
    return existing.length > 0 ? { created: false, rows: existing, conversations } : { created: true, rows, conversations };
  }
  const visible = m.updateLastMessage !== false;
  const elementsJson = JSON.stringify(m.elements);
  const offlinePushJson = m.offlinePushInfo === undefined ? null : JSON.stringify(m.offlinePushInfo);
  const cloudCustomData = m.cloudCustomData ?? null;
  const excludedFromUnread = m.excludedFromUnread ? 1 : 0;
  const inserted = sql.get(INSERT_BODY, [
    m.sdkAppId, m.msgKey, m.from, m.to, m.random, m.time, m.priority, elementsJson, cloudCustomData, offlinePushJson, excludedFromUnread,
  ]);
  if (inserted === undefined) return { created: false, rows: findStored(sql, m), conversations };
  const bodyId = inserted['id'];
  for (const owner of owners) {
    const peer = owner === m.from ? m.to : m.from;
    const conversationId = c2cConversationId(peer);
    const incoming = owner === m.to && owner !== m.from;
    const inboxSeq = Number((sql.get(BUMP_INBOX_SEQ, [m.sdkAppId, owner]) ?? sql.get(FIRST_INBOX_SEQ, [m.sdkAppId, owner]))!['inbox_seq']);
    const unread = incoming && !m.excludedFromUnread ? 1 : 0;
    const lastSeq = sql.get(LAST_SEQ, [m.sdkAppId, owner, conversationId])?.['last_seq'];
    const seq = Number(lastSeq ?? 0) + 1;
    const row: C2cMessageRow = {
      sdk_app_id: m.sdkAppId, owner, peer, seq, inbox_seq: inboxSeq, msg_key: m.msgKey, from_user: m.from, to_user: m.to,
      random: m.random, time: m.time, priority: m.priority, elements_json: elementsJson,
      cloud_custom_data: cloudCustomData, offline_push_json: offlinePushJson, excluded_from_unread: excludedFromUnread, recalled: 0,
    };
    sql.run(INSERT_INBOX, [m.sdkAppId, owner, peer, seq, inboxSeq, bodyId]);
    const conversation = writeConversation(sql, lastSeq === undefined, visible, [m.sdkAppId, owner, conversationId], {
      peer, seq, unread, lastMessageJson: visible ? messageEventJson(row) : null, time: m.time,
    });
    rows.push(row);
    conversations.push(conversation);
  }
  return { created: true, rows, conversations };
}

function writeConversation(sql: SyncSql, isNew: boolean, visible: boolean, key: [number, string, string],
  v: { peer: string; seq: number; unread: number; lastMessageJson: string | null; time: number }): ConversationRow {
  const row = isNew
    ? (visible
      ? sql.get(INSERT_VISIBLE, [...key, v.peer, v.seq, v.unread, v.lastMessageJson, v.time, v.time])
      : sql.get(INSERT_HIDDEN, [...key, v.peer, v.seq, v.unread, v.time, v.time]))
    : (visible
      ? sql.get(UPDATE_VISIBLE, [v.seq, v.unread, v.lastMessageJson, v.time, v.time, ...key])
      : sql.get(UPDATE_HIDDEN, [v.seq, v.unread, v.time, ...key]));
  return row as unknown as ConversationRow;
}
