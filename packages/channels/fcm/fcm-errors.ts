/**
 * What the FCM channel does with each error FCM returns. Sources (vendor-push-protocols.md §2.4):
 * - FCM ErrorCode reference, https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode (✅, read here with the
 *   HTTP status of each code: INVALID_ARGUMENT 400, THIRD_PARTY_AUTH_ERROR 401, SENDER_ID_MISMATCH 403,
 *   UNREGISTERED 404, QUOTA_EXCEEDED 429, INTERNAL 500, UNAVAILABLE 503);
 * - FCM error codes page, https://firebase.google.com/docs/cloud-messaging/error-codes (✅, the two sample bodies:
 *   a bad data value carries google.rpc.BadRequest, a bad registration token carries only FcmError with the message
 *   "The registration token is not a valid FCM registration token");
 * - captured real bodies (🔎): a bad token may also come as BadRequest with field "message.token", and a payload
 *   over the limit as a bare 400 INVALID_ARGUMENT without details.
 * Issue 4 decides SENDER_ID_MISMATCH: the credential belongs to another sender, so the breaker trips, although
 * Google's own advice for a single token is to drop it.
 */

export type FcmErrorAction =
  /** The token is dead: unbind it. */
  | 'reject'
  /** Retry later (Retry-After when sent, else backoff from `baseDelayMs`). */
  | 'retry'
  /** The access token was refused: fetch a new one and resend once. */
  | 'refresh-token'
  /** This message will not succeed as sent. */
  | 'fail'
  /** Credential or configuration problem affecting every send: trip the breaker. */
  | 'fail-channel';

export interface FcmErrorInfo {
  status: number;
  /** `error.status`, the google.rpc canonical code (INVALID_ARGUMENT, NOT_FOUND, …). */
  canonical: string | undefined;
  /** FcmError `errorCode` from `error.details`. */
  errorCode: string | undefined;
  message: string | undefined;
  /** BadRequest field violations. */
  fields: string[];
}

export interface FcmErrorVerdict {
  action: FcmErrorAction;
  /** Reported as the outcome's reason: the FcmError code when there is one. */
  reason: string;
  baseDelayMs?: number;
}

const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';
/** Project quotas refill within the next minute (Throttling and quotas, ✅). */
const QUOTA_BASE_DELAY_MS = 60_000;
const SERVER_BASE_DELAY_MS = 1_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readFcmError(status: number, body: string): FcmErrorInfo {
  const info: FcmErrorInfo = { status, canonical: undefined, errorCode: undefined, message: undefined, fields: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return info;
  }
  const error = isRecord(parsed) ? parsed['error'] : undefined;
  if (!isRecord(error)) return info;
  if (typeof error['status'] === 'string') info.canonical = error['status'];
  if (typeof error['message'] === 'string') info.message = error['message'];
  const details = Array.isArray(error['details']) ? error['details'] : [];
  for (const d of details) {
    if (!isRecord(d)) continue;
    if (d['@type'] === FCM_ERROR_TYPE && typeof d['errorCode'] === 'string') info.errorCode = d['errorCode'];
    if (d['@type'] === BAD_REQUEST_TYPE && Array.isArray(d['fieldViolations'])) {
      for (const v of d['fieldViolations']) if (isRecord(v) && typeof v['field'] === 'string') info.fields.push(v['field']);
    }
  }
  return info;
}

/** The request's registration token is what FCM objected to. */
function blamesToken(info: FcmErrorInfo): boolean {
  if (info.fields.includes('message.token')) return true;
  return info.message !== undefined && /registration token/i.test(info.message);
}

export function fcmErrorVerdict(info: FcmErrorInfo): FcmErrorVerdict {
  switch (info.errorCode) {
    case 'UNREGISTERED':
      return { action: 'reject', reason: 'UNREGISTERED' };
    case 'INVALID_ARGUMENT':
      return blamesToken(info) ? { action: 'reject', reason: 'INVALID_ARGUMENT' } : { action: 'fail', reason: 'INVALID_ARGUMENT' };
    case 'SENDER_ID_MISMATCH':
    case 'THIRD_PARTY_AUTH_ERROR':
    case 'APNS_AUTH_ERROR':
      return { action: 'fail-channel', reason: info.errorCode };
    case 'QUOTA_EXCEEDED':
      return { action: 'retry', reason: 'QUOTA_EXCEEDED', baseDelayMs: QUOTA_BASE_DELAY_MS };
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return { action: 'retry', reason: info.errorCode, baseDelayMs: SERVER_BASE_DELAY_MS };
    default:
      break;
  }
  // No FcmError detail: fall back on the HTTP status and the google.rpc status.
  const reason = info.canonical ?? `HTTP${info.status}`;
  if (info.status === 400) return blamesToken(info) ? { action: 'reject', reason } : { action: 'fail', reason };
  if (info.status === 401) return { action: 'refresh-token', reason };
  // PERMISSION_DENIED (the account may not send for this project, or the API is off), NOT_FOUND (no such project).
  if (info.status === 403 || info.status === 404) return { action: 'fail-channel', reason };
  if (info.status === 429) return { action: 'retry', reason, baseDelayMs: QUOTA_BASE_DELAY_MS };
  if (info.status >= 500) return { action: 'retry', reason, baseDelayMs: SERVER_BASE_DELAY_MS };
  return { action: 'fail', reason };
}
