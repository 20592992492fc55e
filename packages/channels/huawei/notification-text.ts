/**
 * Per-vendor title/body length limits, applied the way TPNS documents them (TPNS "product limits", Android title
 * and body length by channel: Huawei 40 / 80 characters; reference tpns-and-im-offline-push.md §1.12). Lengths
 * are counted in characters (Unicode code points, so an emoji is one), and an over-long text keeps its first
 * `limit - 1` characters followed by "…", so the reader sees that it was cut, as TPNS shows on its own channel.
 */

export interface TextLimits {
  readonly title: number;
  readonly body: number;
}

export interface ShapedText {
  title: string;
  body: string;
  /** Whether either text was cut. */
  truncated: boolean;
}

export const HUAWEI_TEXT_LIMITS: TextLimits = { title: 40, body: 80 };

const ELLIPSIS = '…';

/** `text` cut to at most `limit` code points, ending in "…" when it was cut. */
export function truncateText(text: string, limit: number): string {
  // Strings of at most `limit` UTF-16 units cannot hold more than `limit` code points.
  if (text.length <= limit) return text;
  const points = Array.from(text);
  if (points.length <= limit) return text;
  return points.slice(0, Math.max(0, limit - 1)).join('') + ELLIPSIS;
}

export function shapeText(text: { title: string; body: string }, limits: TextLimits): ShapedText {
  const title = truncateText(text.title, limits.title);
  const body = truncateText(text.body, limits.body);
  return { title, body, truncated: title !== text.title || body !== text.body };
}

export function shapeHuaweiText(text: { title: string; body: string }): ShapedText {
  return shapeText(text, HUAWEI_TEXT_LIMITS);
}
