/**
 * Builds the APNs `aps` dictionary of a TPNS notification (TPNS push API, "aps parameter description";
 * Apple payload key reference, vendor-push-protocols.md §1.4).
 */
import { isObject, type JsonObject } from '../field-reader.ts';
import type { PushMessage } from '../push-request.ts';

/** `aps` for message_type "notify": the sent aps with TPNS's overrides and defaults; badge is set by the caller. */
export function buildAlertAps(message: PushMessage): JsonObject {
  const aps: JsonObject = { ...(message.ios?.aps ?? {}) };
  delete aps['content-available'];
  delete aps['badge'];

  const sent = aps['alert'];
  const alert: JsonObject = isObject(sent) ? { ...sent } : typeof sent === 'string' && sent !== '' ? { body: sent } : {};
  // "message.title and message.content override alert.title and alert.body"; empty strings override nothing.
  if (message.title !== '') alert['title'] = message.title;
  if (message.content !== '') alert['body'] = message.content;
  aps['alert'] = alert;

  // TPNS defaults mutable-content to 1: the Service Extension needs it to report arrival.
  if (aps['mutable-content'] === undefined || aps['mutable-content'] === null) aps['mutable-content'] = 1;
  // TPNS: `"sound": ""` means silent, which in APNs is the absence of the key.
  if (aps['sound'] === '' || aps['sound'] === null) delete aps['sound'];
  if (message.threadId !== undefined && message.threadId !== '') aps['thread-id'] = message.threadId;
  return aps;
}

/** `aps` for an iOS silent push (message_type "message"). */
export function buildBackgroundAps(): JsonObject {
  return { 'content-available': 1 };
}
