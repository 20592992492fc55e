/**
 * What the channel does with each vivo send `result`, kept as data. Marks as in vendor-push-protocols.md:
 * ✅ vivo server API doc v2.9.2 (copies at applebyme.cn, yimenapp.com, ov.liuad.com; its "推送超量说明" and the
 *    10302 example), 🔎 third-party clients (xxgail/PushSDK `vivo_push.go`; a Go push gateway whose comment
 *    names 10302/10071/10070/10073 "regId不合法和发送超出时间限制, 运营消息总量超出, 系统消息总量超出"), 🔎 TPNS
 *    PHP SDK note on `vivo_category` ("若传入错误无效的值…返回错误码10096"). ⚠️ marks codes whose number or text
 *    was not found in any source; their action follows from the description.
 */

export type VivoResultAction =
  /** The target itself is dead: unbind it. */
  | 'reject'
  /** The auth token was refused: fetch a new one and resend once. */
  | 'refresh-token'
  /** Transient: retry with backoff (Retry-After when sent). */
  | 'retry'
  /** A daily quota is used up: vivo asks for no more calls today, so retry after midnight Beijing time. */
  | 'retry-next-day'
  /** An operation message outside 07:00–23:00 Beijing time: retry at 07:00. */
  | 'retry-at-push-hours'
  /** This notification will not succeed as sent. */
  | 'fail'
  /** Credential or account configuration: every send of this app fails; trip the breaker. */
  | 'fail-channel';

export interface VivoResultEntry {
  action: VivoResultAction;
  label: string;
}

export const VIVO_RESULTS: Readonly<Record<number, VivoResultEntry>> = {
  // ✅/🔎 "权限认证失败": the authToken is unknown or expired.
  10000: { action: 'refresh-token', label: 'AuthTokenInvalid' },
  // 🔎 a gateway retries it (NEED_RETRY); its text was not found ⚠️.
  10040: { action: 'retry', label: 'TryAgain' },
  // 🔎 "alias和regId不能为空".
  10050: { action: 'fail', label: 'TargetMissing' },
  // 🔎 "暂不支持该消息类型".
  10051: { action: 'fail', label: 'MessageTypeUnsupported' },
  // 🔎 "notifyType不合法".
  10054: { action: 'fail', label: 'NotifyTypeInvalid' },
  // 🔎 "title不能为空".
  10055: { action: 'fail', label: 'TitleEmpty' },
  // 🔎 "title不能超过40个字符串".
  10056: { action: 'fail', label: 'TitleTooLong' },
  // ⚠️ content empty / too long: numbers follow the title pair.
  10057: { action: 'fail', label: 'ContentEmpty' },
  10058: { action: 'fail', label: 'ContentTooLong' },
  // ✅ "发送总量超出限制" (operation messages): "当天不要调用".
  10070: { action: 'retry-next-day', label: 'OperationQuotaExceeded' },
  // 🔎 "发送超出时间限制": an operation message between 23:00 and 07:00.
  10071: { action: 'retry-at-push-hours', label: 'OutsidePushHours' },
  // 🔎 "发送速度过快".
  10072: { action: 'retry', label: 'SendingTooFast' },
  // 🔎 system messages' daily total used up.
  10073: { action: 'retry-next-day', label: 'SystemQuotaExceeded' },
  // ✅ the body's appId is not the one the authToken was issued to.
  10094: { action: 'fail-channel', label: 'AppIdMismatch' },
  // 🔎 `category` is not one of vivo's values (or not granted to the app).
  10096: { action: 'fail', label: 'CategoryInvalid' },
  // ✅ "批量发送消息体超出限制" (saveListPayload daily count): "当天不要调用".
  10252: { action: 'retry-next-day', label: 'ListPayloadQuotaExceeded' },
  // ✅ "regId不合法", with `invalidUser` naming the target.
  10302: { action: 'reject', label: 'RegIdInvalid' },
};

/**
 * `invalidUser.status` / `invalidUsers[].status` (🔎 modood/pushapi, from vivo's doc): 1 no such user,
 * 2 uninstalled or notifications turned off, 3 not online for 90 days, 4 not a test device (test push only —
 * the device is fine, the push mode is wrong).
 */
export function vivoInvalidUser(status: number): { action: 'reject' | 'fail'; label: string } {
  switch (status) {
    case 1:
      return { action: 'reject', label: 'UserNotFound' };
    case 2:
      return { action: 'reject', label: 'UninstalledOrNotificationsOff' };
    case 3:
      return { action: 'reject', label: 'InactiveFor90Days' };
    case 4:
      return { action: 'fail', label: 'NotATestDevice' };
    default:
      return { action: 'fail', label: `InvalidUserStatus${status}` };
  }
}

/** Results vivo has not documented fail the notification without touching the token. */
export function vivoResultEntry(result: number): VivoResultEntry {
  return VIVO_RESULTS[result] ?? { action: 'fail', label: 'UnknownResult' };
}
