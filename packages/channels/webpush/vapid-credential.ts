/**
 * The VAPID credential of a `web` app (RFC 8292): a P-256 key pair Herald generates for the app, plus the
 * contact `sub` put in every token. Keys use the `web-push` library's format (unpadded base64url: 65-byte
 * uncompressed public point, 32-byte private scalar), so keys made by either work in the other; the public key
 * is the browser's `applicationServerKey`.
 *
 * Subject rules: RFC 8292 §2.1 "SHOULD include a contact URI … either a mailto: or an https: URI"; Apple's push
 * service refuses anything else and any host `localhost` with 403 BadJwtToken (vendor-push-protocols.md §8.2,
 * web-push#947), so Herald refuses those when the credential is saved rather than at the first Safari push.
 */
import { createECDH, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { heraldError } from '@herald/protocol';
import { assertP256Point } from './webpush-subscription.ts';

export interface WebPushCredential {
  /** `mailto:` or `https:` contact of the operator. */
  subject: string;
  /** base64url, 65-byte uncompressed P-256 point: the browsers' `applicationServerKey`. */
  publicKey: string;
  /** base64url, 32-byte P-256 private scalar. */
  privateKey: string;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function invalid(message: string): Error {
  return heraldError('CREDENTIAL_PARSE_FAILED', `VAPID credential: ${message}`);
}

/** A fresh P-256 key pair for a `web` app. */
export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  // getPrivateKey drops leading zero bytes (web-push#295): pad to the fixed 32.
  const d = ecdh.getPrivateKey();
  const privateKey = d.length === 32 ? d : Buffer.concat([Buffer.alloc(32 - d.length), d]);
  return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: privateKey.toString('base64url') };
}

function checkSubject(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('subject is required (a mailto: or https: contact)');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid('subject must be a mailto: or https: URL');
  }
  if (url.protocol === 'mailto:') {
    const at = url.pathname.lastIndexOf('@');
    const domain = at < 0 ? '' : url.pathname.slice(at + 1).toLowerCase();
    if (at <= 0 || domain === '' || domain === 'localhost' || domain.endsWith('.localhost')) {
      throw invalid('subject mailto: needs a real address (Apple rejects localhost)');
    }
  } else if (url.protocol === 'https:') {
    if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) throw invalid('subject https: must not point at localhost (Apple rejects it)');
  } else {
    throw invalid('subject must be a mailto: or https: URL');
  }
  return value.trim();
}

function privateScalar(value: unknown): Buffer {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('privateKey is required');
  const text = value.trim();
  // People paste the PEM their other tooling produced; take the scalar out of it.
  if (text.includes('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPrivateKey(text);
    } catch {
      throw invalid('privateKey PEM could not be read');
    }
    const jwk = key.export({ format: 'jwk' });
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') throw invalid('privateKey must be an EC P-256 key');
    return Buffer.from(jwk.d, 'base64url');
  }
  if (!BASE64URL.test(text)) throw invalid('privateKey must be unpadded base64url');
  const raw = Buffer.from(text, 'base64url');
  if (raw.length !== 32) throw invalid(`privateKey must decode to 32 bytes, got ${raw.length}`);
  return raw;
}

/** Validates a credential as entered (console or API) and returns it with keys in canonical form. */
export function parseWebPushCredential(input: unknown): WebPushCredential {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid('must be an object {subject, publicKey, privateKey}');
  const record = input as Record<string, unknown>;
  const subject = checkSubject(record['subject']);
  const d = privateScalar(record['privateKey']);
  const given = record['publicKey'];
  if (typeof given !== 'string' || !BASE64URL.test(given.trim())) throw invalid('publicKey must be unpadded base64url');
  const publicRaw = Buffer.from(given.trim(), 'base64url');
  try {
    assertP256Point(publicRaw, 'publicKey');
  } catch (e) {
    throw invalid(e instanceof Error ? e.message.replace(/^Web Push subscription: /, '') : 'publicKey is invalid');
  }
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(d);
  } catch {
    throw invalid('privateKey is not a valid P-256 scalar');
  }
  if (!ecdh.getPublicKey().equals(publicRaw)) throw invalid('publicKey does not belong to privateKey');
  return { subject, publicKey: publicRaw.toString('base64url'), privateKey: d.toString('base64url') };
}

/** The signing key object of a parsed credential. */
export function vapidSigningKey(credential: WebPushCredential): KeyObject {
  const pub = Buffer.from(credential.publicKey, 'base64url');
  return createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: credential.privateKey,
      x: pub.subarray(1, 33).toString('base64url'),
      y: pub.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
}

export type WebPushCredentialCheck =
  | { ok: true }
  /** Never retryable: nothing remote was asked, the credential itself is wrong. */
  | { ok: false; reason: 'InvalidVapidCredential'; message: string; retryable: false };

/**
 * Proves a credential can sign VAPID tokens that its public key verifies, in the same result shape as the other
 * channels' checks. VAPID has no token endpoint to call: a push service only compares `k` with the key a
 * subscription was made with, so the check is local and a wrong key pair is all it can find.
 */
export async function validateWebPushCredential(credential: WebPushCredential): Promise<WebPushCredentialCheck> {
  let parsed: WebPushCredential;
  try {
    parsed = parseWebPushCredential(credential);
  } catch (e) {
    return { ok: false, reason: 'InvalidVapidCredential', message: e instanceof Error ? e.message : String(e), retryable: false };
  }
  const probe = Buffer.from('herald-vapid-probe');
  const signature = sign('sha256', probe, { key: vapidSigningKey(parsed), dsaEncoding: 'ieee-p1363' });
  const pub = Buffer.from(parsed.publicKey, 'base64url');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  if (!verify('sha256', probe, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) {
    return { ok: false, reason: 'InvalidVapidCredential', message: 'A token signed with privateKey does not verify with publicKey', retryable: false };
  }
  return { ok: true };
}
