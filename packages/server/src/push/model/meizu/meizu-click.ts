/**
 * TPNS `message.android.action` → Meizu `clickTypeInfo` (MEIZUPUSH/PushAPI README: clickType 0 open the app,
 * 1 an app page given as "pkg.activity", 2 a URI page, 3 custom — no longer to be used since Android 12, the
 * README says). TPNS action_type 1 names the activity class, which is Meizu's form already (TPNS IM notes: "the
 * fully qualified activity name (OPPO, Meizu)"); action_type 2 is a browser URL and action_type 3 the app's
 * intent URI, both Meizu URI pages. `activity` and `url` are at most 1000 bytes.
 */
import { isObject, type JsonObject } from '../field-reader.ts';

export interface MeizuClick {
  clickType: 0 | 1 | 2;
  activity?: string;
  url?: string;
}

const MAX_BYTES = 1000;

function fits(s: string): boolean {
  return s !== '' && Buffer.byteLength(s, 'utf8') <= MAX_BYTES;
}

export function meizuClick(android: JsonObject | undefined, packageName: string | undefined): MeizuClick {
  const action = android?.['action'];
  if (!isObject(action)) return { clickType: 0 };
  const type = action['action_type'];
  if (type === 2) {
    const browser = action['browser'];
    const url = isObject(browser) && typeof browser['url'] === 'string' ? browser['url'].trim() : '';
    return fits(url) ? { clickType: 2, url } : { clickType: 0 };
  }
  if (type === 3) {
    const intent = typeof action['intent'] === 'string' ? action['intent'].trim() : '';
    return fits(intent) ? { clickType: 2, url: intent } : { clickType: 0 };
  }
  let activity = typeof action['activity'] === 'string' ? action['activity'].trim() : '';
  if (activity.startsWith('.') && packageName !== undefined && packageName !== '') activity = packageName + activity;
  return fits(activity) && !activity.startsWith('.') ? { clickType: 1, activity } : { clickType: 0 };
}
