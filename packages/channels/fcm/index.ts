export { createFcmChannel, FCM_DEFAULT_BASE_URL, type FcmChannel, type FcmChannelOptions, type FcmChannelStats } from './fcm-channel.ts';
export { parseFcmCredential, GOOGLE_TOKEN_URI, type FcmCredential } from './fcm-credentials.ts';
export { validateFcmCredential, type FcmCredentialCheck, type ValidateFcmCredentialOptions } from './validate-fcm-credential.ts';
export { createFcmAccessTokens, FcmAuthError, FCM_SCOPE, type FcmAccessTokens, type FcmAccessTokenOptions } from './fcm-access-token.ts';
export { readFcmError, fcmErrorVerdict, type FcmErrorAction, type FcmErrorInfo, type FcmErrorVerdict } from './fcm-errors.ts';
export { createFcmHttp, type FcmHttp, type FcmHttpOptions } from './fcm-http.ts';
export {
  FCM_MAX_PAYLOAD_BYTES,
  FCM_MAX_TOPIC_PAYLOAD_BYTES,
  FCM_MAX_TTL_SECONDS,
  FCM_TEXT_LIMITS,
  fcmPayloadBytes,
  isReservedFcmDataKey,
  shapeFcmText,
} from './fcm-limits.ts';
