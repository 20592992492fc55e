/**
 * The JSON text of a stored message's `message` event and of a conversation's view, written from the row without
 * parsing what it already holds as JSON (the elements, the offline push info, the conversation's last message)
 * only to write it out again. A C2C send writes each of these for both owners; as objects they were the larger
 * part of its JSON work and garbage. They mean the same as JSON.stringify(messageEventFromRow(row)) and
 * JSON.stringify(conversationView(row, recvOpt)) (test/im-messages/event-json.test.ts), keys in another order.
 */
import type { ConversationRow } from './conversations.ts';
import { messageEventFromRow, messageScalars, type C2cMessageRow } from './message-event.ts';

export function messageEventJson(row: C2cMessageRow): string {
  // A recalled message shows neither elements nor extras: the object form is simplest and rare.
  if (row.recalled === 1) return JSON.stringify(messageEventFromRow(row));
  const scalars = JSON.stringify({
    ...messageScalars(row),
    ...(row.cloud_custom_data === null ? {} : { cloudCustomData: row.cloud_custom_data }),
  });
  const offlinePush = row.offline_push_json === null ? '' : `,"offlinePushInfo":${row.offline_push_json}`;
  return `{"elements":${row.elements_json}${offlinePush},${scalars.slice(1)}`;
}

export function conversationViewJson(row: ConversationRow, recvOpt = 0): string {
  const scalars = JSON.stringify({
    conversationId: row.conversation_id,
    type: 'c2c',
    peer: row.peer,
    unreadCount: Number(row.unread_count),
    pinned: row.pinned === 1,
    orderKey: Number(row.order_key),
    recvOpt,
  });
  return `{"lastMessage":${row.last_message_json ?? 'null'},${scalars.slice(1)}`;
}

/** An event frame (bus/event-frame.ts) around data that is JSON text already. */
export function eventFrameOfJson(event: string, dataJson: string): string {
  return `{"event":${JSON.stringify(event)},"data":${dataJson}}`;
}
