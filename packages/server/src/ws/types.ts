/** The shapes shared by the gateway, the session manager and the ops. */
import type { AppState } from '../im/presence/device-state.ts';

export interface ChatConnection {
  /** Unique per node and process lifetime. */
  readonly id: string;
  /** Set while logged in. */
  session: ChatSession | undefined;
  readonly closed: boolean;
  /** Sends a server event. Dropped when the connection is closed. */
  sendEvent(event: string, data: unknown): void;
  /** Sends event frames (bus/event-frame.ts) in one write. Dropped when the connection is closed. */
  sendFrames(frames: readonly string[]): void;
  /**
   * Queues server events (responses still go out) until `release`, which sends the queue minus what `keep`
   * refuses. Login's sync uses it so live messages follow the backlog (docs/protocol.md §7).
   */
  holdEvents(): { sendNow(event: string, data: unknown): void; release(keep?: (event: string, data: unknown) => boolean): void };
  /** Closes the connection; the gateway runs its disconnect handling once. */
  close(code: number, reason: string): void;
}

export interface ChatSession {
  readonly sdkAppId: number;
  readonly userId: string;
  readonly deviceId: string;
  readonly platform: string;
  /** Identifies this login in `im_device` (see device-presence.ts). */
  readonly loggedInAt: number;
  /** Epoch ms. */
  readonly userSigExpiresAt: number;
  readonly connection: ChatConnection;
  appState: AppState;
  /** True once logged out, kicked, expired or disconnected: nothing more is persisted for it. */
  ended: boolean;
}

/** Close codes of docs/protocol.md §6. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooLarge: 1009,
  kicked: 4001,
  loggedInAgain: 4002,
  userSigExpired: 4401,
  heartbeatTimeout: 4408,
} as const;
