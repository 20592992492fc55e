/** The sessions this node holds, by (sdkAppId, userId) and then deviceId: at most one session per device. */
import { userKey, type UserAddress } from '../bus/bus.ts';
import type { ChatSession } from './types.ts';

export interface SessionRegistry {
  get(user: UserAddress, deviceId: string): ChatSession | undefined;
  list(user: UserAddress): ChatSession[];
  /** Adds the session, replacing (and returning) the one the device had. */
  add(session: ChatSession): ChatSession | undefined;
  /** Removes the session if it is still the device's current one. */
  remove(session: ChatSession): void;
  readonly size: number;
}

export function createSessionRegistry(): SessionRegistry {
  const byUser = new Map<string, Map<string, ChatSession>>();
  let size = 0;
  return {
    get: (user, deviceId) => byUser.get(userKey(user))?.get(deviceId),
    list: (user) => [...(byUser.get(userKey(user))?.values() ?? [])],
    add(session) {
      const key = userKey(session);
      let devices = byUser.get(key);
      if (devices === undefined) byUser.set(key, (devices = new Map()));
      const previous = devices.get(session.deviceId);
      devices.set(session.deviceId, session);
      if (previous === undefined) size += 1;
      return previous;
    },
    remove(session) {
      const key = userKey(session);
      const devices = byUser.get(key);
      if (devices?.get(session.deviceId) !== session) return;
      devices.delete(session.deviceId);
      size -= 1;
      if (devices.size === 0) byUser.delete(key);
    },
    get size() {
      return size;
    },
  };
}
