/**
 * Every channel Herald delivers through, by Herald's channel id and by TPNS's name for it.
 */
import type { ChannelId } from '@herald/channels';
import type { Platform } from '../../store/schema.ts';
import { APNS_DRIVER } from './apns-driver.ts';
import type { ChannelDriver, TpnsChannelName } from './channel-driver.ts';
import { FCM_DRIVER } from './fcm-driver.ts';
import { HONOR_DRIVER } from './honor-driver.ts';
import { HUAWEI_DRIVER } from './huawei-driver.ts';
import { MEIZU_DRIVER } from './meizu-driver.ts';
import { OPPO_DRIVER } from './oppo-driver.ts';
import { VIVO_DRIVER } from './vivo-driver.ts';
import { WEBPUSH_DRIVER } from './webpush-driver.ts';
import { XIAOMI_DRIVER } from './xiaomi-driver.ts';

export const CHANNEL_DRIVERS: ReadonlyMap<ChannelId, ChannelDriver> = new Map(
  [APNS_DRIVER, FCM_DRIVER, HUAWEI_DRIVER, HONOR_DRIVER, XIAOMI_DRIVER, OPPO_DRIVER, VIVO_DRIVER, MEIZU_DRIVER, WEBPUSH_DRIVER].map((d) => [d.id, d]),
);

export function channelDriver(id: string): ChannelDriver | undefined {
  return CHANNEL_DRIVERS.get(id as ChannelId);
}

/** Whether the channel serves apps and devices of the platform. */
export function servesPlatform(driver: ChannelDriver, platform: Platform): boolean {
  return driver.platform === platform || (driver.alsoServes?.includes(platform) ?? false);
}

/**
 * Channel ids a device of each platform may register with, in the order TPNS lists them. Android devices may
 * also register a Web Push endpoint: that is how a UnifiedPush distributor (ntfy, NextPush, …) hands one out.
 */
export const CHANNELS_BY_PLATFORM: Readonly<Record<Platform, readonly ChannelId[]>> = {
  ios: ['apns'],
  android: ['fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'webpush'],
  web: ['webpush'],
};

/** TPNS's statistics name of a channel id; unknown ids pass through unchanged. */
export function tpnsChannelName(id: string): TpnsChannelName | string {
  return channelDriver(id)?.statName ?? id;
}
