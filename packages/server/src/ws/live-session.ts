/**
 * The session object of a logged-in connection. A class rather than an object literal so that every session
 * shares one shape with all fields in the object itself (a spread literal grows a separate property store).
 */
import type { AppState } from '../im/presence/device-state.ts';
import type { DeadlineQueued } from './deadline-queue.ts';
import type { ChatConnection, ChatSession } from './types.ts';

export interface LiveSessionInit {
  sdkAppId: number;
  userId: string;
  deviceId: string;
  platform: string;
  loggedInAt: number;
  userSigExpiresAt: number;
  connection: ChatConnection;
  appState: AppState;
}

export class LiveSession implements ChatSession, DeadlineQueued {
  readonly sdkAppId: number;
  readonly userId: string;
  readonly deviceId: string;
  readonly platform: string;
  readonly loggedInAt: number;
  readonly userSigExpiresAt: number;
  readonly connection: ChatConnection;
  appState: AppState;
  ended = false;
  /** Its place in the node's UserSig-expiry queue. */
  deadlineQueueIndex = -1;

  constructor(init: LiveSessionInit) {
    this.sdkAppId = init.sdkAppId;
    this.userId = init.userId;
    this.deviceId = init.deviceId;
    this.platform = init.platform;
    this.loggedInAt = init.loggedInAt;
    this.userSigExpiresAt = init.userSigExpiresAt;
    this.connection = init.connection;
    this.appState = init.appState;
  }
}
