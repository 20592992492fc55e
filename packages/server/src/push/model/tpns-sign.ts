/**
 * TPNS signature authentication (tencentcloud.com/document/product/1024/34213):
 * Sign = Base64( lowercase hex( HMAC-SHA256(key = SecretKey, msg = TimeStamp + AccessId + raw body) ) ).
 * Base64 is applied to the hex string, not to the digest; the body is the exact bytes received.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../crypto/constant-time-equal.ts';

/** Computes the `Sign` header for a request. */
export function tpnsSign(secretKey: string, timestamp: string | number, accessId: string | number, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secretKey);
  hmac.update(`${timestamp}${accessId}`, 'utf8');
  hmac.update(rawBody);
  return Buffer.from(hmac.digest('hex'), 'utf8').toString('base64');
}

/** Checks a received `Sign` header in constant time (for equal-length inputs). */
export function verifyTpnsSign(
  secretKey: string,
  timestamp: string | number,
  accessId: string | number,
  rawBody: Buffer | string,
  sign: string,
): boolean {
  return constantTimeEqual(sign, tpnsSign(secretKey, timestamp, accessId, rawBody));
}
