/**
 * Title and body limits for Web Push. TPNS's per-channel length table (tpns-and-im-offline-push.md §1.12) has no
 * browser row, and no push service documents a character limit: the only hard limit is the encrypted record,
 * 3993 bytes of plaintext (RFC 8291 §4). So the text is cut to what fits beside the rest of the payload, body
 * first, then title, at a code-point boundary with an ellipsis, the way TPNS ellipsises over-long titles on its
 * own channel. Browsers clip the displayed text further on their own.
 */
import { WEBPUSH_MAX_PLAINTEXT_BYTES } from './webpush-encryption.ts';

export const WEBPUSH_TEXT_LIMITS = {
  /** No documented character limit (null): bounded by the payload. */
  titleChars: null,
  bodyChars: null,
  plaintextBytes: WEBPUSH_MAX_PLAINTEXT_BYTES,
} as const;

const ELLIPSIS = '…';

/** Bytes `s` takes inside a JSON string literal (escapes included, quotes excluded). */
export function jsonStringBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;
}

/** The longest prefix of `s`, plus an ellipsis, within `maxBytes`; `s` itself when it fits. */
function cut(s: string, maxBytes: number): string {
  if (jsonStringBytes(s) <= maxBytes) return s;
  if (maxBytes < jsonStringBytes(ELLIPSIS)) return '';
  const points = Array.from(s);
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (jsonStringBytes(points.slice(0, mid).join('') + ELLIPSIS) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return points.slice(0, lo).join('') + ELLIPSIS;
}

export interface ShapedWebPushText {
  title: string;
  body: string;
  truncated: boolean;
}

/**
 * Fits `title` and `body` into `budgetBytes` of JSON string content (what is left of the plaintext once the
 * rest of the payload is counted): the body gives way first, the title only when it alone is too long.
 */
export function shapeWebPushText(text: { title: string; body: string }, budgetBytes: number): ShapedWebPushText {
  const titleBytes = jsonStringBytes(text.title);
  if (titleBytes + jsonStringBytes(text.body) <= budgetBytes) return { title: text.title, body: text.body, truncated: false };
  const bodyBudget = budgetBytes - titleBytes;
  if (bodyBudget >= jsonStringBytes(ELLIPSIS)) return { title: text.title, body: cut(text.body, bodyBudget), truncated: true };
  return { title: cut(text.title, Math.max(0, budgetBytes)), body: '', truncated: true };
}
