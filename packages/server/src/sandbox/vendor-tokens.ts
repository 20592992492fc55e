/**
 * A virtual phone or browser "installs" the app on a vendor's emulator: the emulator hands out the token the
 * vendor's SDK would, for the app the vendor knows (bundle id, package name, or the vendor app id of the app's
 * credential). Uninstalling makes the emulator treat the token as the vendor treats a dead one.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxChannel } from './sandbox-channels.ts';
import type { SandboxEmulators } from './sandbox-emulators.ts';

/** What the vendor knows the app as: its bundle id / package name and the ids of its credential. */
export interface VendorApp {
  bundleId: string;
  /** `project_id`, `appId`, `appKey` or the VAPID `publicKey`, as the channel's credential meta has them. */
  credentialMeta: Record<string, unknown>;
  environment: 'dev' | 'product';
}

export interface VendorToken {
  /** What the SDK registers with Herald. */
  vendorToken: string;
  /** What the emulator files the device under (Web Push: the subscription's endpoint). */
  inboxKey: string;
}

const meta = (app: VendorApp, key: string): string => String(app.credentialMeta[key] ?? '');

export function installApp(emulators: SandboxEmulators, channel: SandboxChannel, app: VendorApp): VendorToken {
  const same = (token: string): VendorToken => ({ vendorToken: token, inboxKey: token });
  switch (channel) {
    case 'apns': {
      const token = randomBytes(32).toString('hex');
      emulators.apns.registerDevice({ token, topic: app.bundleId, environment: app.environment });
      return same(token);
    }
    case 'fcm':
      return same(emulators.fcm.registerDevice({ projectId: meta(app, 'project_id'), ...(app.bundleId === '' ? {} : { packageName: app.bundleId }) }));
    case 'huawei': {
      const token = `IQAAAACy0${randomBytes(48).toString('base64url')}`;
      emulators.huawei.registerDevice({ token, appId: meta(app, 'appId') });
      return same(token);
    }
    case 'honor': {
      const token = `BAEAAAAAB${randomBytes(40).toString('base64url')}`;
      emulators.honor.registerDevice({ token, appId: meta(app, 'appId') });
      return same(token);
    }
    case 'xiaomi': {
      const regId = randomBytes(33).toString('base64').replace(/[+/=]/g, 'x');
      emulators.xiaomi.registerDevice({ regId, packageName: app.bundleId });
      return same(regId);
    }
    case 'oppo': {
      const registrationId = `CN_${randomBytes(16).toString('hex')}`;
      emulators.oppo.registerDevice({ registrationId, appKey: meta(app, 'appKey') });
      return same(registrationId);
    }
    case 'vivo': {
      const regId = `${Date.now()}${randomBytes(6).toString('hex')}`;
      emulators.vivo.registerDevice({ regId, appId: meta(app, 'appId') });
      return same(regId);
    }
    case 'meizu': {
      const pushId = `ULY${randomBytes(16).toString('hex')}`;
      emulators.meizu.registerDevice({ pushId, appId: meta(app, 'appId') });
      return same(pushId);
    }
    case 'webpush': {
      const subscription = emulators.webpush.subscribe({ applicationServerKey: meta(app, 'publicKey') });
      return { vendorToken: JSON.stringify(subscription), inboxKey: subscription.endpoint };
    }
  }
}

/** The app is uninstalled (the browser unsubscribed): later pushes fail as they do on the vendor. */
export function uninstallApp(emulators: SandboxEmulators, channel: SandboxChannel, inboxKey: string): void {
  if (channel === 'webpush') emulators.webpush.unsubscribe(inboxKey);
  else emulators[channel].unregisterDevice(inboxKey);
}

/** Everything the device received so far, oldest first, as the emulator keeps it. */
export function vendorInbox(emulators: SandboxEmulators, channel: SandboxChannel, inboxKey: string): unknown[] {
  return emulators[channel].inbox(inboxKey);
}
