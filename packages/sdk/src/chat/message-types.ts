/** Message and conversation shapes of the C2C contract (docs/protocol.md §7). */

import type { ChatMessageEvent, ElementType, MessageElement, MessagePriority, OfflinePushInfo } from '@herald/protocol';

/** The wire shapes are shared with the server (@herald/protocol); the SDK re-exports them under its names. */
export type MessageElementType = ElementType;
export type { MessageElement, MessagePriority, OfflinePushInfo };

export interface SendMessageOptions {
  /** The recipient's UserID. */
  to: string;
  elements: MessageElement[];
  /** Tencent's MsgRandom (uint32). Chosen by the SDK when omitted; kept across retries so the server de-duplicates. */
  random?: number;
  priority?: MessagePriority;
  onlineUserOnly?: boolean;
  cloudCustomData?: string;
  offlinePushInfo?: OfflinePushInfo;
  isExcludedFromUnreadCount?: boolean;
}

export interface SendMessageResult {
  msgKey: string;
  /** The sender's conversation seq; absent for onlineUserOnly messages (nothing is stored). */
  seq?: number;
  /** The sender's inbox position; absent for onlineUserOnly messages. */
  inboxSeq?: number;
  time: number;
  /** The random the message was sent with. */
  random: number;
}

/** One inbox row, as the `message` event and the `sync` / `getHistory` ops carry it (stored, so seqs are set). */
export interface ChatMessage extends ChatMessageEvent {
  seq: number;
  inboxSeq: number;
}

export interface Conversation {
  conversationId: string;
  type: 'c2c';
  peer: string;
  lastMessage: ChatMessage | null;
  unreadCount: number;
  pinned: boolean;
  orderKey: number | string;
}

export interface ConversationListResult {
  conversations: Conversation[];
  nextCursor: string | number | null;
  complete: boolean;
}

export interface HistoryOptions {
  conversationId: string;
  direction: 'older' | 'newer';
  fromSeq?: number;
  /** At most 100. */
  count: number;
}

export interface HistoryResult {
  messages: ChatMessage[];
  complete: boolean;
}

export interface SyncResult {
  messages: ChatMessage[];
  inboxSeq: number;
  complete: boolean;
}
