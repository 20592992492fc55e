/**
 * Turns a normalised TPNS push into the Mi Push notification (form fields of /v3/message/regid, see
 * packages/channels/xiaomi). TPNS fields that reach the Mi channel (TPNS push API; tpns-and-im-offline-push.md
 * §1.5): `xm_ch_id` → `extra.channel_id`; `ring`/`vibrate`/`lights` → `notify_type`; `ring_raw` → a raw-resource
 * `extra.sound_uri` (TPNS: custom rings work on Huawei, Mi, FCM and its own channel); `action` → `notify_effect`
 * with `intent_uri`/`web_uri`; `collapse_id` → `notify_id` (TPNS: override works on the Mi channel);
 * `custom_content` → one `extra.<key>` per key, which is where TUIKit reads `ext`
 * (`MiPushMessage.getExtra().get("ext")`), and the whole of it in `payload`. A `herald` key `{pid}` lets the SDK
 * report arrival and clicks. Texts are cut to TPNS's Mi limits (50 / 128). The offline lifetime travels as
 * `expiration` and becomes `time_to_live` when the channel sends, so a delayed retry does not outlive it.
 */
import { heraldError } from '@herald/protocol';
import type { ChannelNotification } from '@herald/channels';
import { shapeXiaomiText } from '@herald/channels/xiaomi';
import { isObject, type JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';

export interface XiaomiBuildOptions {
  pushId: string;
  /** The app's Android package: raw-resource sounds and activity intents name it. */
  packageName: string;
  /** Epoch ms at dispatch. */
  now: number;
}

export interface XiaomiBuildResult {
  notification: ChannelNotification;
  /** What the Mi channel could not carry, for logs and the console. */
  notes: string[];
}

/** 🔎 Mi Push: payload under 4 KB; at most 10 custom extras, keys and values up to 1024 characters. */
export const XIAOMI_PAYLOAD_MAX_BYTES = 4096;
export const XIAOMI_MAX_CUSTOM_EXTRAS = 10;
export const XIAOMI_MAX_EXTRA_CHARS = 1024;
const INT32_SPAN = 2_147_483_648;

function flag(android: JsonObject, key: string): boolean {
  const v = android[key];
  return v === undefined || v === null ? true : v !== 0;
}

/** TPNS ring/vibrate/lights (default 1 each) as Mi's notify_type: -1 all, else the sum of 1, 2 and 4. */
function notifyType(android: JsonObject): number {
  const bits = (flag(android, 'ring') ? 1 : 0) | (flag(android, 'vibrate') ? 2 : 0) | (flag(android, 'lights') ? 4 : 0);
  return bits === 7 ? -1 : bits;
}

function extraValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function clickAction(android: JsonObject, packageName: string, extra: Record<string, string>): void {
  const action = isObject(android['action']) ? android['action'] : undefined;
  const type = action?.['action_type'];
  if (type === 2) {
    const browser = isObject(action?.['browser']) ? action['browser'] : undefined;
    const url = browser?.['url'];
    if (typeof url === 'string' && url !== '') {
      extra['notify_effect'] = '3';
      extra['web_uri'] = url;
      return;
    }
  } else if (type === 3) {
    const intent = action?.['intent'];
    if (typeof intent === 'string' && intent !== '') {
      extra['notify_effect'] = '2';
      extra['intent_uri'] = intent;
      return;
    }
  } else if (type === 1) {
    const activity = action?.['activity'];
    if (typeof activity === 'string' && activity !== '') {
      extra['notify_effect'] = '2';
      extra['intent_uri'] = `intent:#Intent;component=${packageName}/${activity};end`;
      return;
    }
  }
  // TPNS's default click opens the app: Mi's launcher activity.
  extra['notify_effect'] = '1';
}

export function buildXiaomiNotification(req: PushRequest, o: XiaomiBuildOptions): XiaomiBuildResult {
  const notes: string[] = [];
  const android: JsonObject = req.message.android?.raw ?? {};
  const custom: JsonObject = req.message.android?.customContent ?? {};
  const herald = { pid: o.pushId };
  const passThrough = req.messageType === 'message';
  const payload: JsonObject = {};
  const extra: Record<string, string> = {};

  // Mi refuses a blank title; TPNS would fall back to its own channel, Herald shows the content as the title.
  const title = req.message.title.trim() === '' ? req.message.content : req.message.title;
  const text = shapeXiaomiText({ title, body: req.message.content });
  if (passThrough) {
    payload['pass_through'] = 1;
    payload['payload'] = JSON.stringify({ title: req.message.title, content: req.message.content, ...custom, herald });
  } else {
    payload['pass_through'] = 0;
    payload['title'] = text.title;
    payload['description'] = text.body;
    payload['notify_type'] = notifyType(android);
    payload['payload'] = JSON.stringify({ ...custom, herald });
    const ringRaw = android['ring_raw'];
    if (typeof ringRaw === 'string' && ringRaw !== '' && flag(android, 'ring')) extra['sound_uri'] = `android.resource://${o.packageName}/raw/${ringRaw}`;
    clickAction(android, o.packageName, extra);
  }
  if (Buffer.byteLength(String(payload['payload']), 'utf8') > XIAOMI_PAYLOAD_MAX_BYTES) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `Mi Push payload: more than ${XIAOMI_PAYLOAD_MAX_BYTES} bytes`);
  }

  const channelId = android['xm_ch_id'];
  if (typeof channelId === 'string' && channelId !== '') extra['channel_id'] = channelId;

  // One slot stays for `herald`; keys that do not fit Mi's extra limits still reach the app in `payload`.
  let slots = XIAOMI_MAX_CUSTOM_EXTRAS - 1;
  for (const [key, value] of Object.entries(custom)) {
    const v = extraValue(value);
    if (slots > 0 && key.length <= XIAOMI_MAX_EXTRA_CHARS && v.length <= XIAOMI_MAX_EXTRA_CHARS && !(key in extra)) {
      extra[key] = v;
      slots--;
    } else {
      notes.push(`custom_content key "${key}" is in the Mi payload only, not in its extras`);
    }
  }
  extra['herald'] = JSON.stringify(herald);
  payload['extra'] = extra;

  if (req.message.xgMediaResources !== undefined) notes.push('xg_media_resources is not sent on the Mi channel');
  const notification: ChannelNotification = {
    payload,
    expiration: req.expireTime === 0 ? 0 : Math.floor(o.now / 1000) + req.expireTime,
    pushId: o.pushId,
  };
  const nId = android['n_id'];
  const collapse = req.collapseId ?? (typeof nId === 'number' && nId > 0 ? nId : undefined);
  if (collapse !== undefined) notification.collapseId = String(collapse % INT32_SPAN);
  return { notification, notes };
}
