/**
 * Checks a POST /v3/message/regid form the way Mi Push documents its fields (pId=1559 ✅ for names, types and
 * the title/description rules; the limits below are marked where they come from). Answers the first problem as
 * a Xiaomi result code, or the parsed message.
 */
export interface XiaomiApp {
  appSecret: string;
  packageNames: Set<string>;
  channelIds: Set<string> | undefined;
}

export interface ParsedXiaomiMessage {
  packageNames: string[];
  regIds: string[];
  passThrough: boolean;
  title: string | undefined;
  description: string | undefined;
  payload: string | undefined;
  notifyType: number | undefined;
  notifyId: number | undefined;
  timeToLive: number | undefined;
  timeToSend: number | undefined;
  extra: Record<string, string>;
  fields: Record<string, string>;
}

export type XiaomiValidation = { ok: true; message: ParsedXiaomiMessage } | { ok: false; code: number; reason: string };

/** 🔎 Xiaomi's server SDK: "regIds的个数不得超过1000个". */
export const MAX_REGIDS = 1000;
/** TPNS's Mi limits (50 / 128), matching Xiaomi's "长度小于50/128" read as at most; UTF-16 units (⚠️). */
export const TITLE_MAX = 50;
export const DESCRIPTION_MAX = 128;
/** 🔎 "长度小于4K" in public clients quoting the SDK docs. */
export const PAYLOAD_MAX_BYTES = 4096;
/** 🔎 "至多可以设置10个key-value键值对", "key和value的字符数不能超过1024". */
export const MAX_CUSTOM_EXTRAS = 10;
export const MAX_EXTRA_CHARS = 1024;
/** 🔎 "服务器默认最长保留两周"; "仅支持七天内的定时消息". */
export const MAX_TTL_MS = 14 * 86_400_000;
export const MAX_SCHEDULE_MS = 7 * 86_400_000;
/** 🔎 "第三方自定义回执参数，最大长度64字节". */
export const MAX_CALLBACK_PARAM_BYTES = 64;
const MAX_CALLBACK_URL = 1024;
const INT32_MAX = 2_147_483_647;

/** `extra.*` keys Xiaomi defines; anything else is a custom key counted against the limit. */
const DEFINED_EXTRAS = new Set([
  'sound_uri',
  'ticker',
  'notify_foreground',
  'notify_effect',
  'intent_uri',
  'web_uri',
  'flow_control',
  'jobkey',
  'callback',
  'callback.param',
  'callback.type',
  'locale',
  'locale_not_in',
  'model',
  'model_not_in',
  'app_version',
  'app_version_not_in',
  'connpt',
  'only_send_once',
  'channel_id',
  'channel_name',
  'notification_style_type',
  'notification_bigPic_uri',
  'notification_large_icon_uri',
]);

const INTEGER = /^-?\d{1,19}$/;

function int(value: string | null): number | undefined | 'bad' {
  if (value === null || value === '') return undefined;
  if (!INTEGER.test(value)) return 'bad';
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : 'bad';
}

const fail = (code: number, reason: string): XiaomiValidation => ({ ok: false, code, reason });

export function validateXiaomiForm(form: URLSearchParams, app: XiaomiApp, now: number): XiaomiValidation {
  const packages = (form.get('restricted_package_name') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (packages.length === 0) return fail(10016, 'restricted_package_name is required');
  const foreign = packages.find((p) => !app.packageNames.has(p));
  if (foreign !== undefined) return fail(22022, `Invalid package name: ${foreign}`);

  const regIds = (form.get('registration_id') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (regIds.length === 0) return fail(10016, 'registration_id is required');
  if (regIds.length > MAX_REGIDS) return fail(10017, `registration_id: ${regIds.length} regIds, at most ${MAX_REGIDS}`);

  const passThroughRaw = form.get('pass_through') ?? '0';
  if (passThroughRaw !== '0' && passThroughRaw !== '1') return fail(10017, 'pass_through must be 0 or 1');
  const passThrough = passThroughRaw === '1';

  const title = form.get('title') ?? undefined;
  const description = form.get('description') ?? undefined;
  if (!passThrough) {
    // "不允许全是空白字符…（通知栏消息必填）"
    if (title === undefined || description === undefined) return fail(10016, 'title and description are required for a notification');
    if (title.trim() === '') return fail(10017, 'title must not be blank');
    if (description.trim() === '') return fail(10017, 'description must not be blank');
  }
  if (title !== undefined && title.length > TITLE_MAX) return fail(65009, `title longer than ${TITLE_MAX} characters`);
  if (description !== undefined && description.length > DESCRIPTION_MAX) return fail(65009, `description longer than ${DESCRIPTION_MAX} characters`);

  let payload: string | undefined;
  const rawPayload = form.get('payload');
  if (rawPayload !== null) {
    try {
      payload = decodeURIComponent(rawPayload);
    } catch {
      return fail(10017, 'payload is not URL-encoded');
    }
    if (Buffer.byteLength(payload, 'utf8') > PAYLOAD_MAX_BYTES) return fail(65009, `payload larger than ${PAYLOAD_MAX_BYTES} bytes`);
  }
  if (passThrough && payload === undefined) return fail(10016, 'payload is required for a pass-through message');

  const notifyType = int(form.get('notify_type'));
  if (notifyType === 'bad' || (notifyType !== undefined && (notifyType < -1 || notifyType > 7))) return fail(10017, 'notify_type must be -1 or a sum of 1, 2 and 4');
  const notifyId = int(form.get('notify_id'));
  if (notifyId === 'bad' || (notifyId !== undefined && (notifyId < 0 || notifyId > INT32_MAX))) return fail(10017, 'notify_id must be an integer in [0, 2147483647]');
  const timeToLive = int(form.get('time_to_live'));
  if (timeToLive === 'bad' || (timeToLive !== undefined && (timeToLive < 0 || timeToLive > MAX_TTL_MS))) return fail(10017, 'time_to_live must be 0 to two weeks in milliseconds');
  const timeToSend = int(form.get('time_to_send'));
  if (timeToSend === 'bad' || (timeToSend !== undefined && (timeToSend < 0 || timeToSend > now + MAX_SCHEDULE_MS))) return fail(10017, 'time_to_send must be within seven days');

  const extra: Record<string, string> = {};
  const fields: Record<string, string> = {};
  let custom = 0;
  for (const [key, value] of form) {
    if (key !== 'registration_id') fields[key] = value;
    if (!key.startsWith('extra.')) continue;
    const name = key.slice('extra.'.length);
    extra[name] = value;
    if (!DEFINED_EXTRAS.has(name)) custom++;
    if (name.length > MAX_EXTRA_CHARS || value.length > MAX_EXTRA_CHARS) return fail(65015, `extra.${name}: key or value longer than ${MAX_EXTRA_CHARS} characters`);
  }
  if (custom > MAX_CUSTOM_EXTRAS) return fail(65014, `${custom} custom extra keys, at most ${MAX_CUSTOM_EXTRAS}`);

  const effect = extra['notify_effect'];
  if (effect !== undefined && effect !== '1' && effect !== '2' && effect !== '3') return fail(10017, 'extra.notify_effect must be 1, 2 or 3');
  if (effect === '2' && (extra['intent_uri'] ?? '') === '') return fail(10016, 'extra.intent_uri is required with notify_effect 2');
  if (effect === '3' && (extra['web_uri'] ?? '') === '') return fail(10016, 'extra.web_uri is required with notify_effect 3');
  const channelId = extra['channel_id'];
  if (channelId !== undefined && app.channelIds !== undefined && !app.channelIds.has(channelId)) return fail(27001, `Unknown channel_id: ${channelId}`);
  const callbackParam = extra['callback.param'];
  if (callbackParam !== undefined && Buffer.byteLength(callbackParam, 'utf8') > MAX_CALLBACK_PARAM_BYTES) return fail(65036, 'extra.callback.param is too long');
  const callback = extra['callback'];
  if (callback !== undefined) {
    if (callback.length > MAX_CALLBACK_URL) return fail(65037, 'extra.callback is too long');
    if (!/^https?:\/\/\S+$/.test(callback)) return fail(65038, 'extra.callback is not an http(s) URL');
  }

  return {
    ok: true,
    message: {
      packageNames: packages,
      regIds,
      passThrough,
      title,
      description,
      payload,
      notifyType,
      notifyId,
      timeToLive,
      timeToSend,
      extra,
      fields,
    },
  };
}
