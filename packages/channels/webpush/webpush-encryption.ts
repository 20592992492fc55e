/**
 * Message encryption for Web Push, RFC 8291 over the `aes128gcm` content coding of RFC 8188. Verified: the key
 * schedule and restrictions against the RFC text (draft source and quoted copies) and against the `http_ece`
 * source that web-push and web-push-testing use; the RFC 8291 Appendix A vector is a unit test.
 *
 *   ecdh_secret = ECDH(as_private, ua_public)            fresh application-server key pair per message
 *   PRK_key     = HMAC-SHA-256(auth_secret, ecdh_secret)
 *   IKM         = HMAC-SHA-256(PRK_key, "WebPush: info" 0x00 ua_public as_public 0x01)
 *   PRK         = HMAC-SHA-256(salt, IKM)
 *   CEK         = HMAC-SHA-256(PRK, "Content-Encoding: aes128gcm" 0x00 0x01)[0..16]
 *   NONCE       = HMAC-SHA-256(PRK, "Content-Encoding: nonce" 0x00 0x01)[0..12]
 *   body        = salt(16) rs(uint32) idlen(1)=65 keyid=as_public(65) AES-128-GCM(plaintext 0x02 padding) tag(16)
 *
 * RFC 8291 §4: one record only, `rs` larger than plaintext + delimiter + padding + tag, and since a push
 * service need not take more than 4096 octets of body, at most 3993 octets of plaintext.
 */
import { createCipheriv, createECDH, createHmac, randomBytes, type ECDH } from 'node:crypto';

export const WEBPUSH_RECORD_SIZE = 4096;
/** salt 16 + rs 4 + idlen 1 + keyid 65. */
export const WEBPUSH_HEADER_BYTES = 86;
const TAG_BYTES = 16;
/** RFC 8291 §4: 4096 − 86 − 1 (delimiter) − 16 (tag). */
export const WEBPUSH_MAX_PLAINTEXT_BYTES = 3993;

const KEY_INFO = Buffer.from('WebPush: info\0');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0\x01');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0\x01');
const ONE = Buffer.from([1]);
const DELIMITER = Buffer.from([2]);

export interface EncryptOptions {
  /** Test seam: the application server's ephemeral key pair (RFC 8291 Appendix A). */
  serverKeys?: ECDH;
  /** Test seam: the 16-byte salt. */
  salt?: Buffer;
}

function hmac(key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac('sha256', key);
  for (const part of parts) h.update(part);
  return h.digest();
}

/**
 * Encrypts `plaintext` for one subscription. Throws when the UA key is not a point on P-256 (ECDH refuses it):
 * the caller treats that as a dead subscription.
 */
export function encryptWebPushPayload(plaintext: Buffer, uaPublic: Buffer, authSecret: Buffer, o: EncryptOptions = {}): Buffer {
  if (plaintext.length > WEBPUSH_MAX_PLAINTEXT_BYTES) throw new RangeError(`plaintext is ${plaintext.length} bytes, more than ${WEBPUSH_MAX_PLAINTEXT_BYTES}`);
  let server = o.serverKeys;
  if (server === undefined) {
    server = createECDH('prime256v1');
    server.generateKeys();
  }
  const asPublic = server.getPublicKey();
  const ecdhSecret = server.computeSecret(uaPublic);
  const salt = o.salt ?? randomBytes(16);

  const prkKey = hmac(authSecret, ecdhSecret);
  const ikm = hmac(prkKey, KEY_INFO, uaPublic, asPublic, ONE);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, CEK_INFO).subarray(0, 16);
  const nonce = hmac(prk, NONCE_INFO).subarray(0, 12);

  const body = Buffer.allocUnsafe(WEBPUSH_HEADER_BYTES + plaintext.length + 1 + TAG_BYTES);
  salt.copy(body, 0);
  body.writeUInt32BE(WEBPUSH_RECORD_SIZE, 16);
  body[20] = asPublic.length;
  asPublic.copy(body, 21);
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  let at = WEBPUSH_HEADER_BYTES;
  at += cipher.update(plaintext).copy(body, at);
  at += cipher.update(DELIMITER).copy(body, at);
  at += cipher.final().copy(body, at);
  cipher.getAuthTag().copy(body, at);
  return body;
}
