/**
 * The device token check for vendors whose registration ids are opaque (Huawei, Honor, Mi Push, OPPO, vivo,
 * Meizu): their forms differ and may change, so Herald only insists on one printable word.
 */

/** Printable ASCII without spaces, up to the device API's 4096 characters. */
const OPAQUE_TOKEN = /^[\x21-\x7e]{1,4096}$/;

/** The token without surrounding whitespace, or undefined when it is not one printable word. */
export function normalizeOpaqueVendorToken(vendorToken: string): string | undefined {
  const token = vendorToken.trim();
  return OPAQUE_TOKEN.test(token) ? token : undefined;
}
