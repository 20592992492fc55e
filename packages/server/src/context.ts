/**
 * Everything a route or worker needs, built once in `main.ts` (or a test) and passed in — no module singletons.
 */
import type { Logger } from 'pino';
import type { Config } from './config/schema.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import type { Metrics } from './observability/metrics.ts';
import type { Store } from './store/store.ts';
import type { Bus, UserAddress } from './bus/bus.ts';
import type { Sandbox } from './sandbox/sandbox.ts';
import type { PasswordHasher } from './console/password-hash.ts';
import type { EnabledCommandsCache } from './im/webhooks/enabled-commands-cache.ts';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Signals the dispatcher that a task has jobs ready, so workers need not wait for their next poll. */
export interface WorkSignal {
  notify(): void;
}

export interface ServerContext {
  config: Config;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  secretBox: SecretBox;
  clock: Clock;
  adminToken: string;
  work: WorkSignal;
  /**
   * Presence of chat connections and delivery to the nodes holding them: in-process for one node, Redis when
   * `redisUrl` is set. Owned by the context: whoever closes the store closes it too (after the server).
   */
  bus: Bus;
  /** Hashes and checks console admin passwords (scrypt; parameters injected so tests can use cheap ones). */
  passwords: PasswordHasher;
  /**
   * The webhook commands each IM app enabled, which every message send asks for; cached for this process, over
   * `store`, and invalidated by whatever here writes an app's webhook settings or deletes the app.
   */
  webhookCommands: EnabledCommandsCache;
  /** Readiness contributors beyond the store (workers running, not shutting down). */
  readiness: { shuttingDown: boolean };
  /**
   * Live delivery to connected chat devices, set by the chat gateway when it starts (unset without one). HTTP
   * routes such as `/v4/openim/sendmsg` store a message and then must reach the recipient's open sockets; the
   * gateway is created inside the route tree, so this is how routes find it without a module singleton.
   */
  realtime?: RealtimeDelivery | undefined;
  /**
   * Sandbox mode's loopback vendor emulators and virtual devices (sandbox/sandbox.ts), when `config.sandbox` is on.
   * Started before the context, since the config must point at the emulators; whoever closes the store closes it.
   */
  sandbox?: Sandbox | undefined;
}

export interface RealtimeDelivery {
  /** Sends an event to the user's connected devices on every node (only `deviceIds` when given). */
  deliverToUser(user: UserAddress, event: string, data: unknown, deviceIds?: readonly string[]): Promise<void>;
  /**
   * Sends event frames (bus/event-frame.ts), in order, to the user's connected devices on every node (only
   * `deviceIds` when given, never `exceptDeviceId`); each device gets them in one write. For several events to
   * one user, or one event serialised once for many users.
   */
  deliverFrames(user: UserAddress, frames: readonly string[], deviceIds?: readonly string[], exceptDeviceId?: string): Promise<void>;
}
