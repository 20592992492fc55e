/** Public types of the chat client (docs/protocol.md). */
import type { AnyChatMessage, Conversation, JoinedGroup } from './message-types.ts';

export type ChatPlatform = 'iOS' | 'Android' | 'Web' | 'Windows' | 'Mac' | 'Linux' | 'iPad' | 'HarmonyOS' | 'Unknown';
export type AppState = 'foreground' | 'background';
export type DeviceState = 'online' | 'background' | 'push_online' | 'offline';

/** `connected` means connected and logged in. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

export interface LoginOptions {
  userId: string;
  userSig: string;
  /** Stable per install: the same id across reconnects and restarts. */
  deviceId: string;
  platform: ChatPlatform;
  appState?: AppState;
}

export interface DeviceInfo {
  deviceId: string;
  platform: string;
  state: DeviceState;
  stateChangedAt: number;
}

export interface LoginInfo {
  serverTime: number;
  heartbeatSeconds: number;
  userSigExpiresAt: number;
  devices: DeviceInfo[];
}

export interface ChatEvents {
  kickedOffline: { reason: 'loggedInAgain' | 'kicked'; byDeviceId?: string };
  userSigExpired: { expiredAt?: number };
  connectionStateChanged: { state: ConnectionState; previous: ConnectionState; closeCode?: number };
  /** Every server event, including the ones above (for features built on the client). */
  serverEvent: { event: string; data: unknown };
  /** Each successful login, the first and every automatic re-login after a reconnect. */
  loggedIn: LoginInfo;
  /**
   * A message new to this device (live or synced), once each; not this device's own sends. C2C messages come in
   * inbox order, group messages in seq order per group (`groupId` set, no `inboxSeq`).
   */
  message: AnyChatMessage;
  /** The login's sync is done (gaps filled); `inboxSeq` is the device's cursor. */
  syncCompleted: { inboxSeq: number };
  conversationChanged: { conversations: Conversation[] };
  totalUnreadChanged: { total: number };
  /** The user joined or was added to a group; its messages are synced from here on. */
  groupJoined: { group: JoinedGroup };
  /** The user was removed from a group; its messages stop. */
  groupKicked: { groupId: string; by?: string };
  groupDismissed: { groupId: string; by?: string };
  /** The offline push report sent again after a re-login was refused (e.g. its certificate was deleted); it is forgotten. */
  offlinePushConfigFailed: { code: string; message: string };
}

export type ChatEventName = keyof ChatEvents;
