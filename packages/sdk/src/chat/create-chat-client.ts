/**
 * The chat client: the reference client of docs/protocol.md. It correlates requests and responses (with
 * timeouts), sends heartbeats at the interval the server announces, and once logged in stays logged in:
 * a dropped connection is reopened with exponential backoff and jitter and logged in again with the same
 * deviceId. It stops for good after logout, a kick, or an expired UserSig.
 */
import { HeraldClientError } from '../herald-client-error.ts';
import { backoffDelay } from './backoff.ts';
import type { AppState, ChatEventName, ChatEvents, ConnectionState, LoginInfo, LoginOptions } from './chat-types.ts';
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
}

export interface ChatClient {
  /** Connects and logs in. Resolves once logged in; rejects with the server's code (e.g. IM_USERSIG_EXPIRED). */
  login(options: LoginOptions): Promise<LoginInfo>;
  /** Logs out (the device becomes offline) and closes the connection; no reconnect follows. */
  logout(): Promise<void>;
  setAppState(state: AppState): Promise<void>;
  /** Server time, epoch ms. */
  getServerTime(): Promise<number>;
  /** Logs out another device of this user. */
  kickDevice(deviceId: string): Promise<void>;
  /** Sends any op (for features built on the client); resolves with its `data`. */
  request<T = unknown>(op: string, data?: Record<string, unknown>): Promise<T>;
  on<E extends ChatEventName>(event: E, listener: (data: ChatEvents[E]) => void): () => void;
  readonly connectionState: ConnectionState;
  readonly loginInfo: LoginInfo | undefined;
  /** Closes the connection without logging out (the device becomes push_online); no reconnect follows. */
  close(): void;
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
      if (event === 'kickedOffline') {
        stayLoggedIn = false;
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
    onClosed(target, code);
  }

  function detach(target: WebSocketLike): void {
    target.onopen = null;
    target.onmessage = null;
    target.onerror = null;
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
        send<LoginInfo>(target, 'login', {
          sdkAppId: options.sdkAppId,
          userId: creds.userId,
          userSig: creds.userSig,
          deviceId: creds.deviceId,
          platform: creds.platform,
          appState: creds.appState ?? 'foreground',
        }).then(
          (info) => {
            if (socket !== target) return fail(networkError('Connection replaced during login'));
            settled = true;
            attempt = 0;
            loginInfo = info;
            stayLoggedIn = true;
            setState('connected');
            startHeartbeat(target, info.heartbeatSeconds);
            emit('loggedIn', info);
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

  return {
    async login(loginOptions) {
      if (state !== 'disconnected') throw new HeraldClientError('WS_ALREADY_LOGGED_IN', `The client is ${state}`, 0);
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

    async setAppState(appState) {
      if (credentials !== undefined) credentials = { ...credentials, appState };
      await loggedInRequest('setAppState', { state: appState });
    },

    async getServerTime() {
      const result = await loggedInRequest<{ serverTime: number }>('getServerTime');
      return result.serverTime;
    },

    async kickDevice(deviceId) {
      await loggedInRequest('kickDevice', { deviceId });
    },

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
  };
}
