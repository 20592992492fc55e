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
