/**
 * The bus connects the nodes of a deployment: it knows which node holds each device connection (presence) and
 * carries deliveries to the nodes holding a user's sessions. One node uses the in-process adapter; a scaled-out
 * deployment uses Redis (pub/sub per node, presence in hashes) behind the same interface, so every method is
 * async and the messages are plain JSON.
 */

export interface UserAddress {
  sdkAppId: number;
  userId: string;
}

export type KickReason = 'loggedInAgain' | 'kicked';

export type BusMessage =
  /**
   * Events for the user's connected devices (all of them, only `deviceIds`, or all but `exceptDeviceId`), as the
   * frames the devices get (docs/protocol.md §5), in order: serialised once by the publisher whatever the number
   * of nodes and devices, and written to each socket together.
   */
  | { kind: 'event'; user: UserAddress; frames: readonly string[]; deviceIds?: readonly string[]; exceptDeviceId?: string }
  /**
   * Ends the device's connection on whichever node holds it. `keepConnectionId` is the connection that caused
   * it (a new login with the same deviceId), which must survive.
   */
  | { kind: 'kick'; user: UserAddress; deviceId: string; reason: KickReason; byDeviceId?: string; keepConnectionId?: string };

export type BusHandler = (message: BusMessage) => void;

export interface Bus {
  /**
   * Subscribes a node to the messages addressed to users it holds. Presence counts only while its node is
   * attached; attaching starts the node from no presence (a restarted node with a fixed id holds nothing yet).
   * Returns the detach function, which stops delivery and drops the node's presence.
   */
  attachNode(nodeId: string, handler: BusHandler): Promise<() => Promise<void>>;
  /** Records that `nodeId` (attached here or in another process) holds a connection of the user's device. */
  join(nodeId: string, user: UserAddress, deviceId: string): Promise<void>;
  /** Records that `nodeId` no longer holds it. */
  leave(nodeId: string, user: UserAddress, deviceId: string): Promise<void>;
  /** Attached nodes holding a connection of the user (of one device when given). */
  nodesOf(user: UserAddress, deviceId?: string): Promise<string[]>;
  /**
   * Delivers to every attached node that holds a connection of the user: of `deviceId` for a kick, of one of
   * `deviceIds` for an event that names them. The receiving node applies the filters again (its own sessions).
   * Rejects when the message could not be handed over (Redis down); callers log, the message stays stored.
   */
  publish(message: BusMessage): Promise<void>;
  close(): Promise<void>;
}

/** The devices a message is routed by: a kick's device, an event's `deviceIds`, or every device (undefined). */
export function routedDevices(message: BusMessage): readonly string[] | undefined {
  return message.kind === 'kick' ? [message.deviceId] : message.deviceIds;
}

export function userKey(user: UserAddress): string {
  return `${user.sdkAppId}\u0000${user.userId}`;
}
