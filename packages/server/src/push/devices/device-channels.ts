/**
 * Which vendor channels a device of each platform may register with, and what a vendor token of each looks
 * like. Only APNs delivers today; the other channels' devices are kept so their issues can start sending.
 */
import type { Platform } from '../../store/schema.ts';

export const CHANNELS_BY_PLATFORM: Record<Platform, readonly string[]> = {
  ios: ['apns'],
  android: ['fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu'],
  web: ['webpush'],
};

export const MAX_VENDOR_TOKEN_LENGTH = 4096;

/** APNs device tokens are hex (32 bytes today; Apple says the length may change). Others are opaque text. */
export function normalizeVendorToken(channel: string, vendorToken: string): string | undefined {
  if (channel === 'apns') {
    const hex = vendorToken.trim().toLowerCase();
    return /^(?:[0-9a-f]{2}){8,200}$/.test(hex) ? hex : undefined;
  }
  return vendorToken.length > 0 && vendorToken.length <= MAX_VENDOR_TOKEN_LENGTH ? vendorToken : undefined;
}
