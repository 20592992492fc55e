/** The sessions this node holds, by (sdkAppId, userId) and then deviceId: at most one session per device. */
import type { UserAddress } from '../bus/bus.ts';
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

/**
 * Most users have one device on a node, so a user's entry is the session itself; only a second device turns it
 * into a map by deviceId (and the last but one leaving turns it back). Users are found by app and then by userId,
 * the session's own string, so a connected user costs no Map and no key string of its own.
 */
type UserEntry = ChatSession | Map<string, ChatSession>;

export function createSessionRegistry(): SessionRegistry {
  const byApp = new Map<number, Map<string, UserEntry>>();
  let size = 0;

  function find(entry: UserEntry | undefined, deviceId: string): ChatSession | undefined {
    if (entry === undefined) return undefined;
    if (entry instanceof Map) return entry.get(deviceId);
    return entry.deviceId === deviceId ? entry : undefined;
  }

  const entryOf = (user: UserAddress): UserEntry | undefined => byApp.get(user.sdkAppId)?.get(user.userId);

  return {
    get: (user, deviceId) => find(entryOf(user), deviceId),
    list(user) {
      const entry = entryOf(user);
      if (entry === undefined) return [];
      return entry instanceof Map ? [...entry.values()] : [entry];
    },
    add(session) {
      let users = byApp.get(session.sdkAppId);
      if (users === undefined) byApp.set(session.sdkAppId, (users = new Map()));
      const entry = users.get(session.userId);
      const previous = find(entry, session.deviceId);
      if (entry === undefined || entry === previous) users.set(session.userId, session);
      else if (entry instanceof Map) entry.set(session.deviceId, session);
      else users.set(session.userId, new Map([[entry.deviceId, entry], [session.deviceId, session]]));
      if (previous === undefined) size += 1;
      return previous;
    },
    remove(session) {
      const users = byApp.get(session.sdkAppId);
      const entry = users?.get(session.userId);
      if (users === undefined || find(entry, session.deviceId) !== session) return;
      size -= 1;
      if (entry instanceof Map) {
        entry.delete(session.deviceId);
        if (entry.size === 1) users.set(session.userId, entry.values().next().value!);
        return;
      }
      users.delete(session.userId);
      if (users.size === 0) byApp.delete(session.sdkAppId);
    },
    get size() {
      return size;
    },
  };
}
