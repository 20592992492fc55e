/**
 * Tencent's UserID rule, taken from the IM SDK's own check (error 7003): not empty, printable ASCII
 * (0x20–0x7e), at most 32 bytes. Tencent *recommends* `[a-zA-Z0-9_-]` but accepts the wider set, so Herald
 * accepts exactly what Tencent accepts: an ID that works there works here, and nothing more.
 */
const USER_ID = /^[\x20-\x7e]{1,32}$/;

export const MAX_USER_ID_BYTES = 32;

export function isValidUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value);
}
