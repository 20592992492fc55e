/** Meizu's answer codes and texts (MEIZUPUSH/PushAPI README, "Api returnCode定义" and the value map table, ✅). */
export const MEIZU_CODES = {
  ok: { code: '200', message: '' },
  other: { code: '500', message: '其他异常' },
  systemError: { code: '1001', message: '系统错误' },
  busy: { code: '1003', message: '服务器忙' },
  paramError: { code: '1005', message: '参数错误，请参考API文档' },
  signInvalid: { code: '1006', message: '签名认证失败' },
  appIdInvalid: { code: '110000', message: 'appId不合法' },
  appKeyInvalid: { code: '110001', message: 'appKey不合法' },
  paramEmpty: { code: '110004', message: '参数不能为空' },
  blacklisted: { code: '110009', message: '应用被加入黑名单' },
  rateLimited: { code: '110010', message: '应用请求频率超过限制' },
} as const;

/** Per-pushId codes in `value`. */
export const MEIZU_VALUE_CODES = {
  unsubscribed: '110002',
  invalid: '110003',
  folded: '520',
} as const;

export type MeizuCode = { readonly code: string; readonly message: string };
