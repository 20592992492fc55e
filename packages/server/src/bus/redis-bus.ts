/**
 * The bus of a scaled-out deployment: presence in Redis hashes, one pub/sub channel per node (key layout in
 * redis-bus-keys.ts). Any node can take any socket; a delivery looks up the live nodes holding the user and
 * publishes to each of their channels in one Lua round trip.
 *
 * A dead node's presence: each attached node keeps a heartbeat key with a TTL (`nodeTtlMs`), refreshed every
 * third of it. Lookups count only nodes whose heartbeat key exists, so a crashed node stops receiving within the
 * TTL; a periodic sweep on the live nodes then deletes its entries. A node that finds its own heartbeat key gone
 * (it stalled past the TTL, or Redis restarted empty) or that reconnects to Redis rewrites its presence from its
 * local copy, so presence heals without the clients logging in again.
 *
 * Two connections: subscribing puts one in subscriber mode, the other runs the commands. ioredis reconnects both
 * and re-subscribes. Commands queue while disconnected but time out after `commandTimeoutMs`, so a publish or
 * lookup while Redis is down rejects (the caller logs; the message stays stored for sync) rather than hangs.
 * Joins and leaves of this process's nodes do not reject: they are kept locally and written once Redis is back.
 */
import { randomBytes } from 'node:crypto';
import { Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { routedDevices, type Bus, type BusHandler, type BusMessage, type UserAddress } from './bus.ts';
import { DEFAULT_REDIS_KEY_PREFIX, redisBusKeys } from './redis-bus-keys.ts';
import { HEARTBEAT, NODES_OF, PUBLISH, PURGE_NODE, runScript } from './redis-bus-scripts.ts';

export interface RedisBusOptions {
  url: string;
  logger: Logger;
  /** Namespace of every key and channel. Default "herald:". */
  keyPrefix?: string | undefined;
  /** How long a node counts as alive after its last heartbeat. Default 15 s; heartbeats every third of it. */
  nodeTtlMs?: number | undefined;
  /** How often a node looks for dead nodes' presence to delete. Default 30 s (±20 %, so nodes spread out). */
  sweepIntervalMs?: number | undefined;
  /** How long a command may wait (queued while disconnected included) before it rejects. Default 2 s. */
  commandTimeoutMs?: number | undefined;
}

interface AttachedNode {
  readonly nodeId: string;
  readonly channel: string;
  readonly handler: BusHandler;
  /** What this process joined for the node, to rewrite presence after it was lost: member → entry. */
  readonly joined: Map<string, { user: UserAddress; deviceId: string }>;
  /** Serialises the node's presence rewrites. */
  rewriting: Promise<void>;
  /** A join or leave of this node failed to reach Redis: the next heartbeat rewrites the presence. */
  dirty: boolean;
}

const PURGE_BATCH = 500;
const REWRITE_BATCH = 500;

/** The URL without its password, for logs and errors. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable Redis URL)';
  }
}

export function createRedisBus(o: RedisBusOptions): Bus {
  const logger = o.logger.child({ component: 'redis-bus' });
  const keys = redisBusKeys(o.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX);
  const nodeTtlMs = o.nodeTtlMs ?? 15_000;
  const sweepIntervalMs = o.sweepIntervalMs ?? 30_000;
  const where = describeRedisUrl(o.url);
  const connection: RedisOptions = {
    commandTimeout: o.commandTimeoutMs ?? 2_000,
    connectTimeout: 5_000,
    enableOfflineQueue: true,
    // Commands are bounded by commandTimeout; retry counting would only add a second, less predictable limit.
    maxRetriesPerRequest: null,
    connectionName: `herald-bus-${randomBytes(3).toString('hex')}`,
  };
  const commands = new Redis(o.url, connection);
  const subscriber = new Redis(o.url, connection);
  const attached = new Map<string, AttachedNode>();
  const byChannel = new Map<string, AttachedNode>();
  let closed = false;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping = false;

  // One warning per outage and one line when it is over, not one per reconnect attempt.
  let commandsDown = false;
  for (const [name, conn] of [['commands', commands], ['subscriber', subscriber]] as const) {
    let down = false;
    conn.on('error', (err: Error) => {
      if (down || closed) return;
      down = true;
      logger.warn({ err, redis: where, connection: name }, 'Redis connection failed; retrying');
    });
    conn.on('close', () => {
      if (name === 'commands' && !closed) commandsDown = true;
    });
    conn.on('ready', () => {
      if (down) logger.info({ redis: where, connection: name }, 'Redis connection restored');
      down = false;
      // Leaves may have failed while disconnected, and Redis may have restarted empty: rewrite what we hold.
      if (name === 'commands' && commandsDown) {
        commandsDown = false;
        for (const node of attached.values()) rewritePresence(node, 'reconnected to Redis');
      }
    });
  }

  subscriber.on('message', (channel: string, text: string) => {
    const node = byChannel.get(channel);
    if (node === undefined) return;
    let message: BusMessage;
    try {
      message = JSON.parse(text) as BusMessage;
    } catch (err) {
      logger.error({ err, channel }, 'unparsable bus message dropped');
      return;
    }
    try {
      node.handler(message);
    } catch (err) {
      logger.error({ err, nodeId: node.nodeId }, 'bus handler failed');
    }
  });

  /** Runs a MULTI and rejects when any of its commands failed (ioredis reports those per command). */
  async function exec(multi: ChainableCommander): Promise<void> {
    const results = await multi.exec();
    if (results === null) throw new Error('Redis discarded the transaction');
    for (const [err] of results) if (err) throw err;
  }

  /**
   * A join or leave of a node attached here cannot be lost: the local copy has it and the next heartbeat writes
   * it, so a Redis blip does not fail the login that joined. Another process's node has no such copy: reject.
   */
  async function healing(local: AttachedNode | undefined, write: Promise<void>): Promise<void> {
    if (local === undefined) return write;
    try {
      await write;
    } catch (err) {
      local.dirty = true;
      logger.warn({ err, nodeId: local.nodeId }, 'presence change did not reach Redis; the next heartbeat writes it');
    }
  }

  async function heartbeat(node: AttachedNode): Promise<boolean> {
    const had = await runScript(commands, HEARTBEAT, [keys.alive(node.nodeId), keys.nodes], [node.nodeId, nodeTtlMs]);
    return had === 1;
  }

  /** Purges a node's presence in batches; false when it turned out alive (unforced purge of another node). */
  async function purge(nodeId: string, force: boolean): Promise<boolean> {
    for (;;) {
      const left = await runScript(commands, PURGE_NODE, [keys.alive(nodeId), keys.devices(nodeId), keys.nodes], [keys.prefix, nodeId, PURGE_BATCH, force ? '1' : '0']);
      if (left === -1) return false;
      if (left === 0) return true;
    }
  }

  /** Replaces the node's presence in Redis with what this process holds for it. */
  function rewritePresence(node: AttachedNode, why: string): void {
    node.rewriting = node.rewriting.then(async () => {
      if (attached.get(node.nodeId) !== node) return;
      node.dirty = false;
      await purge(node.nodeId, true);
      // Taken after the purge and written in the same tick: later joins and leaves queue behind these writes.
      const entries = [...node.joined];
      const now = Date.now();
      const writes: Array<Promise<unknown>> = [];
      for (let i = 0; i < entries.length; i += REWRITE_BATCH) {
        const multi = commands.multi();
        for (const [member, { user, deviceId }] of entries.slice(i, i + REWRITE_BATCH)) {
          multi.hset(keys.user(user), keys.field(node.nodeId, deviceId), now).sadd(keys.devices(node.nodeId), member);
        }
        writes.push(exec(multi));
      }
      await Promise.all(writes);
      await heartbeat(node);
      logger.warn({ nodeId: node.nodeId, entries: entries.length, why }, 'rewrote this node\'s presence in Redis');
    }).catch((err: unknown) => {
      node.dirty = true;
      logger.warn({ err, nodeId: node.nodeId }, 'rewriting presence in Redis failed; retrying on the next heartbeat');
    });
  }

  function beatAll(): void {
    for (const node of attached.values()) {
      heartbeat(node).then(
        (wasAlive) => {
          if (attached.get(node.nodeId) !== node) return;
          if (!wasAlive) rewritePresence(node, 'its heartbeat key had expired (a stall longer than the TTL, or Redis lost its data)');
          else if (node.dirty) rewritePresence(node, 'a join or leave had not reached Redis');
        },
        (err: unknown) => logger.debug({ err, nodeId: node.nodeId }, 'heartbeat failed'),
      );
    }
  }

  async function sweep(): Promise<void> {
    if (sweeping || closed) return;
    sweeping = true;
    try {
      const nodes = (await commands.smembers(keys.nodes)).filter((n) => !attached.has(n));
      if (nodes.length === 0) return;
      const pipeline = commands.pipeline();
      for (const n of nodes) pipeline.exists(keys.alive(n));
      const alive = (await pipeline.exec()) ?? [];
      for (const [i, n] of nodes.entries()) {
        if (alive[i]?.[1] !== 0) continue;
        if (await purge(n, false)) logger.info({ nodeId: n }, 'removed the presence of a dead node');
      }
    } catch (err) {
      logger.debug({ err }, 'presence sweep failed');
    } finally {
      sweeping = false;
    }
  }

  function scheduleSweep(): void {
    if (closed) return;
    const jitter = sweepIntervalMs * (0.8 + Math.random() * 0.4);
    sweepTimer = setTimeout(() => void sweep().finally(scheduleSweep), jitter);
    sweepTimer.unref();
  }

  function startTimers(): void {
    if (heartbeatTimer !== undefined) return;
    heartbeatTimer = setInterval(beatAll, Math.max(50, Math.floor(nodeTtlMs / 3)));
    heartbeatTimer.unref();
    scheduleSweep();
  }

  async function detach(node: AttachedNode): Promise<void> {
    if (attached.get(node.nodeId) !== node) return;
    attached.delete(node.nodeId);
    byChannel.delete(node.channel);
    try {
      await subscriber.unsubscribe(node.channel);
      await node.rewriting;
      await commands.del(keys.alive(node.nodeId));
      await purge(node.nodeId, true);
      await commands.srem(keys.nodes, node.nodeId);
    } catch (err) {
      // Left for the other nodes' sweep once the heartbeat key expires.
      logger.warn({ err, nodeId: node.nodeId }, 'could not remove this node\'s presence from Redis; it expires');
    }
  }

  return {
    async attachNode(nodeId, handler) {
      if (closed) throw new Error('The bus is closed');
      if (nodeId === '' || nodeId.includes('\u0000')) throw new Error('A node id must be non-empty and contain no NUL');
      if (attached.has(nodeId)) throw new Error(`Node ${nodeId} is already attached to this bus`);
      const node: AttachedNode = { nodeId, channel: keys.channel(nodeId), handler, joined: new Map(), rewriting: Promise.resolve(), dirty: false };
      try {
        await subscriber.subscribe(node.channel);
        // A node id reused after a restart starts from nothing: the old process's sockets are gone.
        if ((await commands.exists(keys.alive(nodeId))) === 1) logger.warn({ nodeId }, 'another live node may use this node id (or this node restarted within the heartbeat TTL); node ids must be unique');
        await purge(nodeId, true);
        await heartbeat(node);
      } catch (err) {
        await subscriber.unsubscribe(node.channel).catch(() => undefined);
        throw new Error(`Redis at ${where} did not answer while attaching node ${nodeId}: ${(err as Error).message}`, { cause: err });
      }
      attached.set(nodeId, node);
      byChannel.set(node.channel, node);
      startTimers();
      return () => detach(node);
    },

    async join(nodeId, user, deviceId) {
      if (closed) throw new Error('The bus is closed');
      const member = keys.member(user, deviceId);
      const local = attached.get(nodeId);
      local?.joined.set(member, { user, deviceId });
      await healing(local, exec(commands.multi().hset(keys.user(user), keys.field(nodeId, deviceId), Date.now()).sadd(keys.devices(nodeId), member)));
    },

    async leave(nodeId, user, deviceId) {
      const member = keys.member(user, deviceId);
      const local = attached.get(nodeId);
      local?.joined.delete(member);
      // After close the node's presence is gone already; late leaves of closing sessions have nothing to do.
      if (closed) return;
      await healing(local, exec(commands.multi().hdel(keys.user(user), keys.field(nodeId, deviceId)).srem(keys.devices(nodeId), member)));
    },

    async nodesOf(user, deviceId) {
      const args = deviceId === undefined ? [keys.prefix] : [keys.prefix, deviceId];
      return (await runScript(commands, NODES_OF, [keys.user(user)], args)) as string[];
    },

    async publish(message) {
      if (closed) throw new Error('The bus is closed');
      const devices = routedDevices(message);
      // No device named, nobody to reach (and no filter arguments would mean every device to the script).
      if (devices !== undefined && devices.length === 0) return;
      await runScript(commands, PUBLISH, [keys.user(message.user)], [keys.prefix, JSON.stringify(message), ...(devices ?? [])]);
    },

    async close() {
      if (closed) return;
      // Detach first (it needs the connections), then refuse new work.
      await Promise.all([...attached.values()].map((node) => detach(node)));
      closed = true;
      clearInterval(heartbeatTimer);
      clearTimeout(sweepTimer);
      await Promise.all([commands, subscriber].map(async (conn) => {
        try {
          await conn.quit();
        } catch {
          conn.disconnect();
        }
      }));
    },
  };
}
