/**
 * The TPNS push fields that shape a Huawei-family notification (TPNS push API, `message.android`, read in
 * tpns-and-im-offline-push.md §1.5), read once into vendor-neutral values; the Huawei and Honor builders spell
 * them in their own wire names.
 *
 * - `hw_ch_id` (Huawei channel ID), else `n_ch_id`: the Android notification channel the app created.
 * - `badge_type`: -2 add one (Huawei only), n ≥ 0 set n, -1 unchanged. Huawei needs the entry activity's class
 *   with any badge, so without one no badge is sent.
 * - `icon_type` 1 with `icon_res`: an image URL ("URL (TPNS, FCM, Huawei and HONOR)"); https only.
 * - `collapse_id` (Huawei EMUI 10+), else the deprecated `n_id` > 0: the notification ID a later push replaces.
 * - `show_type` 1: not shown while the app is in the foreground.
 * - `ring_raw`: a sound in `res/raw`; `small_icon`: a status-bar icon in `res/raw`.
 * - `custom_content` with a `herald` key `{"pid":…}`: the message data (and intent extras, huawei-click-action.ts).
 */
import type { JsonObject } from '../field-reader.ts';
import type { PushRequest } from '../push-request.ts';
import { familyClickAction, intentExtras, type FamilyClickAction } from './huawei-click-action.ts';

export interface FamilyBuildOptions {
  pushId: string;
  /** Epoch ms at dispatch. */
  now: number;
  /** The Android package name, so that an activity click action can become an intent. */
  packageName?: string;
  /** The app's entry (launcher) activity, fully qualified: Huawei and Honor need it for any badge. */
  badgeClass?: string;
  /** The title when the request has none (both vendors require one). */
  fallbackTitle?: string;
}

export interface FamilyFields {
  channelId?: string;
  clickAction: FamilyClickAction;
  badge?: { addNum?: number; setNum?: number; badgeClass: string };
  image?: string;
  notifyId?: number;
  foregroundShow?: false;
  sound?: string;
  icon?: string;
  /** `message.data`: custom content plus Herald's task id, as a JSON string. */
  data: string;
}

function text(raw: JsonObject | undefined, key: string): string | undefined {
  const v = raw?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function rawPath(name: string): string {
  return name.startsWith('/raw/') ? name : `/raw/${name}`;
}

function badgeOf(badgeType: number | undefined, badgeClass: string | undefined): FamilyFields['badge'] {
  if (badgeType === undefined || badgeType === -1 || badgeClass === undefined || badgeClass === '') return undefined;
  return badgeType === -2 ? { addNum: 1, badgeClass } : { setNum: badgeType, badgeClass };
}

export function readFamilyFields(req: PushRequest, o: FamilyBuildOptions): FamilyFields {
  const android = req.message.android;
  const raw = android?.raw;
  const custom = android?.customContent;
  const fields: FamilyFields = {
    clickAction: familyClickAction(raw, o.packageName, intentExtras(custom)),
    data: JSON.stringify({ ...(custom ?? {}), herald: { pid: o.pushId } }),
  };
  const channelId = text(raw, 'hw_ch_id') ?? text(raw, 'n_ch_id');
  if (channelId !== undefined) fields.channelId = channelId;
  const badge = badgeOf(android?.badgeType, o.badgeClass);
  if (badge !== undefined) fields.badge = badge;
  const iconRes = text(raw, 'icon_res');
  if (raw?.['icon_type'] === 1 && iconRes !== undefined && /^https:\/\//i.test(iconRes)) fields.image = iconRes;
  const nId = raw?.['n_id'];
  // Android notification ids are 32-bit; Herald's assigned collapse ids (push ids) are larger.
  if (req.collapseId !== undefined) fields.notifyId = req.collapseId % 2_147_483_647;
  else if (typeof nId === 'number' && Number.isSafeInteger(nId) && nId > 0) fields.notifyId = nId;
  if (req.message.showType === 1 || raw?.['show_type'] === 1) fields.foregroundShow = false;
  const ring = text(raw, 'ring_raw');
  if (ring !== undefined) fields.sound = rawPath(ring);
  const smallIcon = text(raw, 'small_icon');
  if (smallIcon !== undefined) fields.icon = rawPath(smallIcon);
  return fields;
}

/** Epoch seconds after which the vendor must drop the push; 0 for TPNS's real-time-only `expire_time: 0`. */
export function familyExpiration(req: PushRequest, now: number): number {
  return req.expireTime === 0 ? 0 : Math.floor(now / 1000) + req.expireTime;
}

/** A pass-through (in-app) message's data: title, content and custom content as one JSON string. */
export function passThroughData(req: PushRequest, pushId: string): string {
  return JSON.stringify({
    title: req.message.title,
    content: req.message.content,
    ...(req.message.android?.customContent ?? {}),
    herald: { pid: pushId },
  });
}

