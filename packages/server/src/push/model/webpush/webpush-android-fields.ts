/**
 * The TPNS `message.android` fields that mean something in a browser notification (TPNS push API, Android
 * table, tpns-and-im-offline-push.md §1.5). TPNS has no web block, so a `web` app reads the Android one:
 * - `action.action_type` 2 with `browser.url` (or an `intent` that is an http(s) URL) → where a click goes;
 *   activity and custom-scheme intents have no meaning in a browser and are ignored.
 * - `icon_type` 1 with `icon_res` (a URL) → the notification icon; resource names (icon_type 0) are ignored.
 * - `ring` 0 and `vibrate` 0 → a silent notification.
 * Vendor-only fields (n_ch_id, xm_ch_id, hw_category, oppo_ch_id, vivo_ch_id, …) select Android channels and
 * are ignored here, except `hw_category` VOIP, which marks a call: Urgency high (RFC 8030 §5.3 table).
 */
import { isObject, type JsonObject } from '../field-reader.ts';

export interface WebNotificationFields {
  navigate?: string;
  icon?: string;
  silent?: true;
  call?: true;
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function webFieldsFromAndroid(android: JsonObject | undefined): WebNotificationFields {
  const out: WebNotificationFields = {};
  if (android === undefined) return out;
  const action = android['action'];
  if (isObject(action)) {
    const type = Number(action['action_type']);
    const browser = action['browser'];
    const url = type === 2 && isObject(browser) ? httpUrl(browser['url']) : type === 3 ? httpUrl(action['intent']) : undefined;
    if (url !== undefined) out.navigate = url;
  }
  if (Number(android['icon_type']) === 1) {
    const icon = httpUrl(android['icon_res']);
    if (icon !== undefined) out.icon = icon;
  }
  if (Number(android['ring']) === 0 && Number(android['vibrate']) === 0) out.silent = true;
  if (typeof android['hw_category'] === 'string' && android['hw_category'].toUpperCase() === 'VOIP') out.call = true;
  return out;
}
