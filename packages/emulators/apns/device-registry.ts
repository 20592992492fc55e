import { APNS_PUSH_TYPE_SUFFIX } from './push-types.ts';
import type { ApnsDeviceRegistration, ApnsEnvironment, ReceivedNotification } from './types.ts';

export interface VirtualDevice {
  topic: string | undefined;
  environment: ApnsEnvironment | undefined;
  unregisteredAt: number | undefined;
  inbox: ReceivedNotification[];
}

const HEX_TOKEN = /^[0-9a-fA-F]+$/;
const TOPIC_SUFFIXES = [...new Set(APNS_PUSH_TYPE_SUFFIX.values())];

export interface DeviceRegistry {
  register(d: ApnsDeviceRegistration): void;
  unregister(token: string, atMs: number): void;
  /** Looks a token up as sent; tokens are stored lower-case, the usual wire form, so most lookups hit first. */
  get(token: string): VirtualDevice | undefined;
  getOrCreateUnknown(token: string, environment: ApnsEnvironment): VirtualDevice;
  clear(): void;
}

export function createDeviceRegistry(): DeviceRegistry {
  const devices = new Map<string, VirtualDevice>();

  function normalise(token: string): string {
    if (!HEX_TOKEN.test(token)) throw new TypeError(`APNs device token must be hex: ${token}`);
    return token.toLowerCase();
  }

  return {
    register(d) {
      const key = normalise(d.token);
      const existing = devices.get(key);
      if (existing !== undefined) {
        existing.topic = d.topic;
        existing.environment = d.environment;
        existing.unregisteredAt = undefined;
        return;
      }
      devices.set(key, { topic: d.topic, environment: d.environment, unregisteredAt: undefined, inbox: [] });
    },
    unregister(token, atMs) {
      const key = normalise(token);
      const existing = devices.get(key);
      if (existing !== undefined) existing.unregisteredAt = atMs;
      else devices.set(key, { topic: undefined, environment: undefined, unregisteredAt: atMs, inbox: [] });
    },
    get(token) {
      return devices.get(token) ?? devices.get(token.toLowerCase());
    },
    getOrCreateUnknown(token, environment) {
      const key = token.toLowerCase();
      let d = devices.get(key);
      if (d === undefined) {
        d = { topic: undefined, environment, unregisteredAt: undefined, inbox: [] };
        devices.set(key, d);
      }
      return d;
    },
    clear() {
      devices.clear();
    },
  };
}

/**
 * PushKit issues its own tokens (VoIP, push-to-talk), apart from the app's APNs token: each takes only its own
 * topic, and APNs answers DeviceTokenNotForTopic when the two are mixed up (vendor-push-protocols.md §1.3).
 */
const OWN_TOKEN_SUFFIXES: readonly string[] = ['.voip', '.voip-ptt'];

/** A device registered for `com.x.app` also takes `com.x.app.complication`, … but not `com.x.app.voip`. */
export function deviceTakesTopic(deviceTopic: string, topic: string): boolean {
  if (topic === deviceTopic) return true;
  if (!topic.startsWith(deviceTopic)) return false;
  const rest = topic.slice(deviceTopic.length);
  return TOPIC_SUFFIXES.includes(rest) && !OWN_TOKEN_SUFFIXES.includes(rest);
}
