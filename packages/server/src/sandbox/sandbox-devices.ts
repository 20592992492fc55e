/**
 * Virtual devices: a phone or browser with the app installed. Each gets a token from the vendor's emulator and
 * registers it with Herald through the same service the SDK's `POST /sdk/v1/devices` uses, so it holds a real
 * Herald token of the app and receives whatever the app pushes to it.
 */
import { randomBytes } from 'node:crypto';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import { requireApp } from '../push/apps/app-service.ts';
import { registerDevice } from '../push/devices/device-service.ts';
import { normaliseEntry, type SandboxNotification } from './normalise-inbox.ts';
import type { Sandbox, SandboxDeviceRecord } from './sandbox.ts';
import { DEVICE_LOOKS, type SandboxChannel } from './sandbox-channels.ts';
import { vendorAppFor } from './vendor-app.ts';
import { installApp, uninstallApp, vendorInbox } from './vendor-tokens.ts';

export interface SandboxDevice {
  id: string;
  name: string;
  channel: SandboxChannel;
  accessId: number;
  environment?: 'dev' | 'product';
  vendorToken: string;
  heraldToken: string;
  createdAt: string;
  received: number;
}

export interface NewSandboxDevice {
  accessId: number;
  channel: SandboxChannel;
  name?: string | undefined;
  environment?: 'dev' | 'product' | undefined;
}

export function requireSandboxDevice(sandbox: Sandbox, id: string): SandboxDeviceRecord {
  const device = sandbox.devices.get(id);
  if (device === undefined) throw heraldError('SANDBOX_DEVICE_NOT_FOUND');
  return device;
}

export function deviceView(sandbox: Sandbox, d: SandboxDeviceRecord): SandboxDevice {
  return {
    id: d.id,
    name: d.name,
    channel: d.channel,
    accessId: d.accessId,
    // Only APNs has environments; the other vendors have one gateway.
    ...(d.channel === 'apns' ? { environment: d.environment } : {}),
    vendorToken: d.vendorToken,
    heraldToken: d.heraldToken,
    createdAt: new Date(d.createdAt).toISOString(),
    received: vendorInbox(sandbox.emulators, d.channel, d.inboxKey).length,
  };
}

export async function createSandboxDevice(ctx: ServerContext, sandbox: Sandbox, input: NewSandboxDevice): Promise<SandboxDevice> {
  const app = await requireApp(ctx.store.db, input.accessId);
  const environment = input.channel === 'apns' ? (input.environment ?? 'product') : 'product';
  const vendorApp = await vendorAppFor(ctx, app, input.channel, environment);
  const token = installApp(sandbox.emulators, input.channel, vendorApp);
  const made = (sandbox.made.get(input.channel) ?? 0) + 1;
  const looks = DEVICE_LOOKS[input.channel];
  const name = input.name ?? `${looks.name} ${made}`;
  let registered;
  try {
    registered = await registerDevice(ctx, app, {
      platform: app.platform,
      channel: input.channel,
      vendorToken: token.vendorToken,
      environment,
      appVersion: '1.0.0',
      sdkVersion: 'sandbox',
      locale: 'en-US',
      timeZone: 'UTC',
      deviceBrand: looks.brand,
      deviceModel: name,
    });
  } catch (err) {
    uninstallApp(sandbox.emulators, input.channel, token.inboxKey);
    throw err;
  }
  sandbox.made.set(input.channel, made);
  const record: SandboxDeviceRecord = {
    id: randomBytes(8).toString('hex'),
    name,
    channel: input.channel,
    accessId: input.accessId,
    environment,
    vendorToken: token.vendorToken,
    heraldToken: registered.token,
    createdAt: ctx.clock.now(),
    inboxKey: token.inboxKey,
  };
  sandbox.devices.set(record.id, record);
  return deviceView(sandbox, record);
}

/** Newest first; only the app's devices when `accessId` is given. */
export function listSandboxDevices(sandbox: Sandbox, accessId?: number): SandboxDevice[] {
  const all = [...sandbox.devices.values()].filter((d) => accessId === undefined || d.accessId === accessId);
  return all.reverse().map((d) => deviceView(sandbox, d));
}

export function sandboxInbox(sandbox: Sandbox, id: string, after: number): { deviceId: string; notifications: SandboxNotification[]; next: number } {
  const device = requireSandboxDevice(sandbox, id);
  const entries = vendorInbox(sandbox.emulators, device.channel, device.inboxKey);
  const notifications = entries.slice(after).map((entry, i) => {
    const n = normaliseEntry(device.channel, entry);
    return { index: after + i, receivedAt: new Date(n.receivedAt).toISOString(), ...n.shown, raw: n.raw };
  });
  return { deviceId: id, notifications, next: entries.length };
}

/** The app is uninstalled: the vendor forgets the token and the device leaves the list. Herald learns it at the next push, as with a real phone. */
export function deleteSandboxDevice(sandbox: Sandbox, id: string): void {
  const device = requireSandboxDevice(sandbox, id);
  uninstallApp(sandbox.emulators, device.channel, device.inboxKey);
  sandbox.devices.delete(id);
}
