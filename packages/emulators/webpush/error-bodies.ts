/**
 * Error answers in Mozilla autopush's shape (autopush error-code doc, vendor-push-protocols.md §8.3 ✅ for the
 * status/errno pairs; the JSON keys are ⚠️ as recalled there):
 *   {"code":404,"errno":102,"error":"Not Found","message":"…","more_info":"…#error-codes"}
 * VAPID refusals carry, as `message`, the text FCM's push service sends for the same fault (Chromium
 * components/gcm_driver/web_push_common.cc lists them), so a reason from either service reads the same.
 */
import { STATUS_CODES } from 'node:http';

export const MORE_INFO = 'http://autopush.readthedocs.io/en/latest/http.html#error-codes';

/** autopush errno per status when a fault does not name one. */
export const DEFAULT_ERRNO: Readonly<Record<number, number>> = {
  400: 110,
  401: 109,
  403: 109,
  404: 102,
  410: 103,
  413: 104,
  500: 999,
  503: 201,
};

export const ERRNO_MESSAGE: Readonly<Record<number, string>> = {
  101: 'Missing necessary crypto keys',
  102: 'Request did not validate, invalid token',
  103: 'Request did not validate, expired token',
  104: 'Data payload too large',
  105: 'Endpoint became unavailable during request',
  106: 'Invalid subscription',
  109: 'Invalid authentication',
  110: 'Invalid crypto keys specified',
  111: 'Missing required header: TTL',
  112: 'Invalid TTL header value',
  113: 'Topic must be no greater than 32 characters and only contain URL and filename safe Base64 characters',
  201: 'Service unavailable, use exponential back-off',
  999: 'Unknown error',
};

/** FCM's texts for VAPID faults (newline dropped). */
export const VAPID_TEXT = {
  missing: 'authorization header must be specified',
  badFormat: 'authorization header had invalid format. authorization header should have the following format: t=jwtToken; k=base64(publicApplicationServerKey)',
  noKey: 'authorization header had no public application server key specified',
  keyEncoding: 'public application server key in authorization header must be base64 encoded in URL and filename safe format.',
  keyLength: 'public key must be 65 bytes long',
  keyFormat: 'public key must be in uncompressed form. (First byte needs to be 0x04)',
  keyCurve: 'VAPID public key must be on the P-256 curve',
  jwt: 'invalid JWT provided',
  aud: 'aud claim in the token MUST include the origin of the push resource URL',
  expMissing: 'exp claim is missing',
  expired: 'token has expired',
  expTooLong: 'exp claim MUST NOT be more than 24 hours from the time of the request',
  sub: 'sub claim must be a mailto: or https: URL that is not localhost (BadJwtToken)',
  keyMismatch: 'the VAPID public key does not match the one the subscription was created with',
} as const;

export interface ErrorAnswer {
  status: number;
  errno: number | undefined;
  message: string;
}

export function errorBody(a: ErrorAnswer): Buffer {
  const body: Record<string, unknown> = { code: a.status };
  if (a.errno !== undefined) body['errno'] = a.errno;
  body['error'] = STATUS_CODES[a.status] ?? 'Error';
  body['message'] = a.message;
  body['more_info'] = MORE_INFO;
  return Buffer.from(JSON.stringify(body));
}

export function answer(status: number, errno?: number, message?: string): ErrorAnswer {
  const e = errno ?? DEFAULT_ERRNO[status];
  return { status, errno: e, message: message ?? (e !== undefined ? ERRNO_MESSAGE[e] : undefined) ?? STATUS_CODES[status] ?? 'Error' };
}
