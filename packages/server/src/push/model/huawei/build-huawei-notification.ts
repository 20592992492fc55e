/**
 * Turns a normalised TPNS push into the Huawei Push Kit notification: the v1 `message` object without its
 * `token` (the channel adds the tokens, `validate_only` and `android.ttl` from `expiration`). Field mapping in
 * tpns-android-fields.ts and huawei-click-action.ts; Huawei's field rules from its send API reference
 * (vendor-push-protocols.md §3.2).
 *
 * - `hw_category` → `android.category` when it is one of Huawei's categories (an unknown one would fail the
 *   whole push with 80100001, so it is left out).
 * - `hw_importance` 1 silent / 2 strong → `importance` LOW / NORMAL.
 * - Herald's `hw_image` → `image`, over the TPNS URL icon (`icon_type` 1, `icon_res`).
 * - Title and body are cut to Huawei's 40 / 80 characters as TPNS documents (shapeHuaweiText).
 * - `message_type: "message"` (an in-app message, which TPNS sends on its own channel only) becomes a Huawei
 *   data message: Herald has no channel of its own to offline Android devices, and Huawei carries data messages
 *   to the app natively.
 * - `hw_biz_type` (quick-app notifications) is not carried: quick apps take another message type.
 */
import { heraldError } from '@herald/protocol';
import type { ChannelNotification } from '@herald/channels';
import { HUAWEI_CATEGORIES, HUAWEI_MAX_MESSAGE_BYTES, shapeHuaweiText } from '@herald/channels/huawei';
import type { JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';
import type { FamilyClickAction } from './huawei-click-action.ts';
import { familyExpiration, passThroughData, readFamilyFields, type FamilyBuildOptions } from './tpns-android-fields.ts';

export interface HuaweiBuildOptions extends FamilyBuildOptions {
  /** Used when the push has no title: Huawei refuses a notification without one. Typically the app's name. */
  fallbackTitle?: string;
  /** Herald's `hw_image` (IM's HuaWeiImage): the notification image, over the TPNS URL icon. https. */
  image?: string;
}

/** Room for the `"ttl":"1296000s"` the channel adds, so a message accepted here is not refused there. */
const TTL_ALLOWANCE_BYTES = 32;

function clickJson(click: FamilyClickAction): JsonObject {
  const out: JsonObject = { type: click.type };
  if (click.intent !== undefined) out['intent'] = click.intent;
  if (click.url !== undefined) out['url'] = click.url;
  return out;
}

function importance(raw: JsonObject | undefined): 'LOW' | 'NORMAL' | undefined {
  const v = raw?.['hw_importance'];
  return v === 1 ? 'LOW' : v === 2 ? 'NORMAL' : undefined;
}

function notifyPayload(req: PushRequest, o: HuaweiBuildOptions): JsonObject {
  const raw = req.message.android?.raw;
  const f = readFamilyFields(req, o);
  const title = req.message.title !== '' ? req.message.title : (o.fallbackTitle ?? '');
  const text = shapeHuaweiText({ title, body: req.message.content });
  const notification: JsonObject = { title: text.title, body: text.body, click_action: clickJson(f.clickAction) };
  if (f.channelId !== undefined) notification['channel_id'] = f.channelId;
  if (f.badge !== undefined) {
    const badge: JsonObject = { class: f.badge.badgeClass };
    if (f.badge.addNum !== undefined) badge['add_num'] = f.badge.addNum;
    if (f.badge.setNum !== undefined) badge['set_num'] = f.badge.setNum;
    notification['badge'] = badge;
  }
  const image = o.image ?? f.image;
  if (image !== undefined) notification['image'] = image;
  if (f.notifyId !== undefined) notification['notify_id'] = f.notifyId;
  if (f.foregroundShow !== undefined) notification['foreground_show'] = f.foregroundShow;
  if (f.sound !== undefined) {
    notification['sound'] = f.sound;
    notification['default_sound'] = false;
  }
  if (f.icon !== undefined) notification['icon'] = f.icon;
  const level = importance(raw);
  if (level !== undefined) notification['importance'] = level;

  const android: JsonObject = {};
  const category = raw?.['hw_category'];
  if (typeof category === 'string' && HUAWEI_CATEGORIES.has(category)) android['category'] = category;
  android['notification'] = notification;
  return { data: f.data, android };
}

/** Throws PUSH_PAYLOAD_TOO_LARGE when the message exceeds Huawei's 4096 bytes (tokens excluded). */
export function buildHuaweiNotification(req: PushRequest, o: HuaweiBuildOptions): ChannelNotification {
  const payload = req.messageType === 'message' ? { data: passThroughData(req, o.pushId) } : notifyPayload(req, o);
  const size = Buffer.byteLength(JSON.stringify(payload), 'utf8') + TTL_ALLOWANCE_BYTES;
  if (size > HUAWEI_MAX_MESSAGE_BYTES) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `Huawei message: about ${size} bytes, more than ${HUAWEI_MAX_MESSAGE_BYTES}`);
  }
  const notification: ChannelNotification = { payload, expiration: familyExpiration(req, o.now), pushId: o.pushId };
  if (req.collapseId !== undefined) notification.collapseId = String(req.collapseId);
  return notification;
}
