/**
 * The chat gateway of one node: it owns the sockets, reads frames, enforces the frame-size, rate and heartbeat
 * rules of docs/protocol.md, dispatches ops from the registry, and receives the bus messages addressed to this
 * node. What an op does lives in the op modules; sessions and device states live in the session manager.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { heraldError, isHeraldError } from '@herald/protocol';
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { ServerContext } from '../context.ts';
import type { Bus, BusMessage } from '../bus/bus.ts';
import { eventFrame } from '../bus/event-frame.ts';
import { errorResponse, okResponse, parseFrame, type RequestId } from './frames.ts';
import { createDeadlineQueue } from './deadline-queue.ts';
import { GatewayConnection, type ConnectionHub } from './gateway-connection.ts';
import { createWriteCoalescer } from './write-coalescer.ts';
import type { LiveSession } from './live-session.ts';
import { createOpRegistry, type GatewayApi, type OpModule, type OpRegistry } from './op-registry.ts';
import { createSessionManager } from './session-manager.ts';
import { createSessionRegistry } from './session-registry.ts';
import { TokenBucketRule, type RateLimit } from './token-bucket.ts';
import { CloseCode, type ChatSession } from './types.ts';

export type { RateLimit } from './token-bucket.ts';

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

export async function createChatGateway(ctx: ServerContext, options: GatewayOptions): Promise<ChatGateway> {
  const nodeId = options.nodeId ?? ctx.config.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const bus = options.bus ?? ctx.bus;
  const heartbeatSeconds = options.heartbeatSeconds ?? ctx.config.wsHeartbeatSeconds;
  const heartbeatMs = heartbeatSeconds * 1000;
  const maxFrameBytes = options.maxFrameBytes ?? ctx.config.wsMaxFrameBytes;
  const frameRule = new TokenBucketRule(options.frameRate ?? DEFAULT_FRAME_RATE);
  const badFrameRule = new TokenBucketRule(options.badFrameRate ?? DEFAULT_BAD_FRAME_RATE);
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  // Liveness and rates use the monotonic clock: ctx.clock may be a test clock that jumps (UserSig expiry tests).
  const mono = () => performance.now();

  const registry = createSessionRegistry();
  const expiries = createDeadlineQueue<LiveSession>({
    now: () => ctx.clock.now(),
    deadlineOf: (session) => session.userSigExpiresAt,
    onDue: (session) => sessions.checkExpiry(session),
  });
  const sessions = createSessionManager(ctx, { nodeId, bus, registry, expiries });
  const ops = createOpRegistry();
  for (const install of options.opModules) install(ops);
  /** Keyed by socket so the socket listeners can be shared functions instead of closures per connection. */
  const connections = new Map<WebSocket, GatewayConnection>();
  let nextSerial = 0;
  let closing = false;

  const detachBus = await bus.attachNode(nodeId, (message) => sessions.handleBus(message));

  const sweep = setInterval(() => {
    const deadline = mono() - MISSED_HEARTBEATS * heartbeatMs;
    for (const conn of connections.values()) if (conn.lastFrameAt < deadline) conn.close(CloseCode.heartbeatTimeout, 'heartbeat timeout');
  }, heartbeatMs);
  sweep.unref();

  const hub: ConnectionHub = {
    nodeId,
    maxBufferedBytes: maxBuffered,
    writes: createWriteCoalescer(),
    finished(conn) {
      connections.delete(conn.socket);
      const session = conn.session;
      if (session !== undefined) {
        sessions.disconnected(session).catch((err: unknown) => ctx.logger.error({ err }, 'persisting a chat disconnect failed'));
      }
    },
  };

  function answerError(conn: GatewayConnection, id: RequestId, op: string | null, err: unknown): void {
    const bucket = badFrameRule.take(conn.badFrameBucket, mono());
    if (Number.isNaN(bucket)) {
      conn.close(CloseCode.policy, 'too many bad frames');
      return;
    }
    conn.badFrameBucket = bucket;
    conn.send(errorResponse(id, op, err));
  }

  function onFrame(conn: GatewayConnection, raw: RawData, isBinary: boolean): void {
    if (conn.closed) return;
    const now = mono();
    conn.lastFrameAt = now;
    const bucket = frameRule.take(conn.frameBucket, now);
    if (Number.isNaN(bucket)) {
      conn.close(CloseCode.policy, 'rate limit');
      return;
    }
    conn.frameBucket = bucket;
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
        (result) => conn.send(okResponse(id, op, result)),
        (err: unknown) => {
          if (!isHeraldError(err)) ctx.logger.error({ err, op }, 'chat op failed');
          answerError(conn, id, op, err);
        },
      );
  }

  // Shared by every socket (`this` is the socket), so a connection adds no listener closures.
  function onSocketMessage(this: WebSocket, raw: RawData, isBinary: boolean): void {
    const conn = connections.get(this);
    if (conn !== undefined) onFrame(conn, raw, isBinary);
  }
  function onSocketClose(this: WebSocket): void {
    connections.get(this)?.socketClosed();
  }
  function onSocketError(err: Error): void {
    ctx.logger.debug({ err }, 'chat socket error');
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
      await gateway.deliverFrames(user, [eventFrame(event, data)], deviceIds);
    },

    async deliverFrames(user, frames, deviceIds, exceptDeviceId) {
      const message: BusMessage = { kind: 'event', user, frames };
      if (deviceIds !== undefined) message.deviceIds = deviceIds;
      if (exceptDeviceId !== undefined) message.exceptDeviceId = exceptDeviceId;
      await bus.publish(message);
    },

    handleSocket(socket) {
      if (closing) {
        socket.close(CloseCode.goingAway, 'server shutting down');
        return;
      }
      connections.set(socket, new GatewayConnection(hub, socket, (nextSerial += 1), mono()));
      socket.on('message', onSocketMessage);
      socket.on('close', onSocketClose);
      socket.on('error', onSocketError);
    },

    async close() {
      closing = true;
      if (ownsRealtime) ctx.realtime = undefined;
      clearInterval(sweep);
      for (const conn of [...connections.values()]) conn.close(CloseCode.goingAway, 'server shutting down');
      await sessions.idle();
      expiries.clear();
      await detachBus();
    },
  };
  if (ownsRealtime) {
    ctx.realtime = {
      deliverToUser: (user, event, data, deviceIds) => gateway.deliverToUser(user, event, data, deviceIds),
      deliverFrames: (user, frames, deviceIds, exceptDeviceId) => gateway.deliverFrames(user, frames, deviceIds, exceptDeviceId),
    };
  }
  return gateway;
}
