/**
 * What the channel does with Meizu's answer codes (MEIZUPUSH/PushAPI README, ✅ vendor doc: "Api returnCode定义"
 * and the per-pushId "map部分code定义"). `code` is a string. A 200 answer lists only the pushIds that failed,
 * grouped by code, in `value`; every pushId not listed was accepted.
 */

export type MeizuAction = 'reject' | 'retry' | 'fail' | 'fail-channel';

export interface MeizuCodeEntry {
  action: MeizuAction;
  label: string;
}

/** Codes that answer the whole request. */
export const MEIZU_RETURN_CODES: Readonly<Record<string, MeizuCodeEntry>> = {
  // "其他异常": Meizu's business-rule refusals (e.g. "结束时间不能早于开始时间") come back as 500.
  '500': { action: 'fail', label: 'OtherError' },
  '1001': { action: 'retry', label: 'SystemError' },
  '1003': { action: 'retry', label: 'ServerBusy' },
  '1005': { action: 'fail', label: 'ParameterError' },
  '1006': { action: 'fail-channel', label: 'SignatureInvalid' },
  '110000': { action: 'fail-channel', label: 'AppIdInvalid' },
  '110001': { action: 'fail-channel', label: 'AppKeyInvalid' },
  '110004': { action: 'fail', label: 'ParameterEmpty' },
  '110009': { action: 'fail-channel', label: 'AppBlacklisted' },
  '110010': { action: 'retry', label: 'RateLimited' },
  // Pass-through quota; notifications are not affected.
  '110053': { action: 'fail', label: 'PassThroughLimited' },
};

/** Codes in `value` that name individual pushIds. */
export const MEIZU_PUSH_ID_CODES: Readonly<Record<string, MeizuCodeEntry>> = {
  '201': { action: 'fail', label: 'NoPermission' },
  '501': { action: 'retry', label: 'PushFailedDbError' },
  '513': { action: 'retry', label: 'PushFailed' },
  '518': { action: 'retry', label: 'RateExceeded' },
  '519': { action: 'retry', label: 'Overloaded' },
  // "消息折叠": more than five messages to one device within a minute. Folded, not lost for a retry; sending it
  // again would only fold again, so it fails ⚠️ (Meizu does not say whether folded messages are shown).
  '520': { action: 'fail', label: 'Folded' },
  // pushId not subscribed, or the user turned the app's notifications off.
  '110002': { action: 'reject', label: 'PushIdUnsubscribed' },
  '110003': { action: 'reject', label: 'PushIdInvalid' },
  '110005': { action: 'reject', label: 'AliasUnsubscribed' },
};

export function meizuReturnCode(code: string): MeizuCodeEntry {
  return MEIZU_RETURN_CODES[code] ?? { action: 'fail', label: 'UnknownCode' };
}

export function meizuPushIdCode(code: string): MeizuCodeEntry {
  return MEIZU_PUSH_ID_CODES[code] ?? { action: 'fail', label: 'UnknownCode' };
}
