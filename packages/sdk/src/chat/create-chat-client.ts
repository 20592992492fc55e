/**
 * The chat client: the reference client of docs/protocol.md. It correlates requests and responses (with
 * timeouts), sends heartbeats at the interval the server announces, and once logged in stays logged in:
 * a dropped connection is reopened with exponential backoff and jitter and logged in again with the same
 * deviceId. It stops for good after logout, a kick, or an expired UserSig.
 *
 * Messaging rides on top: every login carries the device's sync cursor, and all incoming messages go through
 * one ordered pipeline (message-pipeline.ts) that drops duplicates and fills gaps; sends survive reconnects.
 * Group messages (read-diffused on the server, outside the inbox) have their own per-group cursors
 * (group-sync.ts), pulled once the login's C2C sync is done.
 */
import { HeraldClientError } from '../herald-client-error.ts';
import { backoffDelay } from './backoff.ts';
import type { AppState, ChatEventName, ChatEvents, ConnectionState, LoginInfo, LoginOptions } from './chat-types.ts';
import { createGroupSync, type GroupSync } from './group-sync.ts';
import { createMessagePipeline, type MessagePipeline } from './message-pipeline.ts';
import { createMemoryMessageStore, cursorStorageKey, type ChatStorage, type MessageStore, type MessageStoreFactory } from './message-store.ts';
import type {
  AnyChatMessage, ConversationListResult, GroupHistoryOptions, GroupHistoryResult, GroupInfo, GroupMember, GroupType, HistoryOptions,
  HistoryResult, JoinedGroup, SendGroupMessageOptions, SendGroupMessageResult, SendMessageOptions, SendMessageResult,
} from './message-types.ts';
import { createOfflinePushConfigKeeper, type OfflinePushConfig, type OfflinePushConfigState } from './offline-push-config.ts';
import { sendWithRetry } from './send-retry.ts';
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.ts';

export interface ChatClientOptions {
  /** `ws://host:port/ws` or `wss://…`. */
  url: string;
  sdkAppId: number;
  /** Defaults to the global WebSocket (browsers, Node ≥ 22); on Node 20 pass the `ws` package's class. */
  WebSocket?: WebSocketConstructor;
  /** How long a request waits for its response (default 10 s). */
  requestTimeoutMs?: number;
  /** First reconnect delay (default 500 ms), doubled per attempt up to maxDelayMs (default 30 s). */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** For deterministic jitter in tests. */
  random?: () => number;
  /** Where the default message store keeps the sync cursor (default: memory; pass localStorage-backed storage to resume after restarts). */
  storage?: ChatStorage;
  /** The message store per (app, user, device); default: messages in memory, cursor in `storage`. */
  messageStore?: MessageStoreFactory;
  /** Source of message randoms (uint32); default crypto.getRandomValues. */
  messageRandom?: () => number;
  /** How many times a send is tried across reconnects before it fails (default 10). */
  sendMaxAttempts?: number;
  /** Page size of gap-filling `sync` calls (default 100). */
  syncPageSize?: number;
}

export interface ChatClient {
  /** Connects and logs in. Resolves once logged in; rejects with the server's code (e.g. IM_USERSIG_EXPIRED). */
  login(options: LoginOptions): Promise<LoginInfo>;
  /** Logs out (the device becomes offline) and closes the connection; no reconnect follows. */
  logout(): Promise<void>;
  /**
   * Reports the app going to the background or foreground (Tencent's doBackground / doForeground). With
   * `unreadCount` (background only), the iOS badge of the next offline pushes counts up from it.
   */
  setAppState(state: AppState, options?: { unreadCount?: number }): Promise<void>;
  /** Server time, epoch ms. */
  getServerTime(): Promise<number>;
  /** Logs out another device of this user. */
  kickDevice(deviceId: string): Promise<void>;
  /**
   * Reports where this device's offline pushes go (Tencent's setOfflinePushConfig / setAPNS): `{businessID, token}`
   * with a vendor token for one of the IM app's certificates, `{businessID: 0, token, isTPNSToken: true}` with the
   * push SDK's Herald token, or null to turn offline push off. Resolves with what the server stored. Sent again
   * after every automatic re-login; forgotten at logout and kick (log in, then report again).
   */
  setOfflinePushConfig(config: OfflinePushConfig | null): Promise<OfflinePushConfigState | null>;
  /** Sends any op (for features built on the client); resolves with its `data`. */
  request<T = unknown>(op: string, data?: Record<string, unknown>): Promise<T>;
  on<E extends ChatEventName>(event: E, listener: (data: ChatEvents[E]) => void): () => void;
  readonly connectionState: ConnectionState;
  readonly loginInfo: LoginInfo | undefined;
  /** Closes the connection without logging out (the device becomes push_online); no reconnect follows. */
  close(): void;

  /**
   * Sends a C2C message; resolves once it is stored (or, for onlineUserOnly, accepted). A send interrupted by a
   * dropped connection is retried after the reconnect with the same `random`, so it is stored once.
   */
  sendMessage(options: SendMessageOptions): Promise<SendMessageResult>;
  getConversationList(options?: { cursor?: string | number; count?: number }): Promise<ConversationListResult>;
  /** Marks read up to `seq` (default: the latest message). */
  markConversationRead(conversationId: string, seq?: number): Promise<void>;
  getTotalUnreadMessageCount(): Promise<number>;
  getHistory(options: HistoryOptions): Promise<HistoryResult>;
  deleteConversation(conversationId: string): Promise<void>;
  pinConversation(conversationId: string, pinned: boolean): Promise<void>;
  /** The messages of a conversation this device has received or sent since its store was created, in seq order. */
  getLocalMessages(conversationId: string): Promise<AnyChatMessage[]>;

  /**
   * Sends a group message; resolves once stored (or, onlineUserOnly, accepted). Retried across reconnects with
   * the same `random`, so it is stored once.
   */
  sendGroupMessage(options: SendGroupMessageOptions): Promise<SendGroupMessageResult>;
  /** A page of a group's history this user may see (after joining), oldest first. */
  getGroupHistory(options: GroupHistoryOptions): Promise<GroupHistoryResult>;
  getJoinedGroupList(): Promise<JoinedGroup[]>;
  createGroup(options: {
    type: GroupType; name: string; groupId?: string; introduction?: string; notification?: string; faceUrl?: string;
    applyJoinOption?: string; maxMemberCount?: number; memberList?: Array<{ userId: string; role?: 'Admin' | 'Member' }>;
  }): Promise<string>;
  joinGroup(groupId: string, message?: string): Promise<'joined' | 'pending'>;
  quitGroup(groupId: string): Promise<void>;
  inviteToGroup(groupId: string, userList: string[]): Promise<Array<{ userId: string; result: 'ok' | 'alreadyMember' | 'failed'; code?: number }>>;
  kickGroupMember(groupId: string, userList: string[], reason?: string): Promise<void>;
  dismissGroup(groupId: string): Promise<void>;
  setGroupMemberRole(groupId: string, userId: string, role: 'Admin' | 'Member'): Promise<void>;
  /** Mutes a member for `seconds` (0 lifts the mute); resolves with the end of the mute (epoch ms). */
  muteGroupMember(groupId: string, userId: string, seconds: number): Promise<number>;
  setGroupInfo(groupId: string, info: { name?: string; introduction?: string; notification?: string; faceUrl?: string; muteAll?: boolean; applyJoinOption?: string }): Promise<void>;
  getGroupMemberList(groupId: string, options?: { cursor?: string; count?: number }): Promise<{ members: GroupMember[]; nextCursor: string; complete: boolean }>;
  getGroupsInfo(groupIds: string[]): Promise<GroupInfo[]>;
  /** The device's sync cursor as processed so far. */
  readonly inboxSeq: number;
  /** Resolves once every message received so far has been processed (stored and emitted). */
  whenMessagesProcessed(): Promise<void>;
}

interface Pending {
  op: string;
  resolve(data: unknown): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Close codes after which reconnecting would be wrong (docs/protocol.md §6). */
const CLOSE_KICKED = 4001;
const CLOSE_LOGGED_IN_AGAIN = 4002;
const CLOSE_USERSIG_EXPIRED = 4401;
/** Login refusals that a retry with the same credentials cannot fix. */
const FATAL_LOGIN_CODES = new Set([
  'IM_APP_NOT_FOUND', 'IM_USERSIG_EMPTY', 'IM_USERSIG_INVALID', 'IM_USERSIG_EXPIRED', 'IM_USERSIG_KEY_MISMATCH',
  'IM_USERSIG_USER_MISMATCH', 'IM_USERSIG_APP_MISMATCH', 'IM_ACCOUNT_NOT_FOUND', 'REQUEST_PARAM_INVALID', 'REQUEST_PARAM_MISSING',
]);

function networkError(message: string): HeraldClientError {
  return new HeraldClientError('NETWORK', message, 0);
}

function ignoreSocketError(): void {
  // The close that follows (or the client's own abandon) decides what happens.
}

function cryptoRandomUint32(): number {
  const values = new Uint32Array(1);
  globalThis.crypto.getRandomValues(values);
  return values[0] ?? 0;
}

export function createChatClient(options: ChatClientOptions): ChatClient {
  const found = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (found === undefined) throw new Error('No WebSocket implementation: pass options.WebSocket (e.g. the ws package)');
  const WebSocketImpl: WebSocketConstructor = found;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const backoff = {
    initialDelayMs: options.reconnect?.initialDelayMs ?? 500,
    maxDelayMs: options.reconnect?.maxDelayMs ?? 30_000,
    random: options.random ?? Math.random,
  };

  const listeners = new Map<ChatEventName, Set<(data: never) => void>>();
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let socket: WebSocketLike | undefined;
  let state: ConnectionState = 'disconnected';
  let credentials: LoginOptions | undefined;
  /** True from a successful login until logout, kick, expiry or close: drops are then reconnected. */
  let stayLoggedIn = false;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  let loginInfo: LoginInfo | undefined;
  /** How to reject the login under way on a socket, when the client itself drops that socket (close, logout). */
  const loginsUnderway = new WeakMap<WebSocketLike, (err: Error) => void>();
  let messaging: { scope: string; store: MessageStore; pipeline: MessagePipeline; groups: GroupSync } | undefined;
  /** Whether the current login was sent as fresh (the device never synced): new groups then start at their last seq. */
  let freshLogin = false;
  const messageRandom = options.messageRandom ?? cryptoRandomUint32;
  const pushConfig = createOfflinePushConfigKeeper({
    attempt: async (config) => (await loggedInRequest<{ pushConfig: OfflinePushConfigState | null }>('setOfflinePushConfig', config === null ? {} : { ...config })).pushConfig,
    waitForLogin: () => waitForLogin(),
    maxAttempts: options.sendMaxAttempts ?? 10,
    onResendRefused: (err) => emit('offlinePushConfigFailed', { code: err.code, message: err.message }),
  });

  function emit<E extends ChatEventName>(event: E, data: ChatEvents[E]): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (d: ChatEvents[E]) => void)(data);
      } catch {
        // A listener's failure must not break the connection.
      }
    }
  }

  function setState(next: ConnectionState, closeCode?: number): void {
    if (next === state) return;
    const previous = state;
    state = next;
    emit('connectionStateChanged', closeCode === undefined ? { state: next, previous } : { state: next, previous, closeCode });
  }

  function rejectAll(err: Error): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(err);
    }
  }

  function send<T>(target: WebSocketLike, op: string, data: Record<string, unknown>, timeoutMs = requestTimeoutMs): Promise<T> {
    if (target.readyState !== WS_OPEN) return Promise.reject(networkError('Not connected'));
    const id = (nextId += 1);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new HeraldClientError('TIMEOUT', `No response to ${op} within ${timeoutMs} ms`, 0));
      }, timeoutMs);
      pending.set(id, { op, resolve: resolve as (d: unknown) => void, reject, timer });
      target.send(JSON.stringify({ id, op, data }));
    });
  }

  function onFrame(text: string): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof frame['event'] === 'string') {
      const event = frame['event'];
      const data = frame['data'];
      emit('serverEvent', { event, data });
      messaging?.pipeline.handleEvent(event, data);
      messaging?.groups.handleEvent(event, data);
      if (event === 'groupJoined' || event === 'groupKicked' || event === 'groupDismissed') {
        emit(event, data as ChatEvents[typeof event]);
      } else if (event === 'conversationChanged') {
        emit('conversationChanged', data as ChatEvents['conversationChanged']);
      } else if (event === 'totalUnreadChanged') {
        emit('totalUnreadChanged', data as ChatEvents['totalUnreadChanged']);
      } else if (event === 'kickedOffline') {
        stayLoggedIn = false;
        pushConfig.forget();
        emit('kickedOffline', data as ChatEvents['kickedOffline']);
      } else if (event === 'userSigExpired') {
        stayLoggedIn = false;
        emit('userSigExpired', data as ChatEvents['userSigExpired']);
      }
      return;
    }
    const id = frame['id'];
    if (typeof id !== 'number') return;
    const p = pending.get(id);
    if (p === undefined) return;
    pending.delete(id);
    clearTimeout(p.timer);
    if (frame['code'] === 0) {
      p.resolve(frame['data']);
      return;
    }
    const codeName = typeof frame['codeName'] === 'string' ? frame['codeName'] : String(frame['code']);
    const message = typeof frame['message'] === 'string' ? frame['message'] : `${p.op} failed`;
    p.reject(new HeraldClientError(codeName, message, 0, { details: { imCode: frame['code'] } }));
  }

  function stopHeartbeat(): void {
    if (heartbeatTimer !== undefined) clearInterval(heartbeatTimer);
    heartbeatTimer = undefined;
  }

  function startHeartbeat(target: WebSocketLike, seconds: number): void {
    stopHeartbeat();
    const intervalMs = Math.max(50, seconds * 1000);
    heartbeatTimer = setInterval(() => {
      // No answer within one interval: the connection is dead even if the socket has not noticed yet.
      send(target, 'ping', {}, intervalMs).catch(() => {
        if (socket === target) abandon(target, 4000);
      });
    }, intervalMs);
  }

  /** Forgets a socket at once (without waiting for its close handshake) and handles the loss. */
  function abandon(target: WebSocketLike, code: number): void {
    detach(target);
    try {
      target.close(code);
    } catch {
      // Already closing.
    }
    // The socket's close event no longer reaches connectAndLogin: a login under way on it would never settle.
    loginsUnderway.get(target)?.(networkError(`Connection closed (${code}) before login completed`));
    onClosed(target, code);
  }

  function detach(target: WebSocketLike): void {
    target.onopen = null;
    target.onmessage = null;
    // Not null: `ws` reports closing a socket that is still connecting as an 'error' event on a later tick, and an
    // EventEmitter with no 'error' listener throws it, which would crash the process.
    target.onerror = ignoreSocketError;
    target.onclose = null;
  }

  function onClosed(target: WebSocketLike, code: number): void {
    if (socket !== target) return;
    socket = undefined;
    stopHeartbeat();
    rejectAll(networkError(`Connection closed (${code})`));
    if (code === CLOSE_KICKED || code === CLOSE_LOGGED_IN_AGAIN) {
      if (stayLoggedIn) emit('kickedOffline', { reason: code === CLOSE_KICKED ? 'kicked' : 'loggedInAgain' });
      stayLoggedIn = false;
      pushConfig.forget();
    } else if (code === CLOSE_USERSIG_EXPIRED) {
      if (stayLoggedIn) emit('userSigExpired', {});
      stayLoggedIn = false;
    }
    if (stayLoggedIn) {
      scheduleReconnect(code);
    } else {
      loginInfo = undefined;
      setState('disconnected', code);
    }
  }

  function scheduleReconnect(closeCode?: number): void {
    setState('reconnecting', closeCode);
    const delay = backoffDelay(attempt, backoff);
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (!stayLoggedIn) return;
      connectAndLogin().catch((err: unknown) => {
        if (err instanceof HeraldClientError && FATAL_LOGIN_CODES.has(err.code)) {
          stayLoggedIn = false;
          loginInfo = undefined;
          if (err.code === 'IM_USERSIG_EXPIRED') emit('userSigExpired', {});
          setState('disconnected');
        }
        // Otherwise onClosed (or the failed open) has already scheduled the next attempt.
      });
    }, delay);
  }

  /** Opens a socket and logs in on it; on failure the socket is closed and the error rethrown. */
  function connectAndLogin(): Promise<LoginInfo> {
    const creds = credentials;
    if (creds === undefined) return Promise.reject(new Error('login() first'));
    if (state !== 'reconnecting') setState('connecting');
    const target = new WebSocketImpl(options.url);
    socket = target;
    return new Promise<LoginInfo>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      loginsUnderway.set(target, fail);
      target.onmessage = (event: { data: unknown }) => onFrame(typeof event.data === 'string' ? event.data : String(event.data));
      target.onerror = () => {
        // The close event follows and decides what happens.
      };
      target.onclose = (event: { code: number }) => {
        detach(target);
        fail(networkError(`Connection closed (${event.code}) before login completed`));
        onClosed(target, event.code);
      };
      target.onopen = () => {
        const { pipeline, groups } = messagingFor(creds);
        groups.pause();
        pipeline.beginLogin().then((start) => {
          freshLogin = start.fresh;
          return start;
        }).then((start) => send<LoginInfo>(target, 'login', {
          sdkAppId: options.sdkAppId,
          userId: creds.userId,
          userSig: creds.userSig,
          deviceId: creds.deviceId,
          platform: creds.platform,
          appState: creds.appState ?? 'foreground',
          // docs/protocol.md §7: `{inboxSeq: 0}` is "everything", so a device that never synced says so explicitly.
          sync: start.fresh ? { fresh: true } : { inboxSeq: start.inboxSeq },
        })).then(
          (info) => {
            if (socket !== target) return fail(networkError('Connection replaced during login'));
            settled = true;
            attempt = 0;
            loginInfo = info;
            stayLoggedIn = true;
            setState('connected');
            startHeartbeat(target, info.heartbeatSeconds);
            emit('loggedIn', info);
            pushConfig.afterLogin();
            resolve(info);
          },
          (err: Error) => {
            fail(err);
            if (err instanceof HeraldClientError && FATAL_LOGIN_CODES.has(err.code)) {
              // Refused: nothing to retry with these credentials.
              stayLoggedIn = false;
              if (socket === target) abandon(target, 1000);
            } else if (socket === target) {
              abandon(target, 4000);
            }
          },
        );
      };
    });
  }

  async function loggedInRequest<T>(op: string, data: Record<string, unknown> = {}): Promise<T> {
    if (socket === undefined || state !== 'connected') throw networkError(`Not logged in (${state})`);
    return send<T>(socket, op, data);
  }

  /** One store and pipeline per (app, user, device): a login as someone else starts from their own cursor. */
  function messagingFor(creds: LoginOptions): NonNullable<typeof messaging> {
    const scope = { sdkAppId: options.sdkAppId, userId: creds.userId, deviceId: creds.deviceId };
    const key = cursorStorageKey(scope);
    if (messaging?.scope === key) return messaging;
    const store = options.messageStore?.(scope) ?? createMemoryMessageStore({ ...(options.storage ? { storage: options.storage } : {}), key });
    // Gap fills may run while the login's `.then` has not marked the client connected yet: use the socket.
    const request = <T>(op: string, data: Record<string, unknown>) =>
      socket === undefined ? Promise.reject(networkError('Not connected')) : send<T>(socket, op, data);
    const groups = createGroupSync({ store, request, emitMessage: (message) => emit('message', message) });
    const pipeline = createMessagePipeline({
      store,
      request,
      emitMessage: (message) => emit('message', message),
      emitSyncCompleted: (data) => {
        emit('syncCompleted', data);
        // C2C first, then the groups: a login's backlog arrives inbox first, as the server holds it.
        groups.start(freshLogin, loginInfo?.serverTime);
      },
      ...(options.syncPageSize === undefined ? {} : { syncPageSize: options.syncPageSize }),
    });
    messaging = { scope: key, store, pipeline, groups };
    return messaging;
  }

  function waitForLogin(): Promise<void> {
    if (state === 'connected' && socket !== undefined) return Promise.resolve();
    if (!stayLoggedIn && state === 'disconnected') return Promise.reject(networkError('Not logged in (disconnected)'));
    return new Promise<void>((resolve, reject) => {
      const offs: Array<() => void> = [];
      const done = (err?: Error) => {
        for (const off of offs) off();
        if (err === undefined) resolve();
        else reject(err);
      };
      offs.push(client.on('loggedIn', () => done()));
      offs.push(client.on('connectionStateChanged', (e) => {
        if (e.state === 'disconnected') done(networkError('Not logged in (disconnected)'));
      }));
    });
  }

  async function sendMessage(o: SendMessageOptions): Promise<SendMessageResult> {
    const random = o.random ?? messageRandom();
    const data: Record<string, unknown> = { to: o.to, elements: o.elements, random };
    for (const field of ['priority', 'onlineUserOnly', 'cloudCustomData', 'offlinePushInfo', 'isExcludedFromUnreadCount'] as const) {
      if (o[field] !== undefined) data[field] = o[field];
    }
    const sentBy = credentials?.userId;
    // A gap fill may bring this send's row back before its answer: it is ours, never announced as incoming.
    // Released only after handleSent has stored it, so no fill in between can mistake it for someone else's.
    const release = messaging?.pipeline.expectOwnSend(o.to, random);
    try {
      const result = await sendWithRetry({
        attempt: () => loggedInRequest<{ msgKey: string; seq?: number; inboxSeq?: number; time: number }>('sendMessage', data),
        waitForLogin,
        maxAttempts: options.sendMaxAttempts ?? 10,
      });
      if (typeof result.seq === 'number' && typeof result.inboxSeq === 'number' && sentBy !== undefined) {
        messaging?.pipeline.handleSent({
          conversationId: `c2c_${o.to}`,
          seq: result.seq,
          inboxSeq: result.inboxSeq,
          msgKey: result.msgKey,
          from: sentBy,
          to: o.to,
          time: result.time,
          elements: o.elements,
          random,
          priority: o.priority ?? 'normal',
          isExcludedFromUnreadCount: o.isExcludedFromUnreadCount ?? false,
          ...(o.cloudCustomData === undefined ? {} : { cloudCustomData: o.cloudCustomData }),
          ...(o.offlinePushInfo === undefined ? {} : { offlinePushInfo: o.offlinePushInfo }),
        });
      }
      return { ...result, random };
    } finally {
      release?.();
    }
  }

  async function sendGroupMessage(o: SendGroupMessageOptions): Promise<SendGroupMessageResult> {
    const random = o.random ?? messageRandom();
    const data: Record<string, unknown> = { groupId: o.groupId, elements: o.elements, random };
    for (const field of ['priority', 'onlineUserOnly', 'cloudCustomData', 'offlinePushInfo', 'isExcludedFromUnreadCount', 'atUserList', 'receiverList'] as const) {
      if (o[field] !== undefined) data[field] = o[field];
    }
    const sentBy = credentials?.userId;
    const groups = messaging?.groups;
    const forget = sentBy === undefined ? undefined : groups?.expectOwn(o.groupId, sentBy, random);
    let result: { msgKey: string; seq?: number; time: number };
    try {
      result = await sendWithRetry({
        attempt: () => loggedInRequest<{ msgKey: string; seq?: number; time: number }>('sendGroupMessage', data),
        waitForLogin,
        maxAttempts: options.sendMaxAttempts ?? 10,
      });
    } catch (err) {
      forget?.();
      throw err;
    }
    if (typeof result.seq !== 'number' || sentBy === undefined) forget?.();
    if (typeof result.seq === 'number' && sentBy !== undefined) {
      groups?.handleSent({
        conversationId: `group_${o.groupId}`,
        seq: result.seq,
        msgKey: result.msgKey,
        from: sentBy,
        to: o.groupId,
        groupId: o.groupId,
        time: result.time,
        elements: o.elements,
        random,
        priority: o.priority ?? 'normal',
        isExcludedFromUnreadCount: (o.isExcludedFromUnreadCount ?? false) || o.receiverList !== undefined,
        ...(o.cloudCustomData === undefined ? {} : { cloudCustomData: o.cloudCustomData }),
        ...(o.offlinePushInfo === undefined ? {} : { offlinePushInfo: o.offlinePushInfo }),
        ...(o.atUserList === undefined ? {} : { atUserList: o.atUserList }),
      });
    }
    return { ...result, random };
  }

  const client: ChatClient = {
    async login(loginOptions) {
      if (state !== 'disconnected') throw new HeraldClientError('WS_ALREADY_LOGGED_IN', `The client is ${state}`, 0);
      // The remembered push report belongs to one user on one device.
      if (credentials?.userId !== loginOptions.userId || credentials.deviceId !== loginOptions.deviceId) pushConfig.forget();
      credentials = { ...loginOptions };
      attempt = 0;
      try {
        return await connectAndLogin();
      } catch (err) {
        stayLoggedIn = false;
        if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
        reconnectTimer = undefined;
        if (socket !== undefined) abandon(socket, 1000);
        setState('disconnected');
        throw err;
      }
    },

    async logout() {
      const target = socket;
      stayLoggedIn = false;
      pushConfig.forget();
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      if (target === undefined) {
        setState('disconnected');
        return;
      }
      try {
        if (state === 'connected') await send(target, 'logout', {});
      } finally {
        if (socket === target) abandon(target, 1000);
      }
    },

    async setAppState(appState, options) {
      if (credentials !== undefined) credentials = { ...credentials, appState };
      await loggedInRequest('setAppState', { state: appState, ...(options?.unreadCount === undefined ? {} : { unreadCount: options.unreadCount }) });
    },

    async getServerTime() {
      const result = await loggedInRequest<{ serverTime: number }>('getServerTime');
      return result.serverTime;
    },

    async kickDevice(deviceId) {
      await loggedInRequest('kickDevice', { deviceId });
    },

    setOfflinePushConfig: (config) => pushConfig.set(config),

    request: (op, data) => loggedInRequest(op, data),

    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      const entry = listener as (data: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },

    get connectionState() {
      return state;
    },
    get loginInfo() {
      return loginInfo;
    },

    close() {
      stayLoggedIn = false;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      if (socket !== undefined) abandon(socket, 1000);
      setState('disconnected');
    },

    sendMessage,

    getConversationList: (o = {}) => loggedInRequest<ConversationListResult>('getConversationList', { ...o }),

    async markConversationRead(conversationId, seq) {
      await loggedInRequest('markConversationRead', seq === undefined ? { conversationId } : { conversationId, seq });
    },

    async getTotalUnreadMessageCount() {
      return (await loggedInRequest<{ total: number }>('getTotalUnreadMessageCount')).total;
    },

    getHistory: (o) => loggedInRequest<HistoryResult>('getHistory', { ...o }),

    async deleteConversation(conversationId) {
      await loggedInRequest('deleteConversation', { conversationId });
    },

    async pinConversation(conversationId, pinned) {
      await loggedInRequest('pinConversation', { conversationId, pinned });
    },

    async getLocalMessages(conversationId) {
      if (messaging === undefined) return [];
      await messaging.pipeline.idle();
      return messaging.store.getMessages(conversationId);
    },

    get inboxSeq() {
      return messaging?.pipeline.inboxSeq ?? 0;
    },

    async whenMessagesProcessed() {
      const current = messaging;
      if (current === undefined) return;
      await current.pipeline.idle();
      await current.groups.idle();
    },

    sendGroupMessage,

    getGroupHistory: (o) => loggedInRequest<GroupHistoryResult>('getGroupHistory', { ...o }),

    async getJoinedGroupList() {
      return (await loggedInRequest<{ groups: JoinedGroup[] }>('getJoinedGroupList')).groups;
    },

    async createGroup(o) {
      return (await loggedInRequest<{ groupId: string }>('createGroup', { ...o })).groupId;
    },

    async joinGroup(groupId, message) {
      return (await loggedInRequest<{ status: 'joined' | 'pending' }>('joinGroup', message === undefined ? { groupId } : { groupId, message })).status;
    },

    async quitGroup(groupId) {
      await loggedInRequest('quitGroup', { groupId });
    },

    async inviteToGroup(groupId, userList) {
      return (await loggedInRequest<{ results: Array<{ userId: string; result: 'ok' | 'alreadyMember' | 'failed'; code?: number }> }>('inviteToGroup', { groupId, userList })).results;
    },

    async kickGroupMember(groupId, userList, reason) {
      await loggedInRequest('kickGroupMember', reason === undefined ? { groupId, userList } : { groupId, userList, reason });
    },

    async dismissGroup(groupId) {
      await loggedInRequest('dismissGroup', { groupId });
    },

    async setGroupMemberRole(groupId, userId, role) {
      await loggedInRequest('setGroupMemberRole', { groupId, userId, role });
    },

    async muteGroupMember(groupId, userId, seconds) {
      return (await loggedInRequest<{ muteUntil: number }>('muteGroupMember', { groupId, userId, seconds })).muteUntil;
    },

    async setGroupInfo(groupId, info) {
      await loggedInRequest('setGroupInfo', { groupId, ...info });
    },

    getGroupMemberList: (groupId, o = {}) => loggedInRequest('getGroupMemberList', { groupId, ...o }),

    async getGroupsInfo(groupIds) {
      return (await loggedInRequest<{ groups: GroupInfo[] }>('getGroupsInfo', { groupIds })).groups;
    },
  };
  return client;
}
