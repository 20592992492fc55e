/**
 * `android.notification` of an FCM message from TPNS's `message.android` fields (tpns-and-im-offline-push.md
 * §1.5; FCM AndroidNotification fields checked against Google's generated API clients, ✅):
 * - `fcm_ch_id` → `channel_id`; TPNS's own `n_ch_id` is used when no FCM channel is named, since apps usually
 *   create one channel for every vendor (a Herald choice);
 * - `ring_raw` → `sound` (a res/raw file; TPNS lists FCM among the channels that honour it); otherwise `ring`
 *   (default 1) → `default_sound`; `vibrate` → `default_vibrate_timings`; `lights` → `default_light_settings`;
 * - `small_icon` → `icon`; `icon_type` 1 with an `icon_res` URL → `image` (TPNS lists FCM for URL icons; which FCM
 *   field it fills is not documented ⚠️);
 * - `collapse_id` → `tag`, so a newer notification replaces the shown one, as TPNS's collapse does.
 * Fields TPNS marks "TPNS channel only" (n_ch_name, builder_id, icon_color, clearable, style_id, thread_id …) are
 * not sent.
 */
import { optionalInteger, optionalString, type JsonObject } from '../field-reader.ts';

const P = 'message.android';

export function buildAndroidNotification(raw: JsonObject, collapseId: number | undefined): JsonObject {
  const n: JsonObject = {};
  const channel = optionalString(raw, 'fcm_ch_id', `${P}.fcm_ch_id`) ?? optionalString(raw, 'n_ch_id', `${P}.n_ch_id`);
  if (channel !== undefined && channel !== '') n['channel_id'] = channel;

  const ringRaw = optionalString(raw, 'ring_raw', `${P}.ring_raw`);
  const ring = optionalInteger(raw, 'ring', `${P}.ring`) ?? 1;
  if (ringRaw !== undefined && ringRaw !== '') n['sound'] = ringRaw;
  else if (ring !== 0) n['default_sound'] = true;
  if ((optionalInteger(raw, 'vibrate', `${P}.vibrate`) ?? 1) !== 0) n['default_vibrate_timings'] = true;
  if ((optionalInteger(raw, 'lights', `${P}.lights`) ?? 1) !== 0) n['default_light_settings'] = true;

  const smallIcon = optionalString(raw, 'small_icon', `${P}.small_icon`);
  if (smallIcon !== undefined && smallIcon !== '') n['icon'] = smallIcon;
  const iconRes = optionalString(raw, 'icon_res', `${P}.icon_res`);
  if (optionalInteger(raw, 'icon_type', `${P}.icon_type`) === 1 && iconRes !== undefined && /^https?:\/\//.test(iconRes)) n['image'] = iconRes;

  if (collapseId !== undefined) n['tag'] = String(collapseId);
  return n;
}
