/**
 * The `result` codes and `desc` texts the emulator answers with. Texts marked ✅ are vivo's own (server API doc
 * v2.9.2 copies); 🔎 come from third-party clients quoting vivo; ⚠️ codes or texts were not found anywhere and
 * are the emulator's stand-ins, kept in this one table so they are easy to correct.
 */
export const VIVO_OK = { result: 0, desc: '请求成功' } as const; // ✅

export const VIVO_CODES = {
  authFailed: { result: 10000, desc: '权限认证失败' }, // 🔎 code; ⚠️ text
  targetMissing: { result: 10050, desc: 'alias和regId不能为空' }, // 🔎
  notifyTypeInvalid: { result: 10054, desc: 'notifyType不合法' }, // 🔎
  titleEmpty: { result: 10055, desc: 'title不能为空' }, // 🔎
  titleTooLong: { result: 10056, desc: 'title不能超过40个字符串' }, // 🔎
  contentEmpty: { result: 10057, desc: 'content不能为空' }, // ⚠️
  contentTooLong: { result: 10058, desc: 'content不能超过100个字符串' }, // ⚠️
  skipTypeInvalid: { result: 10059, desc: 'skipType不合法' }, // ⚠️
  skipContentInvalid: { result: 10061, desc: 'skipContent不合法' }, // ⚠️
  timeToLiveInvalid: { result: 10062, desc: 'timeToLive不合法' }, // ⚠️
  requestIdInvalid: { result: 10063, desc: 'requestId不合法' }, // ⚠️
  clientCustomMapInvalid: { result: 10065, desc: 'clientCustomMap不合法' }, // ⚠️
  classificationInvalid: { result: 10066, desc: 'classification不合法' }, // ⚠️
  networkTypeInvalid: { result: 10067, desc: 'networkType不合法' }, // ⚠️
  extraInvalid: { result: 10068, desc: 'extra不合法' }, // ⚠️
  pushModeInvalid: { result: 10069, desc: 'pushMode不合法' }, // ⚠️
  operationQuota: { result: 10070, desc: '发送总量超出限制' }, // ✅
  outsidePushHours: { result: 10071, desc: '发送超出时间限制' }, // 🔎 meaning; ⚠️ exact text
  systemQuota: { result: 10073, desc: '系统消息发送总量超出限制' }, // 🔎 meaning; ⚠️ exact text
  appIdMismatch: { result: 10094, desc: 'appId与鉴权信息不一致' }, // ✅ code; ⚠️ text
  categoryInvalid: { result: 10096, desc: 'category不合法' }, // 🔎 code; ⚠️ text
  appIdEmpty: { result: 10200, desc: 'appId不能为空' }, // ✅
  appKeyEmpty: { result: 10201, desc: 'appKey不能为空' }, // ✅
  appKeyInvalid: { result: 10202, desc: 'appKey不合法' }, // 🔎
  timestampEmpty: { result: 10203, desc: 'timestamp不能为空' }, // 🔎
  signEmpty: { result: 10204, desc: 'sign不能为空' }, // 🔎
  appIdNotFound: { result: 10205, desc: 'appId不存在' }, // 🔎
  signInvalid: { result: 10206, desc: 'sign不正确' }, // 🔎 code; ⚠️ text
  timestampInvalid: { result: 10207, desc: 'timestamp不合法' }, // 🔎 code; ⚠️ text
  authRateExceeded: { result: 10250, desc: '超出调用频率限制' }, // 🔎 code; ⚠️ text
  listPayloadQuota: { result: 10252, desc: '批量发送消息体超出限制' }, // ✅
  taskIdInvalid: { result: 10300, desc: 'taskId不合法' }, // ⚠️
  regIdsCountInvalid: { result: 10301, desc: 'regIds个数必须大于等于2,小于等于1000' }, // ⚠️ code; text from vivo's field note
  regIdInvalid: { result: 10302, desc: 'regId不合法' }, // ✅
} as const;

export type VivoCode = { readonly result: number; readonly desc: string };

/** vivo's body for HTTP 500 (✅ "http status 500: Internet server error!"). */
export const VIVO_HTTP_ERROR_TEXT = 'Internet server error!';
