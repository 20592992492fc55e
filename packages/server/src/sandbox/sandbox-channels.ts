/**
 * The channels sandbox mode plays the vendor for: Herald's own channel ids, one loopback emulator each.
 */
import type { ChannelId } from '@herald/channels';

export const SANDBOX_CHANNELS = ['apns', 'fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'webpush'] as const satisfies readonly ChannelId[];

export type SandboxChannel = (typeof SANDBOX_CHANNELS)[number];

/** What a virtual device of each channel is called by default ("iPhone 1", "Pixel 2", …) and reports as its brand. */
export const DEVICE_LOOKS: Readonly<Record<SandboxChannel, { name: string; brand: string }>> = {
  apns: { name: 'iPhone', brand: 'Apple' },
  fcm: { name: 'Pixel', brand: 'Google' },
  huawei: { name: 'HUAWEI Mate', brand: 'HUAWEI' },
  honor: { name: 'HONOR Magic', brand: 'HONOR' },
  xiaomi: { name: 'Xiaomi', brand: 'Xiaomi' },
  oppo: { name: 'OPPO Find', brand: 'OPPO' },
  vivo: { name: 'vivo X', brand: 'vivo' },
  meizu: { name: 'Meizu', brand: 'Meizu' },
  webpush: { name: 'Browser', brand: 'Web' },
};
