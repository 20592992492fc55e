/**
 * A browser's push subscription (`PushSubscription.toJSON()`, W3C Push API) and the vendor token Herald stores
 * for it. The vendor token of a Web Push device is the subscription itself, as canonical JSON:
 *
 *   {"endpoint":"<url>","keys":{"p256dh":"<base64url, 65 bytes>","auth":"<base64url, 16 bytes>"}}
 *
 * exactly these keys in this order, keys re-encoded as unpadded base64url, the endpoint as the WHATWG URL
 * serialiser writes it, `expirationTime` dropped. One subscription therefore always gives the same string, so
 * the device table's unique (app, channel, vendor token) key finds a re-registered browser.
 *
 * Checks (verified against the RFC texts, vendor-push-protocols.md §8): `p256dh` is a 65-byte uncompressed P-256
 * point (RFC 8291 §4 point form; §7 "MUST verify that the public key they receive is on the P-256 curve"), the
 * auth secret is 16 octets (RFC 8291 §3.2). Endpoints are https (RFC 8030 §3: push services use TLS); plain
 * http is accepted only for loopback hosts and only when asked, for tests and local distributors. A UnifiedPush
 * endpoint is a Web Push endpoint (UnifiedPush SERV_1.2.0 allows http or https, at most 1000 bytes).
 */
import { createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { heraldError } from '@herald/protocol';

export interface WebPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface ParseWebPushSubscriptionOptions {
  /** Accept `http:` endpoints on loopback hosts (tests, a distributor on the same machine). Default false. */
  allowLoopbackHttp?: boolean;
}

/** Longer than any browser's endpoint seen (WNS ≈ 300 characters); UnifiedPush caps its own at 1000 bytes. */
export const WEBPUSH_MAX_ENDPOINT_LENGTH = 2048;
export const UA_PUBLIC_KEY_BYTES = 65;
export const AUTH_SECRET_BYTES = 16;

const BASE64 = /^[A-Za-z0-9_\-+/]+={0,2}$/;

function invalid(message: string): Error {
  return heraldError('DEVICE_TOKEN_INVALID', `Web Push subscription: ${message}`);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const family = isIP(host);
  if (family === 4) return host.startsWith('127.');
  if (family === 6) return host === '::1';
  return host === 'localhost' || host.endsWith('.localhost');
}

function decodeKey(value: unknown, name: string, bytes: number): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) throw invalid(`keys.${name} must be a base64url string`);
  const raw = Buffer.from(value, 'base64url');
  if (raw.length !== bytes) throw invalid(`keys.${name} must decode to ${bytes} bytes, got ${raw.length}`);
  return raw;
}

/** Throws unless `raw` is an uncompressed point on P-256 (OpenSSL checks the curve equation on import). */
export function assertP256Point(raw: Buffer, what: string): void {
  if (raw.length !== UA_PUBLIC_KEY_BYTES || raw[0] !== 0x04) throw invalid(`${what} must be an uncompressed P-256 point (65 bytes, 0x04 first)`);
  try {
    createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    throw invalid(`${what} is not a point on the P-256 curve`);
  }
}

/** Checks an endpoint URL by the rules above and returns it parsed. */
export function parseWebPushEndpoint(value: unknown, o: ParseWebPushSubscriptionOptions = {}): URL {
  if (typeof value !== 'string' || value === '') throw invalid('endpoint must be a non-empty string');
  if (value.length > WEBPUSH_MAX_ENDPOINT_LENGTH) throw invalid(`endpoint is longer than ${WEBPUSH_MAX_ENDPOINT_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('endpoint is not an absolute URL');
  }
  if (url.username !== '' || url.password !== '') throw invalid('endpoint must not carry credentials');
  if (url.hash !== '') throw invalid('endpoint must not have a fragment');
  if (url.protocol === 'http:') {
    if (!(o.allowLoopbackHttp === true && isLoopbackHost(url.hostname))) throw invalid('endpoint must be https (http only on loopback, when allowed)');
  } else if (url.protocol !== 'https:') {
    throw invalid('endpoint must be an https URL');
  }
  return url;
}

/** A subscription taken apart for sending: the URL and the raw key bytes. */
export interface DecodedWebPushSubscription {
  url: URL;
  /** scheme://host[:port]: the VAPID `aud` and the keep-alive pool key. */
  origin: string;
  uaPublic: Buffer;
  authSecret: Buffer;
}

function decode(input: unknown, o: ParseWebPushSubscriptionOptions): DecodedWebPushSubscription {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw invalid('not valid JSON');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('must be an object {endpoint, keys: {p256dh, auth}}');
  const record = value as Record<string, unknown>;
  const url = parseWebPushEndpoint(record['endpoint'], o);
  const keys = record['keys'];
  if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) throw invalid('keys must be an object {p256dh, auth}');
  const k = keys as Record<string, unknown>;
  const uaPublic = decodeKey(k['p256dh'], 'p256dh', UA_PUBLIC_KEY_BYTES);
  if (uaPublic[0] !== 0x04) throw invalid('keys.p256dh must be an uncompressed P-256 point (0x04 first)');
  const authSecret = decodeKey(k['auth'], 'auth', AUTH_SECRET_BYTES);
  return { url, origin: url.origin, uaPublic, authSecret };
}

/**
 * The send-time decoding of a stored vendor token: shape and lengths only. The curve check is left to ECDH,
 * which refuses a point off P-256 anyway, so the hot path does not import every key twice.
 */
export function decodeWebPushVendorToken(vendorToken: string, o: ParseWebPushSubscriptionOptions = {}): DecodedWebPushSubscription {
  return decode(vendorToken, o);
}

/** Validates a subscription (object or its JSON text) and returns its canonical form. */
export function parseWebPushSubscription(input: unknown, o: ParseWebPushSubscriptionOptions = {}): WebPushSubscription {
  const d = decode(input, o);
  assertP256Point(d.uaPublic, 'keys.p256dh');
  return { endpoint: d.url.href, keys: { p256dh: d.uaPublic.toString('base64url'), auth: d.authSecret.toString('base64url') } };
}

/** The vendor token stored for a subscription: its canonical JSON (see the file comment). */
export function webPushVendorToken(subscription: WebPushSubscription): string {
  return JSON.stringify({ endpoint: subscription.endpoint, keys: { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth } });
}
