/**
 * TPNS limits Herald enforces, in one place. Sources: TPNS push API (tencentcloud.com/document/product/1024/33764),
 * tag API (…/1024/33771), account API (…/1024/33772), product limits, and reference/tpns-and-im-offline-push.md §1.
 */

/** At most this many tokens or accounts in one /v3/push/app call. */
export const MAX_PUSH_TARGETS = 1000;
/** Herald push tokens are exactly this long; TPNS rejects longer tokens. */
export const TOKEN_LENGTH = 36;
/** An account may be bound to at most this many tokens. */
export const MAX_TOKENS_PER_ACCOUNT = 100;
/** Custom tags per app. */
export const MAX_TAGS_PER_APP = 10_000;
/** Custom tags per token. */
export const MAX_TAGS_PER_TOKEN = 100;
/** A tag is at most this many characters. */
export const MAX_TAG_LENGTH = 50;
/** `token_list` and `tag_list` of /v3/device/tag hold at most this many entries. */
export const MAX_TAG_API_LIST = 500;
/** `tag_token_list` pairs for tag operator_type 9 and 10. */
export const MAX_TAG_TOKEN_PAIRS = 20;
/** `token_accounts` entries per /v3/device/account/batchoperate call (operator_type 1–3). */
export const MAX_ACCOUNT_BATCH_TOKENS = 20;
/**
 * Account length. TPNS documents 2–100 characters for account packages only; the REST APIs state no minimum,
 * so they accept 1–100 (an IM user ID may be a single character).
 */
export const MAX_ACCOUNT_LENGTH = 100;
export const MIN_ACCOUNT_LENGTH_API = 1;
export const MIN_ACCOUNT_LENGTH_PACKAGE = 2;
/** The legacy `tag_list` push field, serialised, is at most 512 characters. */
export const MAX_LEGACY_TAG_LIST_CHARS = 512;
/** The serialised `message` object, and the final APNs payload, are at most 4 KB. */
export const MAX_MESSAGE_BYTES = 4096;
export const MAX_APNS_PAYLOAD_BYTES = 4096;
/** Apple: a VoIP payload may take 5120 bytes. */
export const MAX_APNS_VOIP_PAYLOAD_BYTES = 5120;
/** expire_time: default, the floor non-zero values are raised to, and the maximum (72 h). */
export const EXPIRE_TIME_DEFAULT = 86_400;
export const EXPIRE_TIME_FLOOR = 800;
export const EXPIRE_TIME_MAX = 259_200;
/** push_speed bounds, pushes per second. */
export const PUSH_SPEED_MIN = 1000;
export const PUSH_SPEED_MAX = 50_000;
/** send_time and loop_param dates may be at most this many days ahead. */
export const MAX_SCHEDULE_DAYS = 90;
export const MAX_SCHEDULE_MS = MAX_SCHEDULE_DAYS * 86_400_000;
/** add_plan_push field lengths. */
export const MAX_PLAN_NAME_LENGTH = 60;
export const MAX_PLAN_DESCRIBE_LENGTH = 300;
/** get_push_record page size. */
export const MAX_RECORD_LIMIT = 200;

/** TPNS account types: 0 default, 1–16 custom, 991–1015 the predefined types (account-type table, 1024/40598). */
export function isValidAccountType(value: number): boolean {
  return Number.isInteger(value) && ((value >= 0 && value <= 16) || (value >= 991 && value <= 1015));
}
