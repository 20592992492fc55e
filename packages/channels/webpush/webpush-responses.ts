/**
 * What the channel does with each push-service answer, kept as data. Sources (vendor-push-protocols.md §8.3):
 * RFC 8030 §5 (201 Created), §7.3 (404 for an expired subscription); RFC 8292 §4.2 (401 missing VAPID on a
 * restricted subscription, 403 invalid VAPID); Mozilla autopush error codes (404 errno 102 and 410 errno
 * 103/105/106: never use the URL again; 413 errno 104; 429; 5xx with backoff); UnifiedPush SERV_1.2.0 (any 2xx
 * counts as 201, redirects MUST NOT be followed, 429 limits are per endpoint).
 * 400/401/403 are Herald's own requests or VAPID key being wrong, the same for every subscription: they trip
 * the breaker, and the subscription is kept (Apple answers 403 BadJwtToken for every JWT problem).
 */
import { STATUS_CODES } from 'node:http';

export type WebPushAction =
  /** Accepted by the push service. */
  | 'deliver'
  /** The subscription is dead: unbind it. */
  | 'reject'
  /** Try again after Retry-After, or with backoff. */
  | 'retry'
  /** Will not succeed as sent. */
  | 'fail'
  /** VAPID or request-building problem shared by every send of the app: trip the breaker. */
  | 'fail-channel';

export interface WebPushVerdict {
  action: WebPushAction;
  label: string;
  /** Retry delay before exponential growth when no Retry-After came (retry only). */
  baseDelayMs?: number;
}

const BY_STATUS: Readonly<Record<number, WebPushVerdict>> = {
  400: { action: 'fail-channel', label: 'BadRequest' },
  401: { action: 'fail-channel', label: 'Unauthorized' },
  403: { action: 'fail-channel', label: 'Forbidden' },
  404: { action: 'reject', label: 'NotFound' },
  410: { action: 'reject', label: 'Gone' },
  413: { action: 'fail', label: 'PayloadTooLarge' },
  429: { action: 'retry', label: 'TooManyRequests', baseDelayMs: 1000 },
  500: { action: 'retry', label: 'InternalServerError', baseDelayMs: 1000 },
  502: { action: 'retry', label: 'BadGateway', baseDelayMs: 1000 },
  503: { action: 'retry', label: 'ServiceUnavailable', baseDelayMs: 1000 },
  504: { action: 'retry', label: 'GatewayTimeout', baseDelayMs: 1000 },
};

export function webPushVerdict(status: number): WebPushVerdict {
  if (status >= 200 && status < 300) return { action: 'deliver', label: 'Created' };
  const known = BY_STATUS[status];
  if (known !== undefined) return known;
  if (status >= 300 && status < 400) return { action: 'fail', label: `Redirect${status}` };
  if (status >= 500) return { action: 'retry', label: `ServerError${status}`, baseDelayMs: 1000 };
  return { action: 'fail', label: `HTTP${status}` };
}

/**
 * A short detail from an error body, for the outcome's reason: Apple's `{"reason"}`, autopush's `{"errno"}`, a
 * `message`, or the first line of a text body (FCM answers VAPID problems in plain text).
 */
export function webPushErrorDetail(body: string | undefined, status: number): string | undefined {
  if (body === undefined) return undefined;
  const text = body.trim();
  if (text === '') return undefined;
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      if (typeof parsed['reason'] === 'string' && parsed['reason'] !== '') return parsed['reason'];
      if (typeof parsed['errno'] === 'number') return `errno${parsed['errno']}`;
      // Google-style `{"error":{"message"}}` (web-push-testing answers this way too).
      const nested = parsed['error'];
      const message = nested !== null && typeof nested === 'object' ? (nested as Record<string, unknown>)['message'] : parsed['message'];
      // A message that only repeats the status line adds nothing to the label.
      if (typeof message === 'string' && message !== '' && message !== STATUS_CODES[status]) return message.slice(0, 120);
      return undefined;
    } catch {
      // Not JSON after all: fall through to the text.
    }
  }
  const line = text.split('\n', 1)[0]!.trim();
  return line === STATUS_CODES[status] ? undefined : line.slice(0, 120);
}
