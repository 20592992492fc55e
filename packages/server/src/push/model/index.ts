/**
 * The TPNS request model: schemas, validation and normalisation of /v3 bodies, tag_rules, the APNs payload
 * builder and the TPNS signature. Pure functions, no I/O.
 */
export * from './limits.ts';
export * from './schemas.ts';
export type { Audience, AudienceType, MessageType, PushMessage, PushRequest, IosMessage, AndroidMessage, LoopParam, TpnsChannel, AcceptTimeWindow } from './push-request.ts';
export { normalizePushRequest, type PushRequestContext } from './normalize-push-request.ts';
export { normalizeMessage, type PushPlatform } from './normalize-message.ts';
export { normalizeTagOperation, normalizeTagDeleteAllDevice, type TagOperation } from './normalize-tag-operation.ts';
export { normalizeAccountOperation, normalizeAccountQuery, type AccountOperation, type AccountQuery, type AccountRef } from './normalize-account-operation.ts';
export { normalizePushIdBody } from './normalize-push-id.ts';
export {
  compileTagRules,
  legacyTagListToRules,
  normalizeLegacyTagList,
  normalizeTagRules,
  tagRulesTagNames,
  type AutoTagType,
  type AutoTagValues,
  type LegacyTagList,
  type TagItem,
  type TagOperator,
  type TagPredicate,
  type TagRule,
  type TagSubject,
  type TagType,
} from './tag-rules.ts';
export { autoTagValuesFromDevice, dayStamp, parseLocale, type AutoTagSource } from './auto-tags.ts';
export { parseTpnsDate, parseTpnsDateTime } from './send-time.ts';
export { tpnsSign, verifyTpnsSign } from './tpns-sign.ts';
export { buildApnsNotification, type ApnsBuildOptions, type ApnsBuildResult } from './apns/build-apns-notification.ts';
