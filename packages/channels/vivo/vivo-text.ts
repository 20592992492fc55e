/**
 * vivo's title and body limits and how Herald fits text into them.
 *
 * Limits: 40 characters of title and 100 of body, every character counting one whatever the script. Sources:
 * vivo's current send-API field notes ("最大40个字符（不区分中英文）", quoted in modood/pushapi vivopush, 🔎) and
 * TPNS's Chinese product-limits page (cloud.tencent.com/document/product/876/41760: vivo 40 / 100, ✅ secondary).
 * TPNS's international page lists 128 for the body; vivo answers 10058 above 100, so 100 is what reaches phones.
 * TPNS documents that a vendor refuses over-long text; Herald cuts it instead, ellipsised as TPNS's own channel
 * does, so the notification still goes out through vivo.
 */
export const VIVO_TITLE_LIMIT = 40;
export const VIVO_CONTENT_LIMIT = 100;

const ELLIPSIS = '…';

/** Characters as vivo counts them: Unicode code points, so a surrogate pair is never split. */
export function vivoTextLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function fit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  return chars.slice(0, limit - 1).join('') + ELLIPSIS;
}

/** Title and body cut to vivo's limits, with an ellipsis where text was dropped. */
export function shapeVivoText(title: string, content: string): { title: string; content: string } {
  return { title: fit(title, VIVO_TITLE_LIMIT), content: fit(content, VIVO_CONTENT_LIMIT) };
}
