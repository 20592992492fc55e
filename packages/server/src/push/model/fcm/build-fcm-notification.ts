/**
 * Turns a normalised TPNS push into the FCM HTTP v1 message for the FCM channel (the `message` object without its
 * `token`, which the channel adds per device). Notification pushes carry `notification` {title, body} and an
 * `android.notification`; pass-through pushes (message_type "message") become FCM data messages, which TPNS
 * delivers on its own channel only and which Herald, having no channel of its own, sends through FCM.
 *
 * Delivery options: `android.priority` HIGH for notifications (FCM's default for them) and NORMAL for data
 * messages (FCM's default, and Google's advice for data the user does not see at once), unless the push names
 * one (Herald's `fcm_priority`); `fcm_image` → `android.notification.image`; `collapse_id` →
 * `android.collapse_key`; `expire_time` → the notification's `expiration`, which the channel turns into
 * `android.ttl` when it sends. The FCM payload limit (4096 bytes, keys and values) is checked here, so an
 * oversize push fails before it is queued.
 */
import { heraldError } from '@herald/protocol';
import type { ChannelNotification } from '@herald/channels';
import { FCM_MAX_PAYLOAD_BYTES, fcmPayloadBytes, shapeFcmText } from '@herald/channels/fcm';
import type { JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';
import { buildAndroidNotification } from './fcm-android-notification.ts';
import { buildFcmData, readAction, type HeraldDataEntry } from './fcm-data.ts';

export interface FcmBuildOptions {
  pushId: string;
  /** Epoch ms at dispatch. */
  now: number;
  /** Herald's `fcm_image`: the notification's image, over the TPNS URL icon. */
  image?: string;
  /** Herald's `fcm_priority` (IM's GooglePriority), over the defaults above. */
  priority?: 'NORMAL' | 'HIGH';
}

/** Throws PUSH_PAYLOAD_TOO_LARGE over 4096 payload bytes, REQUEST_PARAM_INVALID for reserved data keys. */
export function buildFcmNotification(req: PushRequest, o: FcmBuildOptions): ChannelNotification {
  const passThrough = req.messageType === 'message';
  const raw = req.message.android?.raw ?? {};
  const action = readAction(raw);
  const herald: HeraldDataEntry = { pid: o.pushId };
  if (action !== undefined) herald.action = action;
  if (passThrough) {
    herald.title = req.message.title;
    herald.content = req.message.content;
  }

  const message: JsonObject = {};
  if (!passThrough) message['notification'] = shapeFcmText(req.message.title, req.message.content);
  message['data'] = buildFcmData(req.message.android?.customContent, herald);
  const android: JsonObject = { priority: o.priority ?? (passThrough ? 'NORMAL' : 'HIGH') };
  if (req.collapseId !== undefined) android['collapse_key'] = String(req.collapseId);
  if (!passThrough) {
    const notification = buildAndroidNotification(raw, req.collapseId);
    if (o.image !== undefined) notification['image'] = o.image;
    if (Object.keys(notification).length > 0) android['notification'] = notification;
  }
  message['android'] = android;

  const size = fcmPayloadBytes(message);
  if (size > FCM_MAX_PAYLOAD_BYTES) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `FCM payload: ${size} bytes, more than ${FCM_MAX_PAYLOAD_BYTES}`);
  }
  const notification: ChannelNotification = {
    payload: message,
    expiration: req.expireTime === 0 ? 0 : Math.floor(o.now / 1000) + req.expireTime,
    pushId: o.pushId,
  };
  if (req.collapseId !== undefined) notification.collapseId = String(req.collapseId);
  return notification;
}
