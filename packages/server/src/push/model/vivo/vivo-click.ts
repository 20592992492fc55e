/**
 * TPNS `message.android.action` → vivo `skipType` / `skipContent` (vivo: 1 open the app, 2 open a URL ≤ 1000
 * characters, 4 open an in-app page given as an intent URI ≤ 1024 characters; 3 "custom" is not supported by
 * vivo's SDK from v480 on, which says to use 4 with an intent URI — vivo FAQ quoted in modood/pushapi, 🔎).
 *
 * TPNS action_type 1 opens an activity by class name; vivo needs a component, so the activity becomes
 * `intent:#Intent;component=<package>/<activity>;end` when the app's package name is known, and "open the app"
 * otherwise. action_type 2 is the browser URL; action_type 3 is the app's own intent URI.
 */
import { isObject, type JsonObject } from '../field-reader.ts';

export interface VivoClick {
  skipType: 1 | 2 | 4;
  skipContent?: string;
}

export function vivoClick(android: JsonObject | undefined, packageName: string | undefined): VivoClick {
  const action = android?.['action'];
  if (!isObject(action)) return { skipType: 1 };
  const type = action['action_type'];
  if (type === 2) {
    const browser = action['browser'];
    const url = isObject(browser) && typeof browser['url'] === 'string' ? browser['url'] : '';
    return /^https?:\/\//i.test(url) ? { skipType: 2, skipContent: url } : { skipType: 1 };
  }
  if (type === 3) {
    const intent = typeof action['intent'] === 'string' ? action['intent'].trim() : '';
    return intent === '' ? { skipType: 1 } : { skipType: 4, skipContent: intent };
  }
  const activity = typeof action['activity'] === 'string' ? action['activity'].trim() : '';
  if (activity === '' || packageName === undefined || packageName === '') return { skipType: 1 };
  const component = activity.startsWith('.') ? `${packageName}/${packageName}${activity}` : `${packageName}/${activity}`;
  return { skipType: 4, skipContent: `intent:#Intent;component=${component};end` };
}
