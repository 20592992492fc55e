/**
 * Turns a normalised TPNS push into the Meizu notification for the Meizu channel: the notification-bar
 * `messageJson` of pushByPushId (the channel adds appId, pushIds and the sign). Custom keys from
 * `android.custom_content` travel in `clickTypeInfo.parameters`, which the app reads as Intent extras (IM's `ext`
 * among them), beside a `herald` key `{"pid":…}` for arrival and click reports.
 *
 * TPNS fields that apply (tpns-and-im-offline-push.md §1.5): title/content (Meizu 32 / 100 characters), action,
 * custom_content, ring / vibrate / lights (Meizu advanceInfo.notificationType sound / vibrate / lights),
 * clearable (clearNoticeBar), expire_time (pushTimeInfo: offline hours 1–72) and collapse_id, which TPNS
 * honours on Meizu: it becomes `notifyKey`, under which Meizu shows only the latest notification. TPNS says
 * Meizu has no message classes ("魅族暂不支持消息分类，且不限额"); Meizu's later public/private message type (IM's
 * MeiZuNoticeMsgType, Herald's `mz_notice_msg_type`) goes in `noticeBarInfo.noticeMsgType` (⚠️ the name is
 * the one push SDKs use; its place in messageJson is not on Meizu's published page).
 */
import type { ChannelNotification } from '@herald/channels';
import { shapeMeizuText } from '@herald/channels/meizu';
import type { JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';
import { meizuClick } from './meizu-click.ts';

export interface MeizuBuildOptions {
  pushId: string;
  /** Epoch ms at dispatch. */
  now: number;
  /** The Android package name, to complete an activity given as ".ChatActivity". */
  packageName?: string;
  /** Used when the push has no title: Meizu refuses an empty one (1005). Typically the app's name. */
  fallbackTitle?: string;
  /** Herald's `mz_notice_msg_type` (IM's MeiZuNoticeMsgType): 0 public (公信), 1 private (私信) message. */
  noticeMsgType?: 0 | 1;
}

/** Meizu notifyKey: at most 8 of [0-9a-zA-Z_-]. */
const NOTIFY_KEY_MAX = 8;

function flag(android: JsonObject | undefined, key: string): 0 | 1 {
  return android?.[key] === 0 ? 0 : 1;
}

/** A TPNS collapse_id as a Meizu notifyKey: base 36 keeps ids below 36⁸ (2.8 trillion) within 8 characters. */
export function meizuNotifyKey(collapseId: number): string | undefined {
  const key = collapseId.toString(36);
  return key.length <= NOTIFY_KEY_MAX ? key : undefined;
}

/**
 * The Meizu notification, or undefined for a pass-through push (`message_type: "message"`): Meizu has limited
 * pass-through messages since 2018 and TPNS delivers those through its own channel only.
 */
export function buildMeizuNotification(req: PushRequest, o: MeizuBuildOptions): ChannelNotification | undefined {
  if (req.messageType !== 'notify') return undefined;
  const android = req.message.android?.raw;
  const title = req.message.title !== '' ? req.message.title : (o.fallbackTitle ?? '');
  const text = shapeMeizuText(title, req.message.content);

  const parameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.message.android?.customContent ?? {})) parameters[k] = typeof v === 'string' ? v : JSON.stringify(v);
  parameters['herald'] = JSON.stringify({ pid: o.pushId });

  const advance: JsonObject = {
    suspend: 1,
    clearNoticeBar: flag(android, 'clearable'),
    notificationType: { vibrate: flag(android, 'vibrate'), lights: flag(android, 'lights'), sound: flag(android, 'ring') },
  };
  const notifyKey = req.collapseId === undefined ? undefined : meizuNotifyKey(req.collapseId);
  if (notifyKey !== undefined) advance['notifyKey'] = notifyKey;

  const noticeBar: JsonObject = { noticeBarType: 0, title: text.title, content: text.content };
  if (o.noticeMsgType !== undefined) noticeBar['noticeMsgType'] = o.noticeMsgType;
  const payload: JsonObject = {
    noticeBarInfo: noticeBar,
    clickTypeInfo: { ...meizuClick(android, o.packageName), parameters },
    // expire_time 0 is "real-time only": Meizu's offLine 0. Otherwise whole hours, 1 to 72 (TPNS caps at 72 too).
    pushTimeInfo: req.expireTime === 0 ? { offLine: 0 } : { offLine: 1, validTime: Math.min(72, Math.max(1, Math.ceil(req.expireTime / 3600))) },
    advanceInfo: advance,
  };
  const notification: ChannelNotification = {
    payload,
    expiration: req.expireTime === 0 ? 0 : Math.floor(o.now / 1000) + req.expireTime,
    pushId: o.pushId,
  };
  if (notifyKey !== undefined) notification.collapseId = notifyKey;
  return notification;
}
