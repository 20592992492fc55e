/**
 * Builds the APNs `aps` dictionary of a TPNS notification (TPNS push API, "aps parameter description";
 * Apple payload key reference, vendor-push-protocols.md §1.4).
 */
import { isObject, type JsonObject } from '../field-reader.ts';
import type { PushMessage } from '../push-request.ts';

/** The sent aps with TPNS's text overrides: `title`/`content` over `alert.title`/`alert.body`, `""` sound silent. */
function apsWithText(message: PushMessage): JsonObject {
  const aps: JsonObject = { ...(message.ios?.aps ?? {}) };
  delete aps['content-available'];
  delete aps['badge'];

  const sent = aps['alert'];
  const alert: JsonObject = isObject(sent) ? { ...sent } : typeof sent === 'string' && sent !== '' ? { body: sent } : {};
  // "message.title and message.content override alert.title and alert.body"; empty strings override nothing.
  if (message.title !== '') alert['title'] = message.title;
  if (message.content !== '') alert['body'] = message.content;
  aps['alert'] = alert;

  // TPNS: `"sound": ""` means silent, which in APNs is the absence of the key.
  if (aps['sound'] === '' || aps['sound'] === null) delete aps['sound'];
  if (message.threadId !== undefined && message.threadId !== '') aps['thread-id'] = message.threadId;
  return aps;
}

/** `aps` for message_type "notify": the sent aps with TPNS's overrides and defaults; badge is set by the caller. */
export function buildAlertAps(message: PushMessage): JsonObject {
  const aps = apsWithText(message);
  // TPNS defaults mutable-content to 1: the Service Extension needs it to report arrival.
  if (aps['mutable-content'] === undefined || aps['mutable-content'] === null) aps['mutable-content'] = 1;
  // Herald's `ios.content_available`: the alert also wakes the app (Apple allows both in an alert push).
  if (message.ios?.contentAvailable === true) aps['content-available'] = 1;
  return aps;
}

/** `aps` for an iOS silent push (message_type "message"). */
export function buildBackgroundAps(): JsonObject {
  return { 'content-available': 1 };
}

/**
 * `aps` for a VoIP push: PushKit hands the whole payload to the app, which reports the call to CallKit, so the
 * sent keys and texts ride along as they are, without TPNS's alert defaults (no badge, no mutable-content).
 */
export function buildVoipAps(message: PushMessage): JsonObject {
  const aps = apsWithText(message);
  if (Object.keys(aps['alert'] as JsonObject).length === 0) delete aps['alert'];
  return aps;
}
