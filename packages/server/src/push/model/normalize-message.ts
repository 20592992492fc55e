/**
 * Normalises the `message` object of /v3/push/app (TPNS push API doc, "message: Message body", iOS and Android
 * tables). Only the block for the app's platform is kept and checked: one TPNS body may carry both.
 *
 * Herald extensions: `ios.push_type: "voip"` (a PushKit push: no title or content needed),
 * `ios.content_available: 1` (an alert that also wakes the app, which TPNS's `aps.content-available` may not do
 * on a notification) and the per-vendor fields of android-vendor-options.ts.
 */
import { heraldError } from '@herald/protocol';
import {
  asObject,
  customContent,
  invalidField,
  isObject,
  missingField,
  optionalArray,
  optionalChoice,
  optionalInteger,
  optionalObject,
  optionalString,
  type JsonObject,
} from './field-reader.ts';
import { normalizeAndroidVendorOptions } from './android-vendor-options.ts';
import { MAX_MESSAGE_BYTES } from './limits.ts';
import type { AcceptTimeWindow, AndroidMessage, IosMessage, MessageType, PushMessage } from './push-request.ts';

export type PushPlatform = 'ios' | 'android' | 'web';

const INTERRUPTION_LEVELS = new Set(['passive', 'active', 'time-sensitive', 'critical']);

function clockPart(value: unknown, path: string, max: number): number {
  const n = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= max) throw invalidField(path, `must be an integer in [0, ${max})`);
  return n;
}

function acceptTime(message: JsonObject): AcceptTimeWindow[] | undefined {
  const list = optionalArray(message, 'accept_time', 'message.accept_time');
  return list?.map((w, i) => {
    const p = `message.accept_time[${i}]`;
    const win = asObject(w, p);
    const point = (k: 'start' | 'end') => {
      const o = optionalObject(win, k, `${p}.${k}`);
      if (o === undefined) throw missingField(`${p}.${k}`);
      return { hour: clockPart(o['hour'], `${p}.${k}.hour`, 24), min: clockPart(o['min'], `${p}.${k}.min`, 60) };
    };
    return { start: point('start'), end: point('end') };
  });
}

/** badge_type: -2 add one, -1 unchanged, n >= 0 set (below `maxExclusive` when the platform caps it). */
function badgeType(obj: JsonObject, path: string, maxExclusive: number): number | undefined {
  const v = optionalInteger(obj, 'badge_type', path);
  if (v !== undefined && (v < -2 || v >= maxExclusive)) throw invalidField(path, `must be -2, -1 or in [0, ${maxExclusive})`);
  return v;
}

function normalizeIos(message: JsonObject, messageType: MessageType): IosMessage | undefined {
  const ios = optionalObject(message, 'ios', 'message.ios');
  if (ios === undefined) return undefined;
  const aps = { ...(optionalObject(ios, 'aps', 'message.ios.aps') ?? {}) };
  const p = 'message.ios.aps';
  const badge = badgeType(aps, `${p}.badge_type`, Number.MAX_SAFE_INTEGER);
  delete aps['badge_type'];

  const contentAvailable = optionalChoice(aps, 'content-available', `${p}.content-available`, [0, 1] as const);
  if (messageType === 'notify' && contentAvailable === 1) {
    throw invalidField(`${p}.content-available`, 'mutually exclusive with message_type "notify"');
  }
  if (messageType === 'message') {
    for (const key of ['alert', 'sound'] as const) {
      if (aps[key] !== undefined) throw invalidField(`${p}.${key}`, 'not allowed in a silent (message_type "message") push');
    }
    if (badge !== undefined) throw invalidField(`${p}.badge_type`, 'not allowed in a silent (message_type "message") push');
  }
  const alert = aps['alert'];
  if (alert !== undefined && alert !== null && typeof alert !== 'string' && !isObject(alert)) {
    throw invalidField(`${p}.alert`, 'must be an object');
  }
  optionalChoice(aps, 'mutable-content', `${p}.mutable-content`, [0, 1] as const);
  const rawBadge = optionalInteger(aps, 'badge', `${p}.badge`);
  if (rawBadge !== undefined && rawBadge < 0) throw invalidField(`${p}.badge`, 'must be >= 0');
  const sound = aps['sound'];
  if (sound !== undefined && sound !== null && typeof sound !== 'string' && !isObject(sound)) {
    throw invalidField(`${p}.sound`, 'must be a string or an object');
  }
  optionalString(aps, 'category', `${p}.category`);
  optionalString(aps, 'thread-id', `${p}.thread-id`);
  const level = optionalString(aps, 'interruption-level', `${p}.interruption-level`);
  if (level !== undefined && !INTERRUPTION_LEVELS.has(level)) {
    throw invalidField(`${p}.interruption-level`, 'must be passive, active, time-sensitive or critical');
  }

  const custom = customContent(ios, 'custom_content', 'message.ios.custom_content');
  if (custom !== undefined && 'aps' in custom) throw invalidField('message.ios.custom_content', 'must not contain an "aps" key');
  const wake = optionalChoice(ios, 'content_available', 'message.ios.content_available', [0, 1] as const);
  return {
    aps,
    ...(badge !== undefined ? { badgeType: badge } : {}),
    ...(custom !== undefined ? { customContent: custom } : {}),
    ...(iosPushType(message) === 'voip' ? { pushType: 'voip' as const } : {}),
    ...(wake === 1 ? { contentAvailable: true as const } : {}),
  };
}

/** Herald extension `message.ios.push_type`: `"voip"`, or absent for TPNS's alert and background pushes. */
function iosPushType(message: JsonObject): 'voip' | undefined {
  const ios = optionalObject(message, 'ios', 'message.ios');
  const v = ios === undefined ? undefined : optionalString(ios, 'push_type', 'message.ios.push_type');
  if (v === undefined || v === '') return undefined;
  if (v !== 'voip') throw invalidField('message.ios.push_type', 'must be "voip" (leave it out for an alert or background push)');
  return v;
}

function normalizeAndroid(message: JsonObject): AndroidMessage | undefined {
  const android = optionalObject(message, 'android', 'message.android');
  if (android === undefined) return undefined;
  // Android badges are set through Huawei and vivo, which take [0, 100).
  const badge = badgeType(android, 'message.android.badge_type', 100);
  const custom = customContent(android, 'custom_content', 'message.android.custom_content');
  optionalChoice(android, 'show_type', 'message.android.show_type', [1, 2] as const);
  const vendor = normalizeAndroidVendorOptions(android);
  return {
    raw: android,
    ...(badge !== undefined ? { badgeType: badge } : {}),
    ...(custom !== undefined ? { customContent: custom } : {}),
    ...(vendor !== undefined ? { vendor } : {}),
  };
}

function textField(message: JsonObject, key: 'title' | 'content', required: boolean): string {
  const v = optionalString(message, key, `message.${key}`);
  if (v === undefined) {
    if (required) throw missingField(`message.${key}`);
    return '';
  }
  return v;
}

/** Validates `message` for one platform and message type; see PushMessage for the result. */
export function normalizeMessage(raw: unknown, messageType: MessageType, platform: PushPlatform): PushMessage {
  if (raw === undefined || raw === null) throw missingField('message');
  const message = asObject(raw, 'message');
  if (Buffer.byteLength(JSON.stringify(message), 'utf8') > MAX_MESSAGE_BYTES) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `message: larger than ${MAX_MESSAGE_BYTES} bytes`);
  }
  // TPNS marks title and content required for notifications on both platforms and for Android in-app
  // messages; only iOS silent pushes (message_type "message") go without them, and VoIP pushes, which PushKit
  // hands to the app rather than showing.
  const textRequired = !(platform === 'ios' && (messageType === 'message' || iosPushType(message) === 'voip'));
  const title = textField(message, 'title', textRequired);
  const content = textField(message, 'content', textRequired);
  if (textRequired && content === '') throw missingField('message.content', 'must not be empty');

  const out: PushMessage = { title, content };
  const windows = acceptTime(message);
  if (windows !== undefined) out.acceptTime = windows;
  const strings = [
    ['thread_id', 'threadId'],
    ['thread_sumtext', 'threadSumtext'],
    ['xg_media_resources', 'xgMediaResources'],
    ['xg_media_audio_resources', 'xgMediaAudioResources'],
  ] as const;
  for (const [key, prop] of strings) {
    const v = optionalString(message, key, `message.${key}`);
    if (v !== undefined) out[prop] = v;
  }
  const showType = optionalChoice(message, 'show_type', 'message.show_type', [1, 2] as const);
  if (showType !== undefined) out.showType = showType;
  if (platform === 'ios') {
    const ios = normalizeIos(message, messageType);
    if (ios !== undefined) out.ios = ios;
  } else {
    // TPNS has no web block: a web app's click URL, icon, badge and urgency ride in `message.android`.
    const android = normalizeAndroid(message);
    if (android !== undefined) out.android = android;
  }
  return out;
}
