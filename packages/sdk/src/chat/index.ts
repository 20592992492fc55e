export { createChatClient, type ChatClient, type ChatClientOptions } from './create-chat-client.ts';
export { backoffDelay, type BackoffOptions } from './backoff.ts';
export type {
  AppState,
  ChatEventName,
  ChatEvents,
  ChatPlatform,
  ConnectionState,
  DeviceInfo,
  DeviceState,
  LoginInfo,
  LoginOptions,
} from './chat-types.ts';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.ts';
export { textElem, customElem } from './elements.ts';
export type { OfflinePushConfig, OfflinePushConfigState } from './offline-push-config.ts';
export { createMemoryMessageStore, cursorStorageKey, type ChatStorage, type MessageStore, type MessageStoreFactory, type MessageStoreScope } from './message-store.ts';
export {
  createSignaling,
  type Signaling,
  type SignalingEventName,
  type SignalingEvents,
  type SignalingInfo,
  type SignalingInvitation,
  type SignalingInviteeState,
  type SignalingInviteOptions,
  type SignalingOptions,
} from './signaling.ts';
export { createGroupSync, type GroupSync, type GroupSyncOptions } from './group-sync.ts';
export { createMessagePipeline, type LoginSyncStart, type MessagePipeline, type MessagePipelineOptions } from './message-pipeline.ts';
export type {
  AnyChatMessage,
  C2cConversation,
  ChatMessage,
  Conversation,
  GroupAtInfo,
  GroupChatMessage,
  GroupConversation,
  GroupHistoryOptions,
  GroupHistoryResult,
  GroupInfo,
  GroupMember,
  GroupType,
  JoinedGroup,
  SendGroupMessageOptions,
  SendGroupMessageResult,
  ConversationListResult,
  HistoryOptions,
  HistoryResult,
  MessageElement,
  MessageElementType,
  MessagePriority,
  OfflinePushInfo,
  SendMessageOptions,
  SendMessageResult,
  SyncResult,
} from './message-types.ts';
