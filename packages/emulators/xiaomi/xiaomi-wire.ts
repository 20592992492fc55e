/**
 * Mi Push response bodies. Shapes from captured responses in public clients (🔎):
 *   ok:    {"result":"ok","trace_id":"Xcm…","code":0,"data":{"id":"acm…"},"description":"成功","info":"Received push messages for 1 REGID"}
 *   error: {"result":"error","trace_id":"Xcm…","code":21301,"description":"认证失败","reason":"Invalid application secret."}
 *          {"result":"error","reason":"No valid targets!","trace_id":"Xcm…","code":20301,"description":"发送消息失败"}
 * Only those three descriptions were seen; the others are Herald's wording of the code table (pId=1560).
 */
import { randomBytes } from 'node:crypto';

const DESCRIPTIONS: Record<number, string> = {
  [-1]: '未知错误',
  10002: '系统繁忙',
  10012: '非法请求',
  10016: '缺失必选参数',
  10017: '非法的参数值',
  10027: '接口调用过于频繁',
  10029: '非法设备',
  10034: '当日发送消息数量超过限制',
  20301: '发送消息失败',
  21301: '认证失败',
  22022: '非法的包名',
  27001: 'channel信息不匹配',
  65009: '消息内容过长',
  65014: 'extra键值对数量过多',
  65015: 'extra内容过长',
  65036: 'callback参数过长',
  65037: 'callback地址过长',
  65038: 'callback地址非法',
};

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Xiaomi ids look like `Xcm04b25474860887543eZ`: a three-letter prefix and 19 characters. */
export function xiaomiId(prefix: string): string {
  const bytes = randomBytes(19);
  let s = prefix;
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}

export function xiaomiError(code: number, reason: string): Record<string, unknown> {
  return { result: 'error', reason, trace_id: xiaomiId('Xcm'), code, description: DESCRIPTIONS[code] ?? '错误' };
}

export function xiaomiOk(data: Record<string, unknown>, info?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { result: 'ok', trace_id: xiaomiId('Xcm'), code: 0, data, description: '成功' };
  if (info !== undefined) body['info'] = info;
  return body;
}
