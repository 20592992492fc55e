/** How the Sandbox page names channels, which channels fit an app's platform, and how it shortens tokens. */
import type { SandboxChannel } from '../api/sandbox-api.ts';
import type { Platform } from '../api/types.ts';
import { channelLabel } from './push-labels.ts';

export const SANDBOX_CHANNEL_LABEL: Record<SandboxChannel, string> = {
  apns: 'APNs',
  fcm: 'FCM',
  huawei: 'Huawei',
  honor: 'Honor',
  xiaomi: 'Xiaomi',
  oppo: 'OPPO',
  vivo: 'vivo',
  meizu: 'Meizu',
  webpush: 'Web Push',
};

/** Also knows push_stat's short names (hw, xm, mz, web), should a device come back under one of them. */
export function sandboxChannelLabel(channel: string): string {
  return SANDBOX_CHANNEL_LABEL[channel as SandboxChannel] ?? channelLabel(channel);
}

const PLATFORM_OF: Record<string, Platform> = {
  apns: 'ios',
  fcm: 'android', huawei: 'android', hw: 'android', honor: 'android', xiaomi: 'android', xm: 'android',
  oppo: 'android', vivo: 'android', meizu: 'android', mz: 'android',
  webpush: 'web', web: 'web',
};

/** The channels a device of this app can use, in the server's order: APNs for iOS, FCM and the vendors for Android, Web Push for web. */
export function channelsForPlatform(platform: Platform, enabled: readonly SandboxChannel[]): SandboxChannel[] {
  return enabled.filter((c) => PLATFORM_OF[c] === platform);
}

/** Channels with a vendor console to issue a credential from (Herald makes Web Push's VAPID key itself). */
export function issuableChannels(channels: readonly SandboxChannel[]): SandboxChannel[] {
  return channels.filter((c) => PLATFORM_OF[c] !== 'web');
}

export const ISSUE_LABEL: Partial<Record<SandboxChannel, string>> = {
  apns: 'Issue APNs key (.p8)',
  fcm: 'Issue FCM service account',
};

export function issueLabel(channel: SandboxChannel): string {
  return ISSUE_LABEL[channel] ?? `Issue ${sandboxChannelLabel(channel)} credential`;
}

export const ENVIRONMENT_LABEL: Record<'dev' | 'product', string> = { product: 'Production', dev: 'Development' };

/** The first and last characters, enough to tell tokens apart at a glance. */
export function shortToken(token: string): string {
  return token.length <= 18 ? token : `${token.slice(0, 8)}…${token.slice(-6)}`;
}

/** An ISO time as the reader's clock shows it, with seconds: notifications arrive seconds apart. */
export function formatClock(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
