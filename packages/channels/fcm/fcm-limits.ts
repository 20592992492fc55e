/**
 * FCM's message limits and how TPNS text is shaped for FCM.
 *
 * - Payload: "4096 bytes for most messages, or 2048 bytes in the case of messages to topics. This includes both the
 *   keys and the values" (FCM ErrorCode reference, INVALID_ARGUMENT, ✅). "The maximum payload for both message
 *   types is 4096 bytes" (About FCM messages, ✅), so notification keys count as well as data keys. Which
 *   notification fields FCM counts is not documented (⚠️): this counts every string key/value of
 *   `notification`, `data`, `android.notification` and `android.data`.
 * - Title and body: TPNS's per-channel length table (tpns-and-im-offline-push.md §1.12) has no FCM row and FCM sets
 *   no length of its own, so FCM text is not truncated; only the payload limit applies, and TPNS's rule for a
 *   channel that refuses a push is that it fails on that channel.
 * - Data values must be strings (FCM error codes page, example 1, ✅).
 * - Reserved data keys: "from", "message_type", or any word starting with "google" or "gcm" (Message.data
 *   reference, ✅).
 */

export const FCM_MAX_PAYLOAD_BYTES = 4096;
export const FCM_MAX_TOPIC_PAYLOAD_BYTES = 2048;
/** TTL bounds in seconds: 0 to 4 weeks (ErrorCode reference, ✅). */
export const FCM_MAX_TTL_SECONDS = 2_419_200;

/** `null`: no length limit documented for FCM (see above). */
export const FCM_TEXT_LIMITS: Readonly<{ title: number | null; body: number | null }> = { title: null, body: null };

export function isReservedFcmDataKey(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'from' || k === 'message_type' || k.startsWith('google') || k.startsWith('gcm');
}

/**
 * TPNS title and content as FCM notification fields. No truncation (no documented limit); an empty title is left
 * out, so the device shows the app name as it does for a notification without one.
 */
export function shapeFcmText(title: string, content: string): { title?: string; body: string } {
  const out: { title?: string; body: string } = { body: content };
  if (title !== '') out.title = title;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringEntriesBytes(obj: unknown): number {
  if (!isRecord(obj)) return 0;
  let n = 0;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') n += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  return n;
}

/** The bytes FCM counts against the payload limit for `message` (see the header for what is counted). */
export function fcmPayloadBytes(message: Record<string, unknown>): number {
  const android = isRecord(message['android']) ? message['android'] : undefined;
  return (
    stringEntriesBytes(message['data']) +
    stringEntriesBytes(message['notification']) +
    stringEntriesBytes(android?.['data']) +
    stringEntriesBytes(android?.['notification'])
  );
}
