/**
 * Login, logout, app state, kick, disconnect and UserSig expiry for the sessions of this node, with every
 * device-state transition persisted (docs/protocol.md §5). Transitions of one device run one at a time; each
 * write made for a connection is guarded by that connection's login, so a replaced connection's late
 * disconnect never clobbers the login that replaced it.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import type { Bus, BusMessage, KickReason, UserAddress } from '../bus/bus.ts';
import { ensureLoginUser } from '../im/identity/ensure-login-user.ts';
import { clearOfflinePushConfig } from '../im/offline-push-config/device-push-config.ts';
import { verifyUserSig } from '../im/identity/verify-user-sig.ts';
import { createDevicePresence, type DeviceInfo, type DevicePresence } from '../im/presence/device-presence.ts';
import { connectedState, type AppState, type DeviceState } from '../im/presence/device-state.ts';
import { createKeyedLock } from '../im/presence/keyed-lock.ts';
import type { DeadlineQueue } from './deadline-queue.ts';
import { LiveSession } from './live-session.ts';
import type { SessionRegistry } from './session-registry.ts';
import { CloseCode, type ChatConnection, type ChatSession } from './types.ts';

export interface LoginParams {
  sdkAppId: number;
  userId: string;
  userSig: string;
  deviceId: string;
  platform: string;
  appState: AppState;
}

export interface LoginResult {
  serverTime: number;
  userSigExpiresAt: number;
  devices: DeviceInfo[];
}

export interface SessionManager {
  login(connection: ChatConnection, params: LoginParams): Promise<LoginResult>;
  logout(session: ChatSession): Promise<void>;
  setAppState(session: ChatSession, state: AppState): Promise<DeviceState>;
  kickDevice(session: ChatSession, deviceId: string): Promise<void>;
  /** The connection is gone while logged in: the device becomes push_online. */
  disconnected(session: ChatSession): Promise<void>;
  /** Ends the session with `userSigExpired` when its UserSig has expired by now; true if it did. */
  checkExpiry(session: ChatSession): boolean;
  listDevices(user: UserAddress): Promise<DeviceInfo[]>;
  /** Applies a bus message addressed to this node. */
  handleBus(message: BusMessage): void;
  /** Resolves when every transition started so far is persisted. */
  idle(): Promise<void>;
  readonly presence: DevicePresence;
}

export interface SessionManagerOptions {
  nodeId: string;
  bus: Bus;
  registry: SessionRegistry;
  /**
   * The node's sessions by UserSig expiry: one timer for all of them. Its `onDue` must call `checkExpiry`, and
   * its clock must be ctx.clock, the clock `checkExpiry` reads.
   */
  expiries: DeadlineQueue<LiveSession>;
}

export function createSessionManager(ctx: ServerContext, o: SessionManagerOptions): SessionManager {
  const { nodeId, bus, registry, expiries } = o;
  const presence = createDevicePresence(ctx.store.db);
  const lock = createKeyedLock();
  const pending = new Set<Promise<unknown>>();
  const loginsInProgress = new WeakSet<ChatConnection>();
  let lastLoginAt = 0;

  const deviceLockKey = (k: { sdkAppId: number; userId: string; deviceId: string }) => `${k.sdkAppId}\u0000${k.userId}\u0000${k.deviceId}`;
  const guardOf = (s: ChatSession) => ({ loggedInAt: s.loggedInAt, nodeId });

  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise);
    const done = () => pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  /** Takes the session off this node; what the device's state becomes is the caller's business. */
  function detach(session: ChatSession): void {
    session.ended = true;
    if (session instanceof LiveSession) expiries.remove(session);
    registry.remove(session);
    if (session.connection.session === session) session.connection.session = undefined;
    void bus.leave(nodeId, session, session.deviceId).catch((err: unknown) => ctx.logger.warn({ err }, 'bus leave failed'));
  }

  function kickLocal(session: ChatSession, reason: KickReason, byDeviceId?: string): void {
    detach(session);
    session.connection.sendEvent('kickedOffline', byDeviceId === undefined ? { reason } : { reason, byDeviceId });
    session.connection.close(reason === 'kicked' ? CloseCode.kicked : CloseCode.loggedInAgain, reason === 'kicked' ? 'kicked' : 'logged in again');
  }

  async function publishKickToOtherNodes(message: Extract<BusMessage, { kind: 'kick' }>): Promise<void> {
    const nodes = await bus.nodesOf(message.user, message.deviceId);
    if (nodes.some((n) => n !== nodeId)) await bus.publish(message);
  }

  const manager: SessionManager = {
    presence,

    async login(connection, params) {
      if (connection.session !== undefined) throw heraldError('WS_ALREADY_LOGGED_IN');
      if (loginsInProgress.has(connection)) throw heraldError('WS_ALREADY_LOGGED_IN', 'A login is already in progress on this connection');
      loginsInProgress.add(connection);
      try {
        const { app, expiresAt } = await verifyUserSig(ctx, { sdkAppId: params.sdkAppId, userId: params.userId, userSig: params.userSig });
        await ensureLoginUser(ctx, app, params.userId);
        const user = { sdkAppId: params.sdkAppId, userId: params.userId };
        return await track(lock.run(deviceLockKey({ ...user, deviceId: params.deviceId }), async () => {
          if (connection.closed) throw heraldError('WS_NOT_LOGGED_IN', 'The connection closed during login');
          const previous = registry.get(user, params.deviceId);
          if (previous !== undefined && previous.connection !== connection) kickLocal(previous, 'loggedInAgain');
          await publishKickToOtherNodes({ kind: 'kick', user, deviceId: params.deviceId, reason: 'loggedInAgain', keepConnectionId: connection.id });
          // Strictly increasing, so two logins of one device never share the guard value.
          const now = Math.max(ctx.clock.now(), lastLoginAt + 1);
          lastLoginAt = now;
          await presence.recordLogin({ ...user, deviceId: params.deviceId }, { platform: params.platform, state: connectedState(params.appState), nodeId, now });
          const session = new LiveSession({
            sdkAppId: params.sdkAppId,
            userId: params.userId,
            deviceId: params.deviceId,
            platform: params.platform,
            loggedInAt: now,
            userSigExpiresAt: expiresAt,
            connection,
            appState: params.appState,
          });
          registry.add(session);
          connection.session = session;
          await bus.join(nodeId, user, params.deviceId);
          // A kick from another node may have ended it while the bus was being told.
          if (!session.ended) expiries.add(session);
          if (connection.closed) {
            // The socket went away while the login was being written: it is a disconnect right after login.
            detach(session);
            await presence.setState({ ...user, deviceId: params.deviceId }, 'push_online', { now: ctx.clock.now(), nodeId: null, guard: guardOf(session) });
          }
          return { serverTime: now, userSigExpiresAt: expiresAt, devices: await presence.listActive(user) };
        }));
      } finally {
        loginsInProgress.delete(connection);
      }
    },

    async logout(session) {
      await track(lock.run(deviceLockKey(session), async () => {
        if (session.ended) return;
        detach(session);
        // No push after logout; a later login pushes only once the app reports its token again (Tencent's rule).
        if (await presence.setState(session, 'offline', { now: ctx.clock.now(), nodeId: null, guard: guardOf(session) })) await clearOfflinePushConfig(ctx.store.db, session);
      }));
    },

    async setAppState(session, state) {
      return track(lock.run(deviceLockKey(session), async () => {
        if (session.ended) throw heraldError('WS_NOT_LOGGED_IN');
        session.appState = state;
        const deviceState = connectedState(state);
        await presence.setState(session, deviceState, { now: ctx.clock.now(), nodeId, guard: guardOf(session) });
        return deviceState;
      }));
    },

    async kickDevice(session, deviceId) {
      if (deviceId === session.deviceId) throw heraldError('REQUEST_PARAM_INVALID', 'Use logout to end this device; kickDevice is for your other devices');
      const user = { sdkAppId: session.sdkAppId, userId: session.userId };
      const target = { ...user, deviceId };
      await track(lock.run(deviceLockKey(target), async () => {
        const info = await presence.get(target);
        if (info === undefined || info.state === 'offline') throw heraldError('REQUEST_PARAM_INVALID', `Device ${deviceId} is not logged in`);
        await presence.setState(target, 'offline', { now: ctx.clock.now(), nodeId: null });
        await clearOfflinePushConfig(ctx.store.db, target);
        const local = registry.get(user, deviceId);
        if (local !== undefined) kickLocal(local, 'kicked', session.deviceId);
        await publishKickToOtherNodes({ kind: 'kick', user, deviceId, reason: 'kicked', byDeviceId: session.deviceId });
      }));
    },

    async disconnected(session) {
      await track(lock.run(deviceLockKey(session), async () => {
        if (session.ended) return;
        detach(session);
        await presence.setState(session, 'push_online', { now: ctx.clock.now(), nodeId: null, guard: guardOf(session) });
      }));
    },

    checkExpiry(session) {
      if (session.ended || ctx.clock.now() < session.userSigExpiresAt) return false;
      void track(lock.run(deviceLockKey(session), async () => {
        if (session.ended) return;
        detach(session);
        // Still logged in as far as push goes (the user did not log out); the client logs in again with a new UserSig.
        await presence.setState(session, 'push_online', { now: ctx.clock.now(), nodeId: null, guard: guardOf(session) });
      }).catch((err: unknown) => ctx.logger.error({ err }, 'persisting UserSig expiry failed')));
      session.connection.sendEvent('userSigExpired', { expiredAt: session.userSigExpiresAt });
      session.connection.close(CloseCode.userSigExpired, 'UserSig expired');
      return true;
    },

    listDevices: (user) => presence.listActive(user),

    handleBus(message) {
      if (message.kind === 'event') {
        for (const session of registry.list(message.user)) {
          if (session.deviceId === message.exceptDeviceId) continue;
          if (message.deviceIds === undefined || message.deviceIds.includes(session.deviceId)) session.connection.sendFrames(message.frames);
        }
        return;
      }
      const session = registry.get(message.user, message.deviceId);
      if (session === undefined || session.connection.id === message.keepConnectionId) return;
      kickLocal(session, message.reason, message.byDeviceId);
    },

    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
  return manager;
}
