/**
 * Turns a normalised TPNS push into the vivo notification for the vivo channel: the `/message/send` body
 * without its target (the channel adds regId, requestId, appId and pushMode). Custom keys from
 * `android.custom_content` travel in vivo's `clientCustomMap`, which the app reads as Intent extras (IM's `ext`
 * among them), beside a `herald` key `{"pid":…}` for arrival and click reports.
 */
import { heraldError } from '@herald/protocol';
import type { ChannelNotification } from '@herald/channels';
import { shapeVivoText } from '@herald/channels/vivo';
import type { JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';
import { readVivoClass, vivoNotifyType } from './vivo-android-fields.ts';
import { vivoClick } from './vivo-click.ts';

export interface VivoBuildOptions {
  pushId: string;
  /** Epoch ms at dispatch. */
  now: number;
  /** The Android package name, so that an activity click action can become an intent URI. */
  packageName?: string;
  /** Used when the push has no title: vivo refuses an empty one (10055). Typically the app's name. */
  fallbackTitle?: string;
  /** Herald's `vivo_notify_type` (IM's VIVONotifyType), over the one `ring` and `vibrate` make. */
  notifyType?: 1 | 2 | 3 | 4;
}

/** vivo: at most 10 custom pairs, 1024 characters in all. */
export const VIVO_CUSTOM_MAP_MAX_PAIRS = 10;
export const VIVO_CUSTOM_MAP_MAX_CHARS = 1024;
/** vivo `timeToLive`: 60 s to 7 days. */
const TTL_MIN_S = 60;
const TTL_MAX_S = 7 * 86_400;

function chars(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function customMap(custom: JsonObject | undefined, pushId: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [k, v] of Object.entries(custom ?? {})) map[k] = typeof v === 'string' ? v : JSON.stringify(v);
  map['herald'] = JSON.stringify({ pid: pushId });
  const pairs = Object.keys(map).length;
  if (pairs > VIVO_CUSTOM_MAP_MAX_PAIRS) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `vivo clientCustomMap: ${pairs} pairs with Herald's own, more than ${VIVO_CUSTOM_MAP_MAX_PAIRS}`);
  }
  const total = Object.entries(map).reduce((n, [k, v]) => n + chars(k) + chars(v), 0);
  if (total > VIVO_CUSTOM_MAP_MAX_CHARS) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `vivo clientCustomMap: ${total} characters, more than ${VIVO_CUSTOM_MAP_MAX_CHARS}`);
  }
  return map;
}

/**
 * The vivo notification, or undefined when vivo cannot carry the push: vivo has no pass-through messages
 * (TPNS: "vivo 通道暂不支持应用内消息"), so `message_type: "message"` goes to vivo devices through no vivo call.
 * Throws PUSH_PAYLOAD_TOO_LARGE when the custom data exceeds vivo's clientCustomMap limits.
 */
export function buildVivoNotification(req: PushRequest, o: VivoBuildOptions): ChannelNotification | undefined {
  if (req.messageType !== 'notify') return undefined;
  const android = req.message.android?.raw;
  const title = req.message.title !== '' ? req.message.title : (o.fallbackTitle ?? '');
  const text = shapeVivoText(title, req.message.content);
  const click = vivoClick(android, o.packageName);
  const { classification, category } = readVivoClass(android);

  const payload: JsonObject = {
    notifyType: o.notifyType ?? vivoNotifyType(android),
    title: text.title,
    content: text.content,
    timeToLive: Math.min(TTL_MAX_S, Math.max(TTL_MIN_S, req.expireTime)),
    skipType: click.skipType,
  };
  if (click.skipContent !== undefined) payload['skipContent'] = click.skipContent;
  // With a category vivo takes the class from it; TPNS's default for vivo_ch_id is "0", an operation message.
  if (category !== undefined) payload['category'] = category;
  if (classification !== undefined || category === undefined) payload['classification'] = classification ?? 0;
  payload['clientCustomMap'] = customMap(req.message.android?.customContent, o.pushId);

  return {
    payload,
    expiration: req.expireTime === 0 ? 0 : Math.floor(o.now / 1000) + req.expireTime,
    pushId: o.pushId,
  };
}
