/**
 * The bus for a single process: presence in maps, delivery by calling the node's handler on a later tick, so
 * callers see the same asynchrony a networked adapter has and never re-enter themselves.
 */
import { userKey, type Bus, type BusHandler, type BusMessage, type UserAddress } from './bus.ts';

export function createInProcessBus(): Bus {
  const handlers = new Map<string, BusHandler>();
  /** userKey → deviceId → nodes holding it (normally one; two briefly while a login replaces a connection). */
  const presence = new Map<string, Map<string, Set<string>>>();

  const nodesOf = (user: UserAddress, deviceId?: string): string[] => {
    const devices = presence.get(userKey(user));
    if (devices === undefined) return [];
    const nodes = new Set<string>();
    for (const [id, holders] of devices) if (deviceId === undefined || id === deviceId) for (const n of holders) nodes.add(n);
    return [...nodes];
  };

  return {
    async attachNode(nodeId, handler) {
      handlers.set(nodeId, handler);
      return async () => {
        if (handlers.get(nodeId) === handler) handlers.delete(nodeId);
      };
    },
    async join(nodeId, user, deviceId) {
      const key = userKey(user);
      let devices = presence.get(key);
      if (devices === undefined) presence.set(key, (devices = new Map()));
      let holders = devices.get(deviceId);
      if (holders === undefined) devices.set(deviceId, (holders = new Set()));
      holders.add(nodeId);
    },
    async leave(nodeId, user, deviceId) {
      const key = userKey(user);
      const devices = presence.get(key);
      const holders = devices?.get(deviceId);
      if (devices === undefined || holders === undefined) return;
      holders.delete(nodeId);
      if (holders.size === 0) devices.delete(deviceId);
      if (devices.size === 0) presence.delete(key);
    },
    async nodesOf(user, deviceId) {
      return nodesOf(user, deviceId);
    },
    async publish(message: BusMessage) {
      const nodes = nodesOf(message.user, message.kind === 'kick' ? message.deviceId : undefined);
      for (const node of nodes) {
        const handler = handlers.get(node);
        if (handler !== undefined) setImmediate(handler, message);
      }
    },
    async close() {
      handlers.clear();
      presence.clear();
    },
  };
}
