export { createApnsChannel, type ApnsChannel, type ApnsChannelOptions, type ApnsChannelStats } from './apns-channel.ts';
export {
  parseP12,
  parseP8,
  checkCertificateForApp,
  type ApnsCredential,
  type ApnsCertificateInfo,
  type ApnsCertEnvironment,
} from './apns-credentials.ts';
export {
  createApnsProviderTokens,
  type ApnsProviderTokens,
  type ApnsProviderToken,
  type ApnsProviderTokensOptions,
  type ApnsTokenKey,
} from './apns-provider-tokens.ts';
export { APNS_REASONS, apnsReasonEntry, type ApnsReasonAction, type ApnsReasonEntry } from './apns-reasons.ts';
export { apnsTopicFor, apnsPayloadLimit } from './apns-topic.ts';
export { apnsCertificateTopics } from './apns-cert-info.ts';
export { createApnsVoipRouting, type ApnsVoipRoutingOptions } from './apns-voip-channel.ts';
