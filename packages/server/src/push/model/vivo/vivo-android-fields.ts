/**
 * The `message.android` fields TPNS routes to vivo (TPNS push API, Android table; tpns-and-im-offline-push.md
 * §1.5): `vivo_ch_id` ("0" operation message, the default; "1" system message), `vivo_category` (vivo's
 * second-level class, upper case, replacing vivo_ch_id — TPNS SDK note: "若传入错误无效的值…返回错误码10096"),
 * `ring` and `vibrate` (default 1), and `action`.
 */
import { invalidField, isObject, type JsonObject } from '../field-reader.ts';

export interface VivoClassFields {
  /** 0 operation, 1 system; undefined when neither vivo_ch_id nor vivo_category was sent. */
  classification: 0 | 1 | undefined;
  category: string | undefined;
}

export function readVivoClass(android: JsonObject | undefined): VivoClassFields {
  const rawCh = android?.['vivo_ch_id'];
  const ch = rawCh === '1' || rawCh === 1 ? 1 : rawCh === '0' || rawCh === 0 ? 0 : undefined;
  const rawCategory = android?.['vivo_category'];
  const category = typeof rawCategory === 'string' && rawCategory.trim() !== '' ? rawCategory.trim() : undefined;
  return { classification: ch, category };
}

/** vivo `notifyType`: 1 none, 2 ring, 3 vibrate, 4 both — from TPNS `ring` and `vibrate` (both default 1). */
export function vivoNotifyType(android: JsonObject | undefined): 1 | 2 | 3 | 4 {
  const ring = android?.['ring'] !== 0;
  const vibrate = android?.['vibrate'] !== 0;
  return ring && vibrate ? 4 : ring ? 2 : vibrate ? 3 : 1;
}

/**
 * Checks the vivo fields of `message.android` at request time, so a wrong value is a 1008007 on /v3/push/app
 * rather than a failed push later. Throws HeraldError naming the field.
 */
export function checkVivoAndroidFields(android: JsonObject): void {
  const ch = android['vivo_ch_id'];
  if (ch !== undefined && ch !== null && ch !== '' && ch !== '0' && ch !== '1' && ch !== 0 && ch !== 1) {
    throw invalidField('message.android.vivo_ch_id', 'must be "0" (operation message) or "1" (system message)');
  }
  const category = android['vivo_category'];
  if (category !== undefined && category !== null && category !== '') {
    if (typeof category !== 'string' || !/^[A-Z_]{1,32}$/.test(category)) {
      throw invalidField('message.android.vivo_category', 'must be a vivo category in upper case, e.g. IM, ACCOUNT, SUBSCRIPTION');
    }
  }
  const action = android['action'];
  if (action !== undefined && action !== null && !isObject(action)) throw invalidField('message.android.action', 'must be an object');
}
