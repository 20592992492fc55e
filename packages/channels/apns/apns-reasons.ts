/**
 * What the channel does with each APNs error reason, kept as data (sygnal's TOKEN_ERRORS style).
 * Source for every entry: Apple, "Handling notification responses from APNs"
 * https://developer.apple.com/documentation/usernotifications/handling-notification-responses-from-apns
 * (vendor-push-protocols.md §1.7). Apple: "Don't retry notification responses with the error code
 * BadDeviceToken, DeviceTokenNotForTopic, Forbidden, ExpiredToken, Unregistered, or PayloadTooLarge."
 */

export type ApnsReasonAction =
  /** The device token is dead for this topic: unbind it. */
  | 'reject'
  /** Retry later with backoff (Retry-After when the server sends one). */
  | 'retry'
  /** The server is going away or dropped the connection: reconnect, then resend once. */
  | 'reconnect'
  /** The provider token expired: mint a new one, then resend once. */
  | 'refresh-token'
  /** Will not succeed as sent; fix the notification. */
  | 'fail'
  /** Credential or configuration problem that affects every send: trip the breaker. */
  | 'fail-channel';

export interface ApnsReasonEntry {
  action: ApnsReasonAction;
  /** Retry delay when the server gives no Retry-After (only for `retry`), before exponential growth. */
  baseDelayMs?: number;
}

export const APNS_REASONS: Readonly<Record<string, ApnsReasonEntry>> = {
  // 400 — collapse id longer than 64 bytes.
  BadCollapseId: { action: 'fail' },
  // 400 — malformed token, or a sandbox token sent to production (or the reverse). Apple: don't retry.
  BadDeviceToken: { action: 'reject' },
  // 400 — apns-expiration is not a valid epoch.
  BadExpirationDate: { action: 'fail' },
  // 400 — apns-id is not a canonical UUID.
  BadMessageId: { action: 'fail' },
  // 400 — apns-priority is not 10, 5 or 1 (or 10 on a background push).
  BadPriority: { action: 'fail' },
  // 400 — apns-topic is invalid: a configuration problem shared by every send of this app.
  BadTopic: { action: 'fail-channel' },
  // 400 — the token belongs to another app or topic. Apple: don't retry; drop the token for this topic.
  DeviceTokenNotForTopic: { action: 'reject' },
  // 400 — a header was sent twice.
  DuplicateHeaders: { action: 'fail' },
  // 400 — the connection sat idle too long: reconnect and resend.
  IdleTimeout: { action: 'reconnect' },
  // 400 — apns-push-type is not one Apple knows.
  InvalidPushType: { action: 'fail' },
  // 400 — no token in :path.
  MissingDeviceToken: { action: 'fail' },
  // 400 — the certificate lists several topics and apns-topic was omitted.
  MissingTopic: { action: 'fail' },
  // 400 — empty body.
  PayloadEmpty: { action: 'fail' },
  // 400 — pushing to this topic is not allowed for the credential.
  TopicDisallowed: { action: 'fail-channel' },
  // 403 — the client certificate is bad.
  BadCertificate: { action: 'fail-channel' },
  // 403 — the certificate is for the other environment.
  BadCertificateEnvironment: { action: 'fail-channel' },
  // 403 — the provider token's iat is older than one hour: mint a new one (allowed even within 20 min).
  ExpiredProviderToken: { action: 'refresh-token' },
  // 403 — the action is not allowed. Apple: don't retry.
  Forbidden: { action: 'fail-channel' },
  // 403 — bad signature, unknown key id or wrong team.
  InvalidProviderToken: { action: 'fail-channel' },
  // 403 — neither a certificate nor an authorization header.
  MissingProviderToken: { action: 'fail-channel' },
  // 403 — the key is unrelated to the one this connection was first used with: open a new connection.
  UnrelatedKeyIdInToken: { action: 'reconnect' },
  // 403 — third-party lists only (not in Apple's current table): the key belongs to the other environment.
  BadEnvironmentKeyIdInToken: { action: 'fail-channel' },
  // 404 — :path is not /3/device/<token>.
  BadPath: { action: 'fail' },
  // 405 — not POST.
  MethodNotAllowed: { action: 'fail' },
  // 410 — the device token expired. Apple: delete it.
  ExpiredToken: { action: 'reject' },
  // 410 — the token is no longer active for the topic. Apple DTS: "irrecoverable and final".
  Unregistered: { action: 'reject' },
  // 413 — payload over 4096 bytes (5120 for VoIP). Apple: don't retry as is.
  PayloadTooLarge: { action: 'fail' },
  // 429 — a new provider token more than once per 20 minutes on one connection: keep the token, wait.
  TooManyProviderTokenUpdates: { action: 'retry', baseDelayMs: 60_000 },
  // 429 — too many pushes to one device token. Apple: "You can retry with a delay."
  TooManyRequests: { action: 'retry', baseDelayMs: 1_000 },
  // 500 — Apple: retry 5xx with backoff.
  InternalServerError: { action: 'retry', baseDelayMs: 1_000 },
  // 503 — Apple: retry 5xx with backoff.
  ServiceUnavailable: { action: 'retry', baseDelayMs: 1_000 },
  // 503 — this APNs server is going away: reconnect (new session) and resend.
  Shutdown: { action: 'reconnect' },
};

/** Reasons APNs has not documented (or none at all) fall back on the status class. */
export function apnsReasonEntry(status: number, reason: string | undefined): ApnsReasonEntry {
  const known = reason === undefined ? undefined : APNS_REASONS[reason];
  if (known !== undefined) return known;
  if (status === 410) return { action: 'reject' };
  if (status === 429 || status >= 500) return { action: 'retry', baseDelayMs: 1_000 };
  if (status === 401 || status === 403) return { action: 'fail-channel' };
  return { action: 'fail' };
}
