/**
 * The browser side of RFC 8291: decrypts an `aes128gcm` push body (RFC 8188 header + one record) with the
 * subscription's private key and auth secret. Written apart from the channel's encryptor on purpose, so a
 * mistake in one is not mirrored by the other; both are checked against the RFC 8291 Appendix A vector.
 */
import { createDecipheriv, createHmac, type ECDH } from 'node:crypto';

export interface Aes128gcmHeader {
  salt: Buffer;
  rs: number;
  /** The application server's ephemeral public key (RFC 8291 §4: the whole keyid). */
  keyId: Buffer;
  /** Offset of the record. */
  headerLength: number;
}

export class WebPushDecryptError extends Error {
  override readonly name = 'WebPushDecryptError';
}

const TAG = 16;

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function readAes128gcmHeader(body: Buffer): Aes128gcmHeader {
  if (body.length < 21) throw new WebPushDecryptError('body shorter than the aes128gcm header');
  const idlen = body[20]!;
  const headerLength = 21 + idlen;
  if (body.length < headerLength) throw new WebPushDecryptError('body shorter than its keyid');
  return { salt: body.subarray(0, 16), rs: body.readUInt32BE(16), keyId: body.subarray(21, headerLength), headerLength };
}

/** The plaintext of `body`; throws WebPushDecryptError with the reason a browser would drop it. */
export function decryptAes128gcm(body: Buffer, uaKeys: ECDH, authSecret: Buffer): Buffer {
  const header = readAes128gcmHeader(body);
  if (header.keyId.length !== 65 || header.keyId[0] !== 0x04) throw new WebPushDecryptError('keyid is not an uncompressed P-256 key (RFC 8291 §4)');
  if (header.rs < 18) throw new WebPushDecryptError('rs is below 18 (RFC 8188 §2.1)');
  const record = body.subarray(header.headerLength);
  if (record.length < TAG + 1) throw new WebPushDecryptError('record shorter than its tag');
  // RFC 8291 §4: exactly one record, so the record must fit in rs.
  if (record.length > header.rs) throw new WebPushDecryptError('more than one record (RFC 8291 §4 allows one)');

  let secret: Buffer;
  try {
    secret = uaKeys.computeSecret(header.keyId);
  } catch {
    throw new WebPushDecryptError('keyid is not a point on P-256');
  }
  const uaPublic = uaKeys.getPublicKey();
  const prkKey = hmac(authSecret, secret);
  const ikm = hmac(prkKey, Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, header.keyId, Buffer.from([1])]));
  const prk = hmac(header.salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);

  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - TAG));
  let padded: Buffer;
  try {
    padded = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG)), decipher.final()]);
  } catch {
    throw new WebPushDecryptError('authentication tag mismatch (wrong keys or a damaged body)');
  }
  // RFC 8188 §2: plaintext, then a delimiter (2 for the last record), then zeros.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 2) throw new WebPushDecryptError('last record does not end with the 0x02 delimiter');
  return padded.subarray(0, end);
}
