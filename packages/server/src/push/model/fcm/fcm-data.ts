/**
 * The FCM `data` map of a TPNS push. FCM takes strings only (FCM error codes page, example 1 ✅), so each
 * `android.custom_content` entry becomes a data key with its value as a string (objects and arrays as JSON), which
 * the app reads as intent extras — TUIKit reads the IM `ext` entity from the extra "ext" this way
 * (tpns-and-im-offline-push.md §4.10). A `herald` key carries what the Herald SDK needs: the push id for arrival
 * and click reports, the TPNS click action, and for pass-through messages the title and content.
 */
import { invalidField, isObject, type JsonObject } from '../field-reader.ts';
import { isReservedFcmDataKey } from '@herald/channels/fcm';

export interface HeraldDataEntry {
  pid: string;
  action?: JsonObject;
  title?: string;
  content?: string;
}

function asDataValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Throws REQUEST_PARAM_INVALID when custom_content uses a key FCM reserves ("from", "message_type", google*, gcm*). */
export function buildFcmData(customContent: JsonObject | undefined, herald: HeraldDataEntry): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(customContent ?? {})) {
    if (isReservedFcmDataKey(key)) throw invalidField('message.android.custom_content', `"${key}" is a key FCM reserves`);
    const text = asDataValue(value);
    if (text !== undefined) data[key] = text;
  }
  // Last, so custom_content cannot override it.
  data['herald'] = JSON.stringify(herald);
  return data;
}

export function readAction(raw: JsonObject): JsonObject | undefined {
  const action = raw['action'];
  if (action === undefined || action === null) return undefined;
  if (!isObject(action)) throw invalidField('message.android.action', 'must be an object');
  return action;
}
