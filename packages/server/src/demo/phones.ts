/**
 * Virtual phones: the push SDK registers each one with Herald (as the TPNS SDK does at app start), and the
 * vendor emulator holding its vendor token is its notification tray. `received()` reads that tray in one shape
 * for both platforms; `payload` is what the app's code gets on a tap (iOS `userInfo`, Xiaomi's extras).
 */
import { randomBytes } from 'node:crypto';
import { createMemoryStorage, createPushClient, type PushClient } from '@herald/sdk';
import type { Rig } from './rig.ts';

export interface ShownNotification {
  title: string | undefined;
  body: string | undefined;
  badge: number | undefined;
  sound: string | undefined;
  ext: unknown;
  /** The Herald push task it came from (the APNs payload's `herald.pid`), when the channel carries it. */
  pushId: string | undefined;
  payload: unknown;
}

export interface VirtualPhone {
  readonly name: string;
  /** The Herald token the push SDK got (TPNS's xgToken). */
  readonly token: string;
  readonly push: PushClient;
  received(): ShownNotification[];
}

export interface PushAppRef {
  accessId: number;
  accessKey: string;
  bundleId: string;
}

type Json = Record<string, any>;

function textOf(alert: unknown): { title: string | undefined; body: string | undefined } {
  if (typeof alert === 'string') return { title: undefined, body: alert };
  const a = (alert ?? {}) as Json;
  return { title: typeof a['title'] === 'string' ? a['title'] : undefined, body: typeof a['body'] === 'string' ? a['body'] : undefined };
}

function shownOnIphone(payload: unknown): ShownNotification {
  const p = (payload ?? {}) as Json;
  const aps = (p['aps'] ?? {}) as Json;
  return {
    ...textOf(aps['alert']),
    badge: typeof aps['badge'] === 'number' ? aps['badge'] : undefined,
    sound: typeof aps['sound'] === 'string' ? aps['sound'] : undefined,
    // TPNS-mode apps find the IM ext under `custom`, native-mode apps under `ext` (docs/offline-push.md).
    ext: p['custom'] ?? p['ext'],
    pushId: typeof p['herald']?.['pid'] === 'string' ? p['herald']['pid'] : undefined,
    payload,
  };
}

export async function startIphone(rig: Rig, app: PushAppRef, name: string): Promise<VirtualPhone> {
  // iOS hands the app its APNs device token; Apple's gateway (the emulator) knows it for this bundle.
  const vendorToken = randomBytes(32).toString('hex');
  rig.apns.registerDevice({ token: vendorToken, topic: app.bundleId, environment: 'product' });
  const push = createPushClient({ accessId: app.accessId, accessKey: app.accessKey, endpoint: rig.http.url, storage: createMemoryStorage() });
  const token = await push.register({ vendorToken, environment: 'product', appVersion: '1.0.0', locale: 'en_US', timeZone: 'Asia/Shanghai', systemVersion: '17.4', deviceBrand: 'Apple', deviceModel: 'iPhone15,2' });
  return { name, token, push, received: () => rig.apns.inbox(vendorToken).map((n) => shownOnIphone(n.payload)) };
}

export async function startXiaomiPhone(rig: Rig, app: PushAppRef, name: string): Promise<VirtualPhone> {
  // MiPush hands the app its regId; Xiaomi's gateway (the emulator) knows it for this package.
  const regId = randomBytes(33).toString('base64').replace(/[+/=]/g, 'x');
  rig.xiaomi.registerDevice({ regId, packageName: app.bundleId });
  const push = createPushClient({ accessId: app.accessId, accessKey: app.accessKey, endpoint: rig.http.url, storage: createMemoryStorage() });
  const token = await push.register({ vendorToken: regId, environment: 'product', platform: 'android', channel: 'xiaomi', appVersion: '1.0.0', locale: 'zh_CN', timeZone: 'Asia/Shanghai', systemVersion: '14', deviceBrand: 'Xiaomi', deviceModel: '23127PN0CC' });
  return {
    name,
    token,
    push,
    received: () =>
      rig.xiaomi.inbox(regId).map((m) => ({
        title: m.title,
        body: m.description,
        badge: undefined,
        sound: m.extra['sound_uri'],
        // MiPushMessage.getExtra().get("ext")
        ext: m.extra['ext'],
        pushId: undefined,
        payload: m.extra,
      })),
  };
}
