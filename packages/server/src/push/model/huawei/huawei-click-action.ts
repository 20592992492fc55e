/**
 * TPNS `message.android.action` → the Huawei-family click action (Huawei ClickAction: type 1 custom page by
 * intent or action, 2 URL which must be https, 3 open the app; Honor's `clickAction` takes the same values).
 *
 * action_type 1 opens an activity by class name: with the app's package name it becomes the intent
 * `intent:#Intent;component=<package>/<activity>;launchFlags=0x4000000;end` (the form TPNS and Tencent IM use for
 * Huawei, tpns-and-im-offline-push.md §4.10), else "open the app". action_type 2 opens the browser URL; Huawei
 * refuses a non-https URL for the whole push, so such a URL falls back to "open the app". action_type 3 is the
 * app's own intent URI.
 *
 * Huawei drops `custom_content` from notification messages (TPNS: "carry data in intent instead"), and IM's
 * `ext` is read from the click intent's extras, so the custom keys are also written into an `intent:` URI as
 * string extras (`S.<key>=<value>`).
 */
import { isObject, type JsonObject } from '../field-reader.ts';

export interface FamilyClickAction {
  type: 1 | 2 | 3;
  intent?: string;
  url?: string;
}

const LAUNCH_FLAGS = 'launchFlags=0x4000000';

function withExtras(intent: string, extras: Record<string, string>): string {
  const keys = Object.keys(extras);
  // Only Android's intent-URI syntax carries extras; a custom-scheme URI keeps its own query string.
  if (keys.length === 0 || !intent.startsWith('intent:') || !intent.endsWith(';end')) return intent;
  const added = keys.map((k) => `S.${encodeURIComponent(k)}=${encodeURIComponent(extras[k]!)}`).join(';');
  return `${intent.slice(0, -'end'.length)}${added};end`;
}

/** Custom content as intent extras: strings as they are, other values as JSON. */
export function intentExtras(custom: JsonObject | undefined): Record<string, string> {
  const extras: Record<string, string> = {};
  for (const [k, v] of Object.entries(custom ?? {})) extras[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return extras;
}

export function familyClickAction(android: JsonObject | undefined, packageName: string | undefined, extras: Record<string, string>): FamilyClickAction {
  const action = android?.['action'];
  if (!isObject(action)) return { type: 3 };
  const type = action['action_type'];
  if (type === 2) {
    const browser = action['browser'];
    const url = isObject(browser) && typeof browser['url'] === 'string' ? browser['url'].trim() : '';
    return /^https:\/\//i.test(url) ? { type: 2, url } : { type: 3 };
  }
  if (type === 3) {
    const intent = typeof action['intent'] === 'string' ? action['intent'].trim() : '';
    return intent === '' ? { type: 3 } : { type: 1, intent: withExtras(intent, extras) };
  }
  const activity = typeof action['activity'] === 'string' ? action['activity'].trim() : '';
  if (activity === '' || packageName === undefined || packageName === '') return { type: 3 };
  const component = activity.startsWith('.') ? `${packageName}/${packageName}${activity}` : `${packageName}/${activity}`;
  return { type: 1, intent: withExtras(`intent:#Intent;component=${component};${LAUNCH_FLAGS};end`, extras) };
}
