/**
 * APNs error reasons and their HTTP status, from Apple's "Handling notification responses from APNs"
 * (vendor-push-protocols.md §1.7). `Unregistered` additionally carries `timestamp` (ms) in the body.
 */
export const APNS_REASON_STATUS = {
  BadCollapseId: 400,
  BadDeviceToken: 400,
  BadExpirationDate: 400,
  BadMessageId: 400,
  BadPriority: 400,
  BadTopic: 400,
  DeviceTokenNotForTopic: 400,
  DuplicateHeaders: 400,
  IdleTimeout: 400,
  InvalidPushType: 400,
  MissingDeviceToken: 400,
  MissingTopic: 400,
  PayloadEmpty: 400,
  TopicDisallowed: 400,
  BadCertificate: 403,
  BadCertificateEnvironment: 403,
  ExpiredProviderToken: 403,
  Forbidden: 403,
  InvalidProviderToken: 403,
  MissingProviderToken: 403,
  UnrelatedKeyIdInToken: 403,
  BadPath: 404,
  MethodNotAllowed: 405,
  ExpiredToken: 410,
  Unregistered: 410,
  PayloadTooLarge: 413,
  TooManyProviderTokenUpdates: 429,
  TooManyRequests: 429,
  InternalServerError: 500,
  ServiceUnavailable: 503,
  Shutdown: 503,
} as const;

export type ApnsReason = keyof typeof APNS_REASON_STATUS;

/** Bodies for the fixed-shape errors, built once so the reject path allocates nothing per request. */
export const APNS_REASON_BODY: Readonly<Record<ApnsReason, Buffer>> = Object.fromEntries(
  Object.keys(APNS_REASON_STATUS).map((r) => [r, Buffer.from(JSON.stringify({ reason: r }))]),
) as Record<ApnsReason, Buffer>;
