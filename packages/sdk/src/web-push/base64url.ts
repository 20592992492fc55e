/**
 * Unpadded base64url ↔ bytes without Buffer (pages and service workers have none): VAPID keys travel as
 * base64url text, while `applicationServerKey` is given and read back as bytes.
 */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64Url(bytes: ArrayBuffer | ArrayBufferView): string {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** True when a subscription's `options.applicationServerKey` is the key given as base64url. */
export function sameApplicationServerKey(current: ArrayBuffer | null | undefined, expected: string): boolean {
  return current !== null && current !== undefined && bytesToBase64Url(current) === bytesToBase64Url(base64UrlToBytes(expected));
}
