export { createWebPushChannel, type WebPushChannel, type WebPushChannelOptions, type WebPushChannelStats } from './webpush-channel.ts';
export {
  generateVapidKeys,
  parseWebPushCredential,
  validateWebPushCredential,
  vapidSigningKey,
  type VapidKeys,
  type WebPushCredentialCheck,
  type WebPushCredential,
} from './vapid-credential.ts';
export { createVapidAuthorizations, signVapidJwt, type VapidAuthorizations, type VapidAuthorizationsOptions, type VapidClaims } from './vapid-token.ts';
export {
  parseWebPushSubscription,
  parseWebPushEndpoint,
  decodeWebPushVendorToken,
  webPushVendorToken,
  WEBPUSH_MAX_ENDPOINT_LENGTH,
  type WebPushSubscription,
  type DecodedWebPushSubscription,
  type ParseWebPushSubscriptionOptions,
} from './webpush-subscription.ts';
export {
  encryptWebPushPayload,
  WEBPUSH_MAX_PLAINTEXT_BYTES,
  WEBPUSH_RECORD_SIZE,
  WEBPUSH_HEADER_BYTES,
  type EncryptOptions,
} from './webpush-encryption.ts';
export {
  webPushTopic,
  webPushTtl,
  isWebPushUrgency,
  WEBPUSH_URGENCIES,
  WEBPUSH_MAX_TTL_SECONDS,
  WEBPUSH_DEFAULT_TTL_SECONDS,
  type WebPushNotification,
  type WebPushUrgency,
} from './webpush-headers.ts';
export { webPushVerdict, webPushErrorDetail, type WebPushAction, type WebPushVerdict } from './webpush-responses.ts';
export { shapeWebPushText, WEBPUSH_TEXT_LIMITS, type ShapedWebPushText } from './webpush-text.ts';
export { createWebPushTransport, type WebPushTransport, type WebPushTransportOptions, type WebPushResponse } from './webpush-transport.ts';
export { probeUnifiedPushEndpoint, type UnifiedPushProbeOptions } from './unifiedpush-probe.ts';
