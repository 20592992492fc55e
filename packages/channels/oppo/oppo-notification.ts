/**
 * Turns a ChannelNotification for OPPO into the `notification` object of a unicast message (field names from
 * OPPO's 通知栏消息 doc, 🔎 copies: `title`, `content`, `channel_id`, `category`, `notify_level`,
 * `click_action_type`, `click_action_activity`, `click_action_url`, `action_parameters`, `off_line`,
 * `off_line_ttl`, `notify_id`, `app_message_id`, …). The notification's `payload` is that object; the channel
 * shapes the texts, serialises an object `action_parameters` to the JSON string OPPO takes, and fills the
 * offline lifetime from `expiration` when the payload has none.
 */
import type { ChannelNotification } from '../types.ts';
import { shapeOppoText, truncateCodePoints } from './oppo-text.ts';

/** OPPO keeps offline messages at most ten days (`off_line_ttl`, seconds). */
export const OPPO_MAX_OFFLINE_TTL_S = 10 * 86_400;
const SUB_TITLE_MAX = 10;

export type OppoNotificationResult = { ok: true; notification: Record<string, unknown> } | { ok: false; reason: string };

export function buildOppoNotification(n: ChannelNotification, now: number): OppoNotificationResult {
  const notification: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(n.payload)) {
    if (value !== undefined && value !== null) notification[key] = value;
  }
  const title = notification['title'];
  const content = notification['content'];
  if ((title !== undefined && typeof title !== 'string') || (content !== undefined && typeof content !== 'string')) {
    return { ok: false, reason: 'InvalidNotification:text' };
  }
  const shaped = shapeOppoText({ title: title ?? '', body: content ?? '' });
  if (title !== undefined) notification['title'] = shaped.title;
  if (content !== undefined) notification['content'] = shaped.body;
  const subTitle = notification['sub_title'];
  if (typeof subTitle === 'string') notification['sub_title'] = truncateCodePoints(subTitle, SUB_TITLE_MAX);

  const params = notification['action_parameters'];
  if (params !== undefined && typeof params !== 'string') {
    if (typeof params !== 'object' || Array.isArray(params)) return { ok: false, reason: 'InvalidNotification:action_parameters' };
    try {
      notification['action_parameters'] = JSON.stringify(params);
    } catch {
      return { ok: false, reason: 'InvalidNotification:action_parameters' };
    }
  }
  try {
    // Every request serialises the notification: a value JSON cannot hold (a cycle, a BigInt) fails here, once.
    JSON.stringify(notification);
  } catch {
    return { ok: false, reason: 'InvalidNotification:json' };
  }
  if (n.expiration !== undefined && notification['off_line_ttl'] === undefined && notification['off_line'] === undefined) {
    if (n.expiration === 0) notification['off_line'] = false;
    else notification['off_line_ttl'] = Math.min(OPPO_MAX_OFFLINE_TTL_S, Math.max(1, Math.ceil((n.expiration * 1000 - now) / 1000)));
  }
  if (notification['notify_id'] === undefined && n.collapseId !== undefined && /^\d{1,9}$/.test(n.collapseId)) {
    notification['notify_id'] = Number(n.collapseId);
  }
  return { ok: true, notification };
}
