/**
 * Checks of a Huawei-family push message: Huawei's `message` object and Honor's whole body share one shape,
 * `{data, notification, android, token}` (Huawei: Message table of the send API reference; Honor: its guide's
 * samples). Limits from Huawei: "消息体最大不能超过4096Bytes（不包括Token）… 最大Token数不能超过1000"; exactly one of
 * token, topic and condition; the android block is required for a notification message.
 */
import {
  checkAndroidConfig,
  checkCommonNotification,
  type AndroidFieldNames,
  type Violation,
} from './android-message-rules.ts';

type Json = Record<string, unknown>;

export interface MessageLimits {
  maxTokens: number;
  maxBytes: number;
  maxTtlSeconds: number;
  /** Whether `android.category` is checked against Huawei's list (Honor documents no category). */
  categories: boolean;
}

export interface CheckedMessage {
  tokens: string[];
  /** The message without its token list: what each device receives. */
  content: Json;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkPushMessage(message: Json, path: string, names: AndroidFieldNames, limits: MessageLimits): Violation | CheckedMessage {
  const targets = ['token', 'topic', 'condition'].filter((k) => message[k] !== undefined);
  if (targets.length !== 1) return { code: '80100003', msg: `${path}: exactly one of token, topic and condition is required` };
  if (targets[0] !== 'token') return { code: '80100001', msg: `${path}.${targets[0]}: topic messages are not emulated` };
  const tokens = message['token'];
  if (!Array.isArray(tokens) || tokens.length === 0 || tokens.length > limits.maxTokens || !tokens.every((t) => typeof t === 'string' && t !== '')) {
    return { code: '80300010', msg: `${path}.token: 1 to ${limits.maxTokens} non-empty tokens are required` };
  }
  const content: Json = { ...message };
  delete content['token'];
  if (Buffer.byteLength(JSON.stringify(content), 'utf8') > limits.maxBytes) {
    return { code: '80300008', msg: `${path}: larger than ${limits.maxBytes} bytes without the tokens` };
  }
  if (content['data'] !== undefined && typeof content['data'] !== 'string') return { code: '80100003', msg: `${path}.data: must be a string` };
  const common = content['notification'];
  if (common !== undefined) {
    const v = checkCommonNotification(common, `${path}.notification`);
    if (v !== undefined) return v;
  }
  const android = content['android'];
  if (android !== undefined) {
    const v = checkAndroidConfig(android, `${path}.android`, isObject(common) ? common : undefined, names, limits);
    if (v !== undefined) return v;
  }
  const androidNotification = isObject(android) ? android['notification'] : undefined;
  if (common !== undefined && androidNotification === undefined) {
    return { code: '80100003', msg: `${path}.android.notification: required for a notification message` };
  }
  const androidData = isObject(android) ? android['data'] : undefined;
  if (common === undefined && androidNotification === undefined && content['data'] === undefined && androidData === undefined) {
    return { code: '80100003', msg: `${path}: neither a notification nor data` };
  }
  return { tokens: tokens as string[], content };
}

export function isViolation(v: Violation | CheckedMessage): v is Violation {
  return 'code' in v;
}
