/**
 * OPPO response bodies: `{code, message, data}` with the English texts of OPPO's public return-code table
 * (✅ "调用地址，公共参数和返回码") and the unicast business code 10000 (✅ 单点推送 page).
 */
import { randomBytes } from 'node:crypto';

export const OPPO_MESSAGES: Readonly<Record<number, string>> = {
  [-2]: 'Service in Flow Control',
  [-1]: 'Service Currently Unavailable',
  0: 'Success',
  11: 'Invalid AuthToken',
  12: 'Http Action Not Allowed',
  13: 'App Call Limited',
  14: 'Invalid App Key',
  15: 'Missing App Key',
  16: 'Invalid Signature',
  17: 'Missing Signature',
  18: 'Missing Timestamp',
  19: 'Invalid Timestamp',
  25: 'Invalid Encoding',
  28: 'App Disabled',
  29: 'Missing Auth Token',
  30: 'Api Permission Denied',
  33: 'The number of messages exceeds the daily limit',
  40: 'Missing Required Arguments',
  41: 'Invalid Arguments',
  55: 'App Call Frequency Limit',
  67: 'Category error/Private classify channel notify_level invalid',
  10000: 'Invalid Registration_id',
};

export function oppoBody(code: number, detail?: string, data?: unknown): Record<string, unknown> {
  const text = OPPO_MESSAGES[code] ?? 'Error';
  const body: Record<string, unknown> = { code, message: detail === undefined ? text : `${text}: ${detail}` };
  if (data !== undefined) body['data'] = data;
  return body;
}

/** "消息ID 格式为 AppID-1-1-全局唯一性ID" (✅ OPPO 单点推送 page). */
export function oppoMessageId(appId: string): string {
  return `${appId}-1-1-${randomBytes(12).toString('hex')}`;
}

export function oppoAuthToken(): string {
  return randomBytes(18).toString('hex');
}
