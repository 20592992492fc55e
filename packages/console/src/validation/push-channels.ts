/**
 * `channel_rules` of `/v3/push/app`: per channel, whether this push leaves it out. The channels offered are
 * those an app of the platform delivers on (TPNS's names; `xg`, TPNS's own channel, has no Herald counterpart
 * and `web` is Herald's Web Push).
 */
import type { Platform } from '../api/types.ts';

export const PLATFORM_CHANNELS: Record<Platform, string[]> = {
  ios: ['apns'],
  android: ['fcm', 'hw', 'honor', 'xm', 'oppo', 'vivo', 'mz'],
  web: ['web'],
};

export function channelRules(disabled: readonly string[], platform: Platform): Array<{ channel: string; disable: true }> {
  return PLATFORM_CHANNELS[platform].filter((c) => disabled.includes(c)).map((channel) => ({ channel, disable: true }));
}
