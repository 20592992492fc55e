/**
 * The emulator's virtual Android app instances: each has a registration token issued under one Firebase project
 * (its sender), optionally a package name, the topics it subscribed to, and an inbox of what reached it.
 */
import { randomBytes } from 'node:crypto';
import { TOKEN_SHAPE } from './check-send-request.ts';
import type { ReceivedFcmMessage } from './types.ts';

export interface VirtualFcmDevice {
  token: string;
  projectId: string;
  packageName: string | undefined;
  /** Epoch ms the app instance was unregistered (uninstalled, token expired); later sends are UNREGISTERED. */
  unregisteredAt: number | undefined;
  topics: Set<string>;
  inbox: ReceivedFcmMessage[];
}

function base64url(length: number): string {
  return randomBytes(Math.ceil((length * 3) / 4)).toString('base64url').slice(0, length);
}

/** The shape current FCM tokens have (🔎 real tokens): a 22-character instance ID, ':', then "APA91b…" — 163 characters. */
export function generateFcmToken(): string {
  return `${base64url(22)}:APA91b${base64url(134)}`;
}

export interface FcmDeviceRegistry {
  register(d: { projectId: string; token?: string; packageName?: string }): VirtualFcmDevice;
  unregister(token: string, atMs: number): void;
  get(token: string): VirtualFcmDevice | undefined;
  subscribers(projectId: string, topic: string): VirtualFcmDevice[];
  clear(): void;
}

export function createFcmDeviceRegistry(): FcmDeviceRegistry {
  const devices = new Map<string, VirtualFcmDevice>();
  return {
    register(d) {
      const token = d.token ?? generateFcmToken();
      if (!TOKEN_SHAPE.test(token)) throw new TypeError(`Not a registration token FCM would accept: ${JSON.stringify(token)}`);
      const device: VirtualFcmDevice = { token, projectId: d.projectId, packageName: d.packageName, unregisteredAt: undefined, topics: new Set(), inbox: [] };
      devices.set(token, device);
      return device;
    },
    unregister(token, atMs) {
      const device = devices.get(token);
      if (device === undefined) throw new TypeError(`No virtual device has token ${token}`);
      device.unregisteredAt = atMs;
    },
    get(token) {
      return devices.get(token);
    },
    subscribers(projectId, topic) {
      return [...devices.values()].filter((d) => d.projectId === projectId && d.unregisteredAt === undefined && d.topics.has(topic));
    },
    clear() {
      devices.clear();
    },
  };
}
