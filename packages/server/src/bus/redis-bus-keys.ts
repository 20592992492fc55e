/**
 * Where the Redis bus keeps things, all under one prefix (default "herald:") so deployments or test runs can
 * share a Redis. The Lua scripts (redis-bus-scripts.ts) build the node keys and channels from the prefix the
 * same way; change both together.
 *
 *   <p>u:<sdkAppId>:<userId>    hash   field "<nodeId>\0<deviceId>" → joined-at ms: who holds the user's devices
 *   <p>n:<nodeId>:alive         string with a TTL, refreshed by the node: absent = the node is dead
 *   <p>n:<nodeId>:devices       set    JSON [sdkAppId, userId, deviceId] the node joined: what to remove when it dies
 *   <p>nodes                    set    node ids that may still own presence (for the sweep)
 *   <p>c:<nodeId>               pub/sub channel of the node
 */
import type { UserAddress } from './bus.ts';

export const DEFAULT_REDIS_KEY_PREFIX = 'herald:';

export interface RedisBusKeys {
  readonly prefix: string;
  readonly nodes: string;
  user(user: UserAddress): string;
  alive(nodeId: string): string;
  devices(nodeId: string): string;
  channel(nodeId: string): string;
  /** Field of `user(...)`: node ids never contain NUL (attachNode refuses them), so the first NUL splits. */
  field(nodeId: string, deviceId: string): string;
  /** Member of `devices(nodeId)`. */
  member(user: UserAddress, deviceId: string): string;
}

export function redisBusKeys(prefix: string): RedisBusKeys {
  return {
    prefix,
    nodes: `${prefix}nodes`,
    // The userId is last, so any characters in it (':' included) cannot make two users share a key.
    user: (u) => `${prefix}u:${u.sdkAppId}:${u.userId}`,
    alive: (nodeId) => `${prefix}n:${nodeId}:alive`,
    devices: (nodeId) => `${prefix}n:${nodeId}:devices`,
    channel: (nodeId) => `${prefix}c:${nodeId}`,
    field: (nodeId, deviceId) => `${nodeId}\u0000${deviceId}`,
    member: (u, deviceId) => JSON.stringify([String(u.sdkAppId), u.userId, deviceId]),
  };
}
