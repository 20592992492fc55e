/** The `message` event of docs/protocol.md §7, built from a stored inbox row (or, online-only, from the send). */
import type { Selectable } from 'kysely';
import type { ImC2cMessageTable } from '../../store/schema.ts';
import type { ChatMessageEvent, MessageElement, MessagePriority, OfflinePushInfo } from '@herald/protocol';
import { PRIORITIES } from '@herald/protocol';

export type C2cMessageRow = Selectable<ImC2cMessageTable>;
export { PRIORITIES, type OfflinePushInfo };
export type Priority = MessagePriority;
export type MessageEvent = ChatMessageEvent;

export const c2cConversationId = (peer: string): string => `c2c_${peer}`;

/** The fields of the event that are plain values of the row (event-json.ts writes the rest from stored JSON). */
export function messageScalars(row: C2cMessageRow): Omit<MessageEvent, 'elements'> {
  return {
    conversationId: c2cConversationId(row.peer),
    seq: Number(row.seq),
    inboxSeq: Number(row.inbox_seq),
    msgKey: row.msg_key,
    from: row.from_user,
    to: row.to_user,
    time: Number(row.time),
    random: Number(row.random),
    priority: row.priority as Priority,
    isExcludedFromUnreadCount: row.excluded_from_unread === 1,
  };
}

export function messageEventFromRow(row: C2cMessageRow): MessageEvent {
  const recalled = row.recalled === 1;
  // A recalled message keeps its place in the sequence but not its content.
  const event: MessageEvent = { ...messageScalars(row), elements: recalled ? [] : (JSON.parse(row.elements_json) as MessageElement[]) };
  if (!recalled && row.cloud_custom_data !== null) event.cloudCustomData = row.cloud_custom_data;
  if (!recalled && row.offline_push_json !== null) event.offlinePushInfo = JSON.parse(row.offline_push_json) as OfflinePushInfo;
  if (recalled) event.recalled = true;
  return event;
}
