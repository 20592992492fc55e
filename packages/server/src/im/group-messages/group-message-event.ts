/** The `message` event of a group message (docs/protocol.md §9), built from its one stored row. */
import type { Selectable } from 'kysely';
import type { ChatMessageEvent, MessageElement, OfflinePushInfo } from '@herald/protocol';
import type { ImGroupMessageTable } from '../../store/schema.ts';
import type { Priority } from '../messages/message-event.ts';

export type GroupMessageRow = Selectable<ImGroupMessageTable>;

export const groupConversationId = (groupId: string): string => `group_${groupId}`;

export function groupMessageEventFromRow(row: GroupMessageRow): ChatMessageEvent {
  const recalled = row.recalled === 1;
  const event: ChatMessageEvent = {
    conversationId: groupConversationId(row.group_id),
    seq: Number(row.seq),
    msgKey: row.msg_key,
    from: row.from_user,
    to: row.group_id,
    groupId: row.group_id,
    time: Number(row.time),
    // A recalled message keeps its place in the sequence but not its content.
    elements: recalled ? [] : (JSON.parse(row.elements_json) as MessageElement[]),
    random: Number(row.random),
    priority: row.priority as Priority,
    isExcludedFromUnreadCount: row.excluded_from_unread === 1 || row.is_tip === 1,
  };
  if (!recalled && row.cloud_custom_data !== null) event.cloudCustomData = row.cloud_custom_data;
  if (!recalled && row.offline_push_json !== null) event.offlinePushInfo = JSON.parse(row.offline_push_json) as OfflinePushInfo;
  if (row.at_json !== null) event.atUserList = JSON.parse(row.at_json) as string[];
  if (row.is_tip === 1) event.isTip = true;
  if (recalled) event.recalled = true;
  return event;
}
