/**
 * Turns a normalised TPNS push into the Honor Push notification: the `sendMessage` body without its `token`
 * (the channel adds the tokens and `android.ttl` from `expiration`). The TPNS fields are read as for Huawei
 * (../huawei/tpns-android-fields.ts) and spelt in Honor's camelCase (`clickAction`, `notifyId`,
 * `badge.{addNum,setNum,badgeClass}`; Honor guide and clients, vendor-push-protocols.md §3.4).
 *
 * TPNS's `message.android` has no Honor fields of its own (`hw_*` are Huawei's); Tencent IM's
 * `AndroidInfo.HonorImportance` (NORMAL service, LOW marketing) and `HonorImage` come in through `importance`
 * and `image` (Herald's `honor_importance` and `honor_image`). Fields Honor is
 * not known to take (⚠️: channel ID, sound, icon, foreground display) are left out rather than risk a refusal.
 */
import { heraldError } from '@herald/protocol';
import type { ChannelNotification } from '@herald/channels';
import { HONOR_MAX_BODY_BYTES, shapeHonorText } from '@herald/channels/honor';
import type { JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';
import { familyExpiration, passThroughData, readFamilyFields, type FamilyBuildOptions } from '../huawei/tpns-android-fields.ts';

export interface HonorBuildOptions extends FamilyBuildOptions {
  /** Honor's reminder level: NORMAL (service) or LOW (marketing), e.g. from IM's HonorImportance. */
  importance?: 'NORMAL' | 'LOW';
  /** Herald's `honor_image` (IM's HonorImage): the notification image, over the TPNS URL icon. https. */
  image?: string;
  /** Used when the push has no title. Typically the app's name. */
  fallbackTitle?: string;
}

const TTL_ALLOWANCE_BYTES = 32;

function notifyPayload(req: PushRequest, o: HonorBuildOptions): JsonObject {
  const f = readFamilyFields(req, o);
  const title = req.message.title !== '' ? req.message.title : (o.fallbackTitle ?? '');
  const text = shapeHonorText({ title, body: req.message.content });
  const clickAction: JsonObject = { type: f.clickAction.type };
  if (f.clickAction.intent !== undefined) clickAction['intent'] = f.clickAction.intent;
  if (f.clickAction.url !== undefined) clickAction['url'] = f.clickAction.url;
  const notification: JsonObject = { title: text.title, body: text.body, clickAction };
  if (f.badge !== undefined) {
    const badge: JsonObject = { badgeClass: f.badge.badgeClass };
    if (f.badge.addNum !== undefined) badge['addNum'] = f.badge.addNum;
    if (f.badge.setNum !== undefined) badge['setNum'] = f.badge.setNum;
    notification['badge'] = badge;
  }
  const image = o.image ?? f.image;
  if (image !== undefined) notification['image'] = image;
  if (f.notifyId !== undefined) notification['notifyId'] = f.notifyId;
  if (o.importance !== undefined) notification['importance'] = o.importance;
  return { data: f.data, android: { notification } };
}

/** Throws PUSH_PAYLOAD_TOO_LARGE when the body exceeds 4096 bytes without its tokens (Huawei's limit, ⚠️). */
export function buildHonorNotification(req: PushRequest, o: HonorBuildOptions): ChannelNotification {
  const payload = req.messageType === 'message' ? { data: passThroughData(req, o.pushId) } : notifyPayload(req, o);
  const size = Buffer.byteLength(JSON.stringify(payload), 'utf8') + TTL_ALLOWANCE_BYTES;
  if (size > HONOR_MAX_BODY_BYTES) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `Honor message: about ${size} bytes, more than ${HONOR_MAX_BODY_BYTES}`);
  }
  const notification: ChannelNotification = { payload, expiration: familyExpiration(req, o.now), pushId: o.pushId };
  if (req.collapseId !== undefined) notification.collapseId = String(req.collapseId);
  return notification;
}
