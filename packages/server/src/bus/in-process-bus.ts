/**
 * The bus for a single process: presence in maps, delivery by calling the node's handler on a later tick, so
 * callers see the same asynchrony a networked adapter has and never re-enter themselves. The handler gets a copy,
 * as it would over Redis: a kick through a JSON round trip; an event's frames are JSON already (the gateway
 * serialised its data), so only its envelope is copied, which spares every delivery a second serialisation.
 */
import { routedDevices, userKey, type Bus, type BusHandler, type BusMessage, type UserAddress } from './bus.ts';

function copyOf(message: BusMessage): BusMessage {
  if (message.kind !== 'event') return JSON.parse(JSON.stringify(message)) as BusMessage;
  const user = { sdkAppId: message.user.sdkAppId, userId: message.user.userId };
  const copy: BusMessage = { kind: 'event', user, frames: [...message.frames] };
  if (message.deviceIds !== undefined) copy.deviceIds = [...message.deviceIds];
  if (message.exceptDeviceId !== undefined) copy.exceptDeviceId = message.exceptDeviceId;
  return copy;
}

export function createInProcessBus(): Bus {
  const handlers = new Map<string, BusHandler>();
  /** userKey → deviceId → nodes holding it (normally one; two briefly while a login replaces a connection). */
  const presence = new Map<string, Map<string, Set<string>>>();

  const nodesOf = (user: UserAddress, deviceIds: readonly string[] | undefined, exceptDeviceId?: string): string[] => {
    const devices = presence.get(userKey(user));
    if (devices === undefined) return [];
    const nodes = new Set<string>();
    for (const [id, holders] of devices) {
      if (id === exceptDeviceId || (deviceIds !== undefined && !deviceIds.includes(id))) continue;
      for (const n of holders) if (handlers.has(n)) nodes.add(n);
    }
    return [...nodes];
  };

  const dropNode = (nodeId: string): void => {
    for (const [key, devices] of presence) {
      for (const [id, holders] of devices) {
        holders.delete(nodeId);
        if (holders.size === 0) devices.delete(id);
      }
      if (devices.size === 0) presence.delete(key);
    }
  };

  return {
    async attachNode(nodeId, handler) {
      dropNode(nodeId);
      handlers.set(nodeId, handler);
      return async () => {
        if (handlers.get(nodeId) !== handler) return;
        handlers.delete(nodeId);
        dropNode(nodeId);
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
      return nodesOf(user, deviceId === undefined ? undefined : [deviceId]);
    },
    async publish(message: BusMessage) {
      // An echo to a user's other devices reaches no node when the sending device is the only one.
      const nodes = nodesOf(message.user, routedDevices(message), message.kind === 'event' ? message.exceptDeviceId : undefined);
      for (const node of nodes) {
        const handler = handlers.get(node);
        // Checked again on delivery: a node detached meanwhile receives nothing more.
        if (handler !== undefined) {
          const copy = copyOf(message);
          setImmediate(() => handlers.get(node) === handler && handler(copy));
        }
      }
    },
    async close() {
      handlers.clear();
      presence.clear();
    },
  };
}
