/**
 * Turns a normalised TPNS push into the Web Push notification for one browser (its badge depends on the device's
 * server-side counter). The payload the service worker decrypts is Declarative Web Push JSON (Push API draft;
 * WebKit ships it in Safari 18.4), which Safari shows by itself and every other browser hands to the worker:
 *
 *   {"web_push":8030,
 *    "notification":{"title","body","navigate","tag","icon","image","silent","app_badge","data"},
 *    "mutable":true,
 *    "herald":{"pid","type":"notify"}}
 *
 * `navigate` is required for a declarative message, so `web_push` is set only when a click URL is known (TPNS
 * browser action, else the app's default URL); without it the worker shows the same fields. `mutable` lets the
 * worker see the push first, so the SDK can report arrival (🔎 member name from copies of the spec draft).
 * `data` is `android.custom_content`; `herald.pid` lets the SDK report arrival and clicks for the task.
 * A pass-through message (message_type "message") is `{"title","body","data","herald":{"pid","type":"message"}}`.
 *
 * Text: Web Push has no TPNS length row; title and body are cut only to fit the 3993-byte plaintext
 * (shapeWebPushText). Headers: TTL from expire_time, Topic from collapse_id, Urgency normal (RFC 8030 §5.3:
 * "chat or calendar message") or high for a call (`hw_category` VOIP).
 */
import { heraldError } from '@herald/protocol';
import { shapeWebPushText, WEBPUSH_MAX_PLAINTEXT_BYTES, type WebPushNotification } from '@herald/channels/webpush';
import type { JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';
import { webFieldsFromAndroid } from './webpush-android-fields.ts';

export interface WebPushBuildOptions {
  pushId: string;
  /** The device's server-side badge counter, used by badge_type -2. */
  badge: { current: number };
  /** Epoch ms at dispatch. */
  now: number;
  /** Where a click goes when the push names no URL (the web app's start page); absolute http(s). */
  defaultUrl?: string;
}

export interface WebPushBuildResult {
  notification: WebPushNotification;
  /** The badge counter to store for the device; undefined = leave it unchanged. */
  nextBadge: number | undefined;
}

/** TPNS badge_type for a browser's app badge: -2 one more than the counter, n >= 0 exactly n, else none. */
function appBadge(badgeType: number | undefined, current: number): number | undefined {
  if (badgeType === undefined || badgeType === -1) return undefined;
  return badgeType === -2 ? current + 1 : badgeType;
}

function sizeOf(payload: JsonObject): number {
  return Buffer.byteLength(JSON.stringify(payload), 'utf8');
}

/** Fills `text`'s title and body slots (already present, empty) with as much text as the record holds. */
function fitText(payload: JsonObject, text: JsonObject, title: string, body: string): void {
  const budget = WEBPUSH_MAX_PLAINTEXT_BYTES - sizeOf(payload);
  if (budget < 0) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `Web Push payload: ${sizeOf(payload)} bytes before any text, more than ${WEBPUSH_MAX_PLAINTEXT_BYTES}`);
  }
  const shaped = shapeWebPushText({ title, body }, budget);
  text['title'] = shaped.title;
  text['body'] = shaped.body;
}

/** Builds the Web Push notification; throws PUSH_PAYLOAD_TOO_LARGE when custom data alone is too big. */
export function buildWebPushNotification(req: PushRequest, o: WebPushBuildOptions): WebPushBuildResult {
  const android = req.message.android;
  const fields = webFieldsFromAndroid(android?.raw);
  const data = android?.customContent;
  let payload: JsonObject;
  let nextBadge: number | undefined;

  if (req.messageType === 'message') {
    payload = { title: '', body: '' };
    if (data !== undefined) payload['data'] = data;
    payload['herald'] = { pid: o.pushId, type: 'message' };
    fitText(payload, payload, req.message.title, req.message.content);
  } else {
    const notification: JsonObject = { title: '', body: '' };
    const navigate = fields.navigate ?? o.defaultUrl;
    if (navigate !== undefined) notification['navigate'] = navigate;
    const tag = req.message.threadId !== undefined && req.message.threadId !== '' ? req.message.threadId : req.collapseId?.toString();
    if (tag !== undefined) notification['tag'] = tag;
    if (fields.icon !== undefined) notification['icon'] = fields.icon;
    if (req.message.xgMediaResources !== undefined && req.message.xgMediaResources !== '') notification['image'] = req.message.xgMediaResources;
    if (fields.silent === true) notification['silent'] = true;
    const badge = appBadge(android?.badgeType, o.badge.current);
    if (badge !== undefined) {
      notification['app_badge'] = badge;
      nextBadge = badge;
    }
    if (data !== undefined) notification['data'] = data;
    const herald: JsonObject = { pid: o.pushId, type: 'notify' };
    // TPNS show_type 1: do not show while the app is in the foreground; the worker checks for a focused tab.
    if (req.message.showType === 1) herald['foreground'] = false;
    payload = navigate !== undefined ? { web_push: 8030, notification, mutable: true, herald } : { notification, herald };
    fitText(payload, notification, req.message.title, req.message.content);
  }

  const notification: WebPushNotification = {
    payload,
    urgency: fields.call === true ? 'high' : 'normal',
    expiration: req.expireTime === 0 ? 0 : Math.floor(o.now / 1000) + req.expireTime,
    pushId: o.pushId,
  };
  if (req.collapseId !== undefined) notification.collapseId = String(req.collapseId);
  return { notification, nextBadge };
}
