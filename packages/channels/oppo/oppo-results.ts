/**
 * What the channel does with each OPPO Push return code, kept as data. Public codes: OPPO
 * "调用地址，公共参数和返回码" (✅ vendor-push-protocols.md §5.3, stored copy read); 10000 "Invalid
 * Registration_id" is the one business code OPPO documents for unicast and unicast_batch (✅ 单点推送 page,
 * stored copy read), returned as the top-level `code` of a unicast and as an item's `errorCode` in a batch.
 * The actions are Herald's reading of them (⚠️ OPPO suggests none).
 */

export type OppoAction =
  | 'retry'
  /** The daily message limit is spent: retry after midnight, China time. */
  | 'daily-quota'
  /** The auth_token is not (or no longer) valid: fetch a new one and resend once. */
  | 'refresh-token'
  /** The registration id is dead: unbind it. */
  | 'reject'
  | 'fail'
  | 'fail-channel';

export interface OppoResultEntry {
  name: string;
  action: OppoAction;
  baseDelayMs?: number;
}

const retry = (name: string, baseDelayMs = 1000): OppoResultEntry => ({ name, action: 'retry', baseDelayMs });
const fail = (name: string): OppoResultEntry => ({ name, action: 'fail' });
const failChannel = (name: string): OppoResultEntry => ({ name, action: 'fail-channel' });

export const OPPO_RESULTS: Readonly<Record<number, OppoResultEntry>> = {
  [-2]: retry('ServiceInFlowControl'),
  [-1]: retry('ServiceCurrentlyUnavailable'),
  11: { name: 'InvalidAuthToken', action: 'refresh-token' },
  12: fail('HttpActionNotAllowed'),
  13: retry('AppCallLimited', 5000),
  14: failChannel('InvalidAppKey'),
  15: failChannel('MissingAppKey'),
  16: failChannel('InvalidSignature'),
  17: failChannel('MissingSignature'),
  18: failChannel('MissingTimestamp'),
  // The timestamp is checked to ±10 minutes: this host's clock is off, which no retry fixes.
  19: failChannel('InvalidTimestamp'),
  20: fail('InvalidMethod'),
  21: fail('MissingMethod'),
  22: fail('MissingVersion'),
  23: fail('InvalidVersion'),
  24: fail('UnsupportedVersion'),
  25: fail('InvalidEncoding'),
  26: failChannel('IpBlackList'),
  27: failChannel('AccessDenied'),
  28: failChannel('AppDisabled'),
  29: { name: 'MissingAuthToken', action: 'refresh-token' },
  30: failChannel('ApiPermissionDenied'),
  31: fail('DataNotExist'),
  32: fail('DataDuplicate'),
  33: { name: 'DailyLimitExceeded', action: 'daily-quota' },
  34: fail('PictureDailyLimitExceeded'),
  40: fail('MissingRequiredArguments'),
  41: fail('InvalidArguments'),
  51: fail('InvalidPicture'),
  55: retry('AppCallFrequencyLimit', 5000),
  59: fail('SecondaryActionPermissionDenied'),
  67: fail('CategoryError'),
  10000: { name: 'InvalidRegistrationId', action: 'reject' },
};

export function oppoResultEntry(code: number): OppoResultEntry {
  return OPPO_RESULTS[code] ?? { name: `Code${code}`, action: 'fail' };
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds until the next midnight in China (UTC+8), when OPPO's daily limits reset (⚠️ assumed). */
export function msUntilChinaMidnight(now: number): number {
  return DAY_MS - ((now + CHINA_OFFSET_MS) % DAY_MS);
}
