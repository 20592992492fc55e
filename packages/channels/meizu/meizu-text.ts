/**
 * Meizu's notification text limits: title 1–32 characters, content 1–100 (MEIZUPUSH/PushAPI README,
 * noticeBarInfo "字数限制1~32字符" / "1~100字符", ✅; the same 32 / 100 in TPNS's product limits, ✅ secondary).
 * Over-long text is cut and ellipsised, as TPNS does on its own channel, rather than refused by Meizu.
 */
export const MEIZU_TITLE_LIMIT = 32;
export const MEIZU_CONTENT_LIMIT = 100;

const ELLIPSIS = '…';

function fit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  return chars.slice(0, limit - 1).join('') + ELLIPSIS;
}

/** Title and body cut to Meizu's limits (counted in characters), with an ellipsis where text was dropped. */
export function shapeMeizuText(title: string, content: string): { title: string; content: string } {
  return { title: fit(title, MEIZU_TITLE_LIMIT), content: fit(content, MEIZU_CONTENT_LIMIT) };
}
