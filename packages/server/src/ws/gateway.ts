/**
 * The chat gateway of one node: it owns the sockets, reads frames, enforces the frame-size, rate and heartbeat
 * rules of docs/protocol.md, dispatches ops from the registry, and receives the bus messages addressed to this
 * node. What an op does lives in the op modules; sessions and device states live in the session manager.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { heraldError, isHeraldError } from '@herald/protocol';
import WebSocket, { type RawData } from 'ws';
import type { ServerContext } from '../context.ts';
import type { Bus } from '../bus/bus.ts';
import { errorResponse, eventFrame, okResponse, parseFrame, type RequestId } from './frames.ts';
import { createOpRegistry, type GatewayApi, type OpModule, type OpRegistry } from './op-registry.ts';
import { createSessionManager } from './session-manager.ts';
import { createSessionRegistry } from './session-registry.ts';
import { createTokenBucket, type TokenBucket } from './token-bucket.ts';
import { CloseCode, type ChatConnection, type ChatSession } from './types.ts';

export interface RateLimit {
  capacity: number;
  perSecond: number;
}

export interface GatewayOptions {
  opModules: readonly OpModule[];
  /** Defaults to config.nodeId, else hostname-pid-random. */
  nodeId?: string;
  /** Defaults to ctx.bus. The gateway attaches its node and detaches on close; it never closes the bus. */
  bus?: Bus;
  /** Defaults to config.wsHeartbeatSeconds. */
  heartbeatSeconds?: number;
  /** Defaults to config.wsMaxFrameBytes. */
  maxFrameBytes?: number;
  /** Every frame of a socket; beyond it the socket is closed (1008). */
  frameRate?: RateLimit;
  /** Frames answered with an error; beyond it the socket is closed (1008). */
  badFrameRate?: RateLimit;
  /** Unsent bytes a socket may queue before it is closed as too slow (1008). */
  maxBufferedBytes?: number;
}

export interface ChatGateway extends GatewayApi {
  readonly ops: OpRegistry;
  readonly connectionCount: number;
  handleSocket(socket: WebSocket): void;
  /** Closes every connection (1001), persists their disconnects and detaches from the bus. */
  close(): Promise<void>;
}

const DEFAULT_FRAME_RATE: RateLimit = { capacity: 200, perSecond: 100 };
const DEFAULT_BAD_FRAME_RATE: RateLimit = { capacity: 20, perSecond: 2 };
const DEFAULT_MAX_BUFFERED = 8 * 1024 * 1024;
/** A connection silent for more than this many heartbeat intervals is closed. */
const MISSED_HEARTBEATS = 3;

interface Connection extends ChatConnection {
  closed: boolean;
  held: Array<{ event: string; data: unknown }> | undefined;
  lastFrameAt: number;
  readonly socket: WebSocket;
  readonly frames: TokenBucket;
  readonly badFrames: TokenBucket;
}

export async function createChatGateway(ctx: ServerContext, options: GatewayOptions): Promise<ChatGateway> {
  const nodeId = options.nodeId ?? ctx.config.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const bus = options.bus ?? ctx.bus;
  const heartbeatSeconds = options.heartbeatSeconds ?? ctx.config.wsHeartbeatSeconds;
  const heartbeatMs = heartbeatSeconds * 1000;
  const maxFrameBytes = options.maxFrameBytes ?? ctx.config.wsMaxFrameBytes;
  const frameRate = options.frameRate ?? DEFAULT_FRAME_RATE;
  const badFrameRate = options.badFrameRate ?? DEFAULT_BAD_FRAME_RATE;
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  // Liveness uses the monotonic clock: ctx.clock may be a test clock that jumps (UserSig expiry tests).
  const mono = () => performance.now();

  const registry = createSessionRegistry();
  const sessions = createSessionManager(ctx, { nodeId, bus, registry });
  const ops = createOpRegistry();
  for (const install of options.opModules) install(ops);
  const connections = new Set<Connection>();
  let nextId = 0;
  let closing = false;

  const detachBus = await bus.attachNode(nodeId, (message) => sessions.handleBus(message));

  const sweep = setInterval(() => {
    const deadline = mono() - MISSED_HEARTBEATS * heartbeatMs;
    for (const conn of connections) if (conn.lastFrameAt < deadline) conn.close(CloseCode.heartbeatTimeout, 'heartbeat timeout');
  }, heartbeatMs);
  sweep.unref();

  function send(conn: Connection, text: string): void {
    if (conn.closed || conn.socket.readyState !== WebSocket.OPEN) return;
    if (conn.socket.bufferedAmount > maxBuffered) {
      conn.close(CloseCode.policy, 'too slow');
      return;
    }
    conn.socket.send(text);
  }

  function finished(conn: Connection): void {
    connections.delete(conn);
    const session = conn.session;
    if (session !== undefined) {
      sessions.disconnected(session).catch((err: unknown) => ctx.logger.error({ err }, 'persisting a chat disconnect failed'));
    }
  }

  function answerError(conn: Connection, id: RequestId, op: string | null, err: unknown): void {
    if (!conn.badFrames.take()) {
      conn.close(CloseCode.policy, 'too many bad frames');
      return;
    }
    send(conn, errorResponse(id, op, err));
  }

  function onFrame(conn: Connection, raw: RawData, isBinary: boolean): void {
    if (conn.closed) return;
    conn.lastFrameAt = mono();
    if (!conn.frames.take()) {
      conn.close(CloseCode.policy, 'rate limit');
      return;
    }
    const buffer = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (buffer.length > maxFrameBytes) {
      conn.close(CloseCode.tooLarge, 'frame too large');
      return;
    }
    if (isBinary) {
      answerError(conn, null, null, heraldError('WS_FRAME_MALFORMED', 'Frames are JSON text, not binary'));
      return;
    }
    const parsed = parseFrame(buffer.toString('utf8'));
    if (!parsed.ok) {
      answerError(conn, parsed.id, parsed.op, parsed.error);
      return;
    }
    const { id, op, data } = parsed.request;
    if (conn.session !== undefined && sessions.checkExpiry(conn.session)) return;
    const entry = ops.get(op);
    if (entry === undefined) {
      answerError(conn, id, op, heraldError('WS_UNKNOWN_OP', `Unknown op: ${op.slice(0, 64)}`));
      return;
    }
    const session: ChatSession | undefined = conn.session;
    if (entry.requiresLogin && session === undefined) {
      answerError(conn, id, op, heraldError('WS_NOT_LOGGED_IN'));
      return;
    }
    Promise.resolve()
      .then(() => entry.handler(data, { ctx, gateway, connection: conn, session }))
      .then(
        (result) => send(conn, okResponse(id, op, result)),
        (err: unknown) => {
          if (!isHeraldError(err)) ctx.logger.error({ err, op }, 'chat op failed');
          answerError(conn, id, op, err);
        },
      );
  }

  // Lets HTTP routes (/v4 sends) reach connected devices; the first gateway of a context owns the field.
  const ownsRealtime = ctx.realtime === undefined;

  const gateway: ChatGateway = {
    nodeId,
    heartbeatSeconds,
    sessions,
    ops,
    get connectionCount() {
      return connections.size;
    },

    async deliverToUser(user, event, data, deviceIds) {
      await bus.publish(deviceIds === undefined ? { kind: 'event', user, event, data } : { kind: 'event', user, event, data, deviceIds });
    },

    handleSocket(socket) {
      if (closing) {
        socket.close(CloseCode.goingAway, 'server shutting down');
        return;
      }
      const now = () => Date.now();
      const conn: Connection = {
        id: `${nodeId}:${(nextId += 1)}`,
        session: undefined,
        closed: false,
        lastFrameAt: mono(),
        socket,
        frames: createTokenBucket(frameRate.capacity, frameRate.perSecond, now),
        badFrames: createTokenBucket(badFrameRate.capacity, badFrameRate.perSecond, now),
        held: undefined,
        sendEvent: (event, data) => {
          if (conn.held !== undefined) conn.held.push({ event, data });
          else send(conn, eventFrame(event, data));
        },
        holdEvents() {
          conn.held ??= [];
          return {
            sendNow: (event, data) => send(conn, eventFrame(event, data)),
            release(keep) {
              const queued = conn.held ?? [];
              conn.held = undefined;
              for (const e of queued) if (keep === undefined || keep(e.event, e.data)) send(conn, eventFrame(e.event, e.data));
            },
          };
        },
        close(code, reason) {
          if (conn.closed) return;
          conn.closed = true;
          socket.close(code, reason);
          finished(conn);
        },
      };
      connections.add(conn);
      socket.on('message', (raw, isBinary) => onFrame(conn, raw, isBinary));
      socket.on('close', () => {
        if (conn.closed) return;
        conn.closed = true;
        finished(conn);
      });
      socket.on('error', (err) => ctx.logger.debug({ err }, 'chat socket error'));
    },

    async close() {
      closing = true;
      if (ownsRealtime) ctx.realtime = undefined;
      clearInterval(sweep);
      for (const conn of [...connections]) conn.close(CloseCode.goingAway, 'server shutting down');
      await sessions.idle();
      await detachBus();
    },
  };
  if (ownsRealtime) ctx.realtime = { deliverToUser: (user, event, data, deviceIds) => gateway.deliverToUser(user, event, data, deviceIds) };
  return gateway;
}
