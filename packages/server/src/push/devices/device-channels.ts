/**
 * Which vendor channels a device of each platform may register with, and what a vendor token of each looks
 * like (each channel's driver knows its own tokens).
 */
import { channelDriver } from '../channels/channel-drivers.ts';

export { CHANNELS_BY_PLATFORM } from '../channels/channel-drivers.ts';

export const MAX_VENDOR_TOKEN_LENGTH = 4096;

/** The canonical vendor token, or undefined when it is not one the channel issues. */
export function normalizeVendorToken(channel: string, vendorToken: string): string | undefined {
  if (vendorToken.length === 0 || vendorToken.length > MAX_VENDOR_TOKEN_LENGTH) return undefined;
  return channelDriver(channel)?.normalizeVendorToken(vendorToken);
}
