/**
 * What a virtual device needs to know about its app before it can "install" it: that the app is of a platform
 * the channel serves, its bundle id / package name where the vendor files apps by it, and the vendor's ids of
 * the app from the credential saved for the channel (the emulator only knows apps whose credential it issued).
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import { CHANNELS_BY_PLATFORM } from '../push/devices/device-channels.ts';
import type { AppRow } from '../store/schema.ts';
import type { SandboxChannel } from './sandbox-channels.ts';
import type { VendorApp } from './vendor-tokens.ts';

/** Channels whose emulator files devices by the app's bundle id or package name. */
const NEEDS_BUNDLE_ID: ReadonlySet<SandboxChannel> = new Set(['apns', 'xiaomi']);
/** Channels whose emulator files devices by the vendor's app id, found in the saved credential. */
const NEEDS_CREDENTIAL: ReadonlySet<SandboxChannel> = new Set(['fcm', 'huawei', 'honor', 'oppo', 'vivo', 'meizu', 'webpush']);

export async function vendorAppFor(ctx: ServerContext, app: AppRow, channel: SandboxChannel, environment: 'dev' | 'product'): Promise<VendorApp> {
  if (!(CHANNELS_BY_PLATFORM[app.platform] as readonly string[]).includes(channel)) {
    throw heraldError('SANDBOX_APP_UNSUITABLE', `channel: ${channel} does not serve ${app.platform} apps; this app's devices use ${CHANNELS_BY_PLATFORM[app.platform].join(', ')}`);
  }
  if (NEEDS_BUNDLE_ID.has(channel) && app.bundle_id === '') {
    throw heraldError('SANDBOX_APP_UNSUITABLE', `The app has no ${channel === 'apns' ? 'bundle ID' : 'package name'}; set one on the app first`);
  }
  let credentialMeta: Record<string, unknown> = {};
  if (NEEDS_CREDENTIAL.has(channel)) {
    const row = await ctx.store.db.selectFrom('credential').select('meta_json')
      .where('access_id', '=', Number(app.access_id)).where('channel', '=', channel)
      .executeTakeFirst();
    if (row === undefined) throw heraldError('SANDBOX_CREDENTIAL_MISSING', `The app has no ${channel} credential: issue one with POST /api/sandbox/credentials/${channel} and save it first`);
    credentialMeta = JSON.parse(row.meta_json) as Record<string, unknown>;
  }
  return { bundleId: app.bundle_id, credentialMeta, environment };
}
