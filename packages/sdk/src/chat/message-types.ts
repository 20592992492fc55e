/** Message and conversation shapes of the chat contract: C2C (docs/protocol.md §7) and groups (§8, §9). */

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

/** One stored group message (seq is the group's, gap-free per group; there is no inboxSeq). */
export interface GroupChatMessage extends ChatMessageEvent {
  seq: number;
  groupId: string;
}

/** What the `message` event carries: a C2C inbox row, a group message, or an online-only message of either. */
export type AnyChatMessage = ChatMessage | GroupChatMessage;

export interface C2cConversation {
  conversationId: string;
  type: 'c2c';
  peer: string;
  lastMessage: ChatMessage | null;
  unreadCount: number;
  pinned: boolean;
  orderKey: number | string;
  /** The receive option set for the peer (V2TIMReceiveMessageOpt). */
  recvOpt?: number;
}

/** A mention of the user after their read mark: 1 @me, 2 @all, 3 both. */
export interface GroupAtInfo {
  seq: number;
  atType: 1 | 2 | 3;
}

export interface GroupConversation {
  conversationId: string;
  type: 'group';
  groupId: string;
  groupName: string;
  groupType: string;
  lastMessage: GroupChatMessage | null;
  /** Always 0 in Meeting and AVChatRoom groups (no unread counts there). */
  unreadCount: number;
  pinned: boolean;
  orderKey: number | string;
  recvOpt: number;
  groupAtInfoList: GroupAtInfo[];
}

export type Conversation = C2cConversation | GroupConversation;

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

export type GroupType = 'Work' | 'Public' | 'Meeting' | 'AVChatRoom' | 'Community';

export interface SendGroupMessageOptions {
  groupId: string;
  elements: MessageElement[];
  /** Chosen by the SDK when omitted; kept across retries so the server de-duplicates (5 minutes). */
  random?: number;
  priority?: MessagePriority;
  onlineUserOnly?: boolean;
  cloudCustomData?: string;
  offlinePushInfo?: OfflinePushInfo;
  isExcludedFromUnreadCount?: boolean;
  /** Mentioned UserIDs; AT_ALL (from @herald/protocol) for @all. */
  atUserList?: string[];
  /** A directed message: only these members (at most 50) see it; never unread. */
  receiverList?: string[];
}

export interface SendGroupMessageResult {
  msgKey: string;
  /** The group seq; absent for onlineUserOnly messages (and messages the app's webhook dropped). */
  seq?: number;
  time: number;
  random: number;
}

export interface GroupHistoryOptions {
  groupId: string;
  direction: 'older' | 'newer';
  fromSeq?: number;
  /** At most 100. */
  count: number;
}

export interface GroupHistoryResult {
  messages: GroupChatMessage[];
  complete: boolean;
}

export interface GroupInfo {
  groupId: string;
  type: GroupType;
  name: string;
  introduction: string;
  notification: string;
  faceUrl: string;
  owner: string | null;
  memberCount: number;
  maxMemberCount: number;
  applyJoinOption: string;
  muteAll: boolean;
  lastSeq: number;
  createdAt: number;
}

/** A group of getJoinedGroupList, with the user's membership. */
export interface JoinedGroup extends Partial<GroupInfo> {
  groupId: string;
  role?: 'Owner' | 'Admin' | 'Member';
  joinSeq: number;
  readSeq?: number;
  recvOpt?: number;
  muteUntil?: number;
}

export interface GroupMember {
  userId: string;
  role: 'Owner' | 'Admin' | 'Member';
  joinTime: number;
  muteUntil: number;
  nameCard: string;
}
