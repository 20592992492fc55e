/**
 * Checks a notification-bar `messageJson` against the field rules of Meizu's pushByPushId (MEIZUPUSH/PushAPI
 * README, "pushId推送接口（通知栏消息）", ✅): noticeBarInfo title 1–32 and content 1–100 characters;
 * noticeBarType 0 or 2; noticeExpandType 0 or 1 (1 needs noticeExpandContent); clickType 0–3 with `activity`,
 * `url` or `customAttribute` required for 1, 2 and 3 (≤ 1000 bytes each); offLine 0 or 1 and validTime 1–72
 * hours; notifyKey ≤ 8 of [0-9a-zA-Z_-]; extra.callback ≤ 128 bytes, callback.param ≤ 64 bytes. Any failure is
 * Meizu's 1005 "参数错误", with the field named in `message` (Meizu shows such messages to web users).
 */
import type { MeizuReceivedNotification } from './types.ts';

export type CheckedMeizuMessage = Omit<MeizuReceivedNotification, 'msgId' | 'receivedAt'>;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function chars(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Meizu's ints; numeric strings are taken too (its own docs show `"callback.type":"3"`). */
function intIn(v: unknown, allowed: readonly number[], fallback: number): number | undefined {
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && allowed.includes(n) ? n : undefined;
}

const NOTIFY_KEY = /^[0-9a-zA-Z_-]{1,8}$/;
const VALID_HOURS = Array.from({ length: 72 }, (_, i) => i + 1);

export function checkMeizuMessage(raw: string): CheckedMeizuMessage | { problem: string } {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return { problem: 'messageJson不是合法的JSON' };
  }
  if (!isObject(message)) return { problem: 'messageJson不是合法的JSON' };

  const bar = message['noticeBarInfo'];
  if (!isObject(bar)) return { problem: 'noticeBarInfo不能为空' };
  const title = bar['title'];
  if (typeof title !== 'string' || chars(title) < 1 || chars(title) > 32) return { problem: 'title字数限制1~32字符' };
  const content = bar['content'];
  if (typeof content !== 'string' || chars(content) < 1 || chars(content) > 100) return { problem: 'content字数限制1~100字符' };
  const noticeBarType = intIn(bar['noticeBarType'], [0, 2], 0);
  if (noticeBarType === undefined) return { problem: 'noticeBarType不合法' };

  const expand = isObject(message['noticeExpandInfo']) ? message['noticeExpandInfo'] : {};
  const noticeExpandType = intIn(expand['noticeExpandType'], [0, 1], 0);
  if (noticeExpandType === undefined) return { problem: 'noticeExpandType不合法' };
  const expandContent = typeof expand['noticeExpandContent'] === 'string' && expand['noticeExpandContent'] !== '' ? expand['noticeExpandContent'] : undefined;
  if (noticeExpandType === 1 && expandContent === undefined) return { problem: 'noticeExpandContent不能为空' };

  const click = isObject(message['clickTypeInfo']) ? message['clickTypeInfo'] : {};
  const clickType = intIn(click['clickType'], [0, 1, 2, 3], 0);
  if (clickType === undefined) return { problem: 'clickType不合法' };
  const field = (key: string): string | undefined => (typeof click[key] === 'string' && click[key] !== '' ? (click[key] as string) : undefined);
  const activity = field('activity');
  const url = field('url');
  const customAttribute = field('customAttribute');
  const needed = clickType === 1 ? ['activity', activity] : clickType === 2 ? ['url', url] : clickType === 3 ? ['customAttribute', customAttribute] : undefined;
  if (needed !== undefined && needed[1] === undefined) return { problem: `${needed[0]}不能为空` };
  for (const [name, v] of [['activity', activity], ['url', url], ['customAttribute', customAttribute]] as const) {
    if (v !== undefined && bytes(v) > 1000) return { problem: `${name}长度限制1000字节` };
  }
  const params = click['parameters'];
  if (params !== undefined && params !== null && !isObject(params)) return { problem: 'parameters必须为JSON格式' };

  const time = isObject(message['pushTimeInfo']) ? message['pushTimeInfo'] : {};
  const offLine = intIn(time['offLine'], [0, 1], 1);
  if (offLine === undefined) return { problem: 'offLine不合法' };
  const validTime = offLine === 1 ? intIn(time['validTime'], VALID_HOURS, 24) : 0;
  if (validTime === undefined) return { problem: 'validTime为1-72小时内的正整数' };

  const advance = isObject(message['advanceInfo']) ? message['advanceInfo'] : {};
  const suspend = intIn(advance['suspend'], [0, 1], 1);
  const clearNoticeBar = intIn(advance['clearNoticeBar'], [0, 1], 1);
  if (suspend === undefined || clearNoticeBar === undefined) return { problem: 'advanceInfo不合法' };
  const type = isObject(advance['notificationType']) ? advance['notificationType'] : {};
  const vibrate = intIn(type['vibrate'], [0, 1], 1);
  const lights = intIn(type['lights'], [0, 1], 1);
  const sound = intIn(type['sound'], [0, 1], 1);
  if (vibrate === undefined || lights === undefined || sound === undefined) return { problem: 'notificationType不合法' };
  const rawKey = advance['notifyKey'];
  let notifyKey: string | undefined;
  if (rawKey !== undefined && rawKey !== null && rawKey !== '') {
    if (typeof rawKey !== 'string' || !NOTIFY_KEY.test(rawKey)) return { problem: 'notifyKey不合法' };
    notifyKey = rawKey;
  }

  const extra = message['extra'];
  if (extra !== undefined && extra !== null) {
    if (!isObject(extra)) return { problem: 'extra不合法' };
    const cb = extra['callback'];
    if (typeof cb !== 'string' || cb === '' || bytes(cb) > 128) return { problem: 'callback不合法' };
    const param = extra['callback.param'];
    if (param !== undefined && (typeof param !== 'string' || bytes(param) > 64)) return { problem: 'callback.param不合法' };
    if (intIn(extra['callback.type'], [1, 2, 3], 3) === undefined) return { problem: 'callback.type不合法' };
  }

  return {
    title,
    content,
    noticeBarType,
    noticeExpandType,
    noticeExpandContent: expandContent,
    clickType,
    activity,
    url,
    customAttribute,
    parameters: isObject(params) ? params : {},
    offLine: offLine as 0 | 1,
    validTime,
    notifyKey,
    suspend,
    clearNoticeBar,
    notificationType: { vibrate, lights, sound },
    message,
  };
}
