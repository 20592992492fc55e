/**
 * What the channel does with each Mi Push result code, kept as data. Codes and meanings: Xiaomi
 * "服务端错误码参考" (dev.mi.com pId=1560, ✅ via vendor-push-protocols.md §4.3). The actions are Herald's
 * reading of them (⚠️ Xiaomi suggests none). Two facts come from captured responses in public clients (🔎):
 * a wrong AppSecret answers `{"result":"error","code":21301,"description":"认证失败","reason":"Invalid application
 * secret."}`, and a request whose every regId is invalid answers `{"result":"error","code":20301,
 * "reason":"No valid targets!"}` while partly invalid requests succeed with `data.bad_regids`.
 */

export type XiaomiAction =
  /** Transient: retry after a backoff (or Retry-After). */
  | 'retry'
  /** The app's daily quota is spent: retry after midnight, China time. */
  | 'daily-quota'
  /** The request's every regId is invalid: unbind them. */
  | 'reject-all'
  /** One device is illegal: unbind it when the request had one regId, else resend each regId alone. */
  | 'reject-or-split'
  /** Will not succeed as sent (message content or shape). */
  | 'fail'
  /** Credential or app configuration: every send of this app fails, trip the breaker. */
  | 'fail-channel';

export interface XiaomiResultEntry {
  name: string;
  action: XiaomiAction;
  /** Backoff base for `retry` when no Retry-After came. */
  baseDelayMs?: number;
}

const retry = (name: string, baseDelayMs = 1000): XiaomiResultEntry => ({ name, action: 'retry', baseDelayMs });
const fail = (name: string): XiaomiResultEntry => ({ name, action: 'fail' });
const failChannel = (name: string): XiaomiResultEntry => ({ name, action: 'fail-channel' });

export const XIAOMI_RESULTS: Readonly<Record<number, XiaomiResultEntry>> = {
  [-1]: retry('UnknownError'),
  1: retry('InternalError'),
  10001: retry('SystemError'),
  10002: retry('SystemBusy'),
  10003: retry('RemoteServiceError'),
  10008: fail('ParameterError'),
  10012: fail('IllegalRequest'),
  10016: fail('MissingParameter'),
  10017: fail('IllegalParameterValue'),
  10027: retry('TooManyRequests', 5000),
  10029: { name: 'IllegalDevice', action: 'reject-or-split' },
  10030: retry('InvalidRegIdQueryTooFrequent', 60_000),
  10031: failChannel('AppBlacklisted'),
  10034: { name: 'DailyQuotaExceeded', action: 'daily-quota' },
  10036: failChannel('AppOperationForbidden'),
  // "Request expired": a clock or queueing delay on the way; a fresh request goes through.
  10037: retry('RequestExpired'),
  20301: retry('SendFailed'),
  21301: failChannel('AuthenticationFailed'),
  21302: failChannel('TokenAuthenticationFailed'),
  21303: failChannel('RestrictedRequest'),
  21305: fail('MissingRequiredParameter'),
  22000: failChannel('IllegalApp'),
  22006: failChannel('InvalidAppId'),
  22007: failChannel('InvalidAppKey'),
  22022: failChannel('InvalidPackageName'),
  22102: retry('AppNotificationSendFailed'),
  26004: retry('BroadcastTooFrequent', 60_000),
  26006: failChannel('ReviewRequired'),
  27001: fail('ChannelMismatch'),
  // "Device not found (usually offline)": not proof the regId is dead.
  65003: retry('DeviceNotFound', 60_000),
  65009: fail('ContentTooLong'),
  65014: fail('TooManyExtras'),
  65015: fail('ExtrasTooLong'),
  65036: fail('CallbackParamTooLong'),
  65037: fail('CallbackUrlTooLong'),
  65038: fail('IllegalCallbackUrl'),
};

const NO_VALID_TARGETS = /no valid targets/i;

/** The entry for a result; unknown codes fail without tripping the breaker. */
export function xiaomiResultEntry(code: number, reason: string | undefined): XiaomiResultEntry {
  if (code === 20301 && reason !== undefined && NO_VALID_TARGETS.test(reason)) return { name: 'NoValidTargets', action: 'reject-all' };
  return XIAOMI_RESULTS[code] ?? { name: `Code${code}`, action: 'fail' };
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds until the next midnight in China (UTC+8), when Mi Push resets daily quotas. */
export function msUntilChinaMidnight(now: number): number {
  const local = now + CHINA_OFFSET_MS;
  return DAY_MS - (local % DAY_MS);
}
