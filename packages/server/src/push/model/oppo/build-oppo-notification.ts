/**
 * Turns a normalised TPNS push into the OPPO notification (the `notification` object of a unicast message, see
 * packages/channels/oppo). TPNS fields that reach the OPPO channel (TPNS push API; tpns-and-im-offline-push.md
 * §1.5): `oppo_ch_id` → `channel_id` (the private-message channel); `action` → `click_action_type` 0 launch,
 * 4 activity (OPPO takes the fully qualified activity name), 2 URL, 5 intent scheme; `custom_content` →
 * `action_parameters`, with the TUIKit entity of an `ext` key copied to `entity`, the bundle key OPPO devices
 * read it from (§4.10). OPPO's message classification (`category`, `notify_level`) has no TPNS field: Tencent IM
 * passes it as `OPPOCategory`/`OPPONotifyLevel`, so callers hand it in. Texts are cut to TPNS's OPPO limits
 * (32 / 200).
 *
 * Two TPNS rules leave OPPO out: in-app (pass-through) messages, which "the OPPO channel does not support"
 * (TPNS OPPO channel guide), and collapse pushes without `force_collapse`, since OPPO "cannot override".
 */
import { heraldError } from '@herald/protocol';
import type { ChannelNotification } from '@herald/channels';
import { shapeOppoText } from '@herald/channels/oppo';
import { isObject, type JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';

export type OppoNotifyLevel = 1 | 2 | 16;

export interface OppoBuildOptions {
  pushId: string;
  /** Epoch ms at dispatch. */
  now: number;
  /** OPPO message category (`IM`, `ACCOUNT`, … or `NEWS`, `MARKETING`, …). */
  category?: string;
  /** 1 shade, 2 shade + lock screen, 16 shade + lock screen + banner + ring + vibrate (IM category only). */
  notifyLevel?: OppoNotifyLevel;
}

export interface OppoBuildResult {
  /** Undefined when TPNS's rules keep this push off the OPPO channel; `notes` says why. */
  notification: ChannelNotification | undefined;
  notes: string[];
}

/** 🔎 OPPO: `action_parameters` is a JSON string of at most 4 K characters. */
export const OPPO_ACTION_PARAMETERS_MAX = 4096;

function entityOf(ext: unknown): unknown {
  let value = ext;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  return isObject(value) ? value['entity'] : undefined;
}

function click(android: JsonObject, notification: JsonObject): void {
  const action = isObject(android['action']) ? android['action'] : undefined;
  const type = action?.['action_type'];
  if (type === 1 && typeof action?.['activity'] === 'string' && action['activity'] !== '') {
    notification['click_action_type'] = 4;
    notification['click_action_activity'] = action['activity'];
    return;
  }
  if (type === 2) {
    const url = isObject(action?.['browser']) ? action['browser']['url'] : undefined;
    if (typeof url === 'string' && url !== '') {
      notification['click_action_type'] = 2;
      notification['click_action_url'] = url;
      return;
    }
  }
  if (type === 3 && typeof action?.['intent'] === 'string' && action['intent'] !== '') {
    notification['click_action_type'] = 5;
    notification['click_action_url'] = action['intent'];
    return;
  }
  notification['click_action_type'] = 0;
}

export function buildOppoNotification(req: PushRequest, o: OppoBuildOptions): OppoBuildResult {
  if (req.messageType === 'message') return { notification: undefined, notes: ['OPPO does not carry in-app (pass-through) messages'] };
  if (req.collapseId !== undefined && !req.forceCollapse) {
    return { notification: undefined, notes: ['collapse_id without force_collapse: OPPO cannot override a notification'] };
  }
  const android: JsonObject = req.message.android?.raw ?? {};
  const custom: JsonObject = req.message.android?.customContent ?? {};
  // OPPO refuses an empty title; TPNS would fall back to its own channel, Herald shows the content as the title.
  const title = req.message.title.trim() === '' ? req.message.content : req.message.title;
  const text = shapeOppoText({ title, body: req.message.content });
  const notification: JsonObject = { title: text.title, content: text.body };

  const channelId = android['oppo_ch_id'];
  if (typeof channelId === 'string' && channelId !== '') notification['channel_id'] = channelId;
  if (o.category !== undefined) notification['category'] = o.category;
  if (o.notifyLevel !== undefined) notification['notify_level'] = o.notifyLevel;
  click(android, notification);

  // Intent extras are strings on the device, so every value travels as one.
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(custom)) params[key] = typeof value === 'string' ? value : JSON.stringify(value);
  const entity = entityOf(custom['ext']);
  if (entity !== undefined && params['entity'] === undefined) params['entity'] = JSON.stringify(entity);
  params['herald'] = JSON.stringify({ pid: o.pushId });
  const serialized = JSON.stringify(params);
  if (serialized.length > OPPO_ACTION_PARAMETERS_MAX) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `OPPO action_parameters: more than ${OPPO_ACTION_PARAMETERS_MAX} characters`);
  }
  notification['action_parameters'] = serialized;

  const notes: string[] = [];
  if (req.collapseId !== undefined) notes.push('force_collapse: delivered to OPPO without overriding the earlier notification');
  if (o.notifyLevel === 16 && o.category !== 'IM') notes.push('notify_level 16 needs category IM; OPPO will refuse it');
  return {
    notification: { payload: notification, expiration: req.expireTime === 0 ? 0 : Math.floor(o.now / 1000) + req.expireTime, pushId: o.pushId },
    notes,
  };
}
