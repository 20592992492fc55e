export {
  createHuaweiChannel,
  HUAWEI_AUTH_URL,
  HUAWEI_PUSH_URL,
  HUAWEI_TOKEN_PATH,
  type HuaweiChannel,
  type HuaweiChannelOptions,
  type HuaweiFamilyChannelOptions,
} from './huawei-channel.ts';
export { parseHuaweiCredential, huaweiClientId, type HuaweiCredential } from './huawei-credential.ts';
export { validateHuaweiCredential } from './validate-huawei-credential.ts';
export { HUAWEI_MAX_MESSAGE_BYTES, HUAWEI_MAX_TOKENS, HUAWEI_MAX_TTL_SECONDS } from './huawei-protocol.ts';
export { HUAWEI_RESULT_CODES, resultEntry, statusFallback, type ResultAction, type ResultCodeEntry } from './result-codes.ts';
export { HUAWEI_TEXT_LIMITS, shapeHuaweiText, shapeText, truncateText, type ShapedText, type TextLimits } from './notification-text.ts';
export { HUAWEI_CATEGORIES, type HuaweiClickType, type HuaweiImportance } from './huawei-fields.ts';
export { type CredentialCheck } from './client-credentials-token.ts';
// Building blocks of the Huawei-family engine, used by the Honor channel.
export {
  createHuaweiStyleChannel,
  verdictOf,
  type HuaweiStyleChannel,
  type HuaweiStyleChannelOptions,
  type HuaweiStyleChannelStats,
  type SendVerdict,
  type VendorProtocol,
  type VendorRequest,
} from './huawei-style-channel.ts';
export {
  isObject,
  parseJson,
  remainingTtl,
  shapeNotificationText,
  splitAroundTokens,
  type HuaweiFamilyPrepared,
} from './huawei-protocol.ts';
export { createHttpTransport, headerValue, TransportError, type HttpReply, type HttpRequest, type HttpTransport } from './http-transport.ts';
export { checkClientCredentials, requestClientCredentialsToken, TokenRequestError, type TokenOutcome } from './client-credentials-token.ts';
