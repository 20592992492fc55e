/**
 * Title and body limits of the Mi channel as TPNS documents them ("产品限制说明": Mi 50 / 128), which match
 * Xiaomi's own field rules ("长度小于50" / "长度小于128", one Chinese or Latin character counts 1; pId=1559).
 * TPNS falls back to its own channel when a vendor refuses a text; Herald has no such channel, so it shortens
 * the text instead and ends it with an ellipsis, as TPNS does for its own channel. Lengths are counted in
 * UTF-16 units, which Xiaomi's Java servers are assumed to count (⚠️): an emoji then costs two, never less than
 * any reading of the rule allows.
 */
export const XIAOMI_TITLE_MAX = 50;
export const XIAOMI_BODY_MAX = 128;

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` UTF-16 units, never inside a surrogate pair, ending with an ellipsis. */
export function truncateWithEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

export function shapeXiaomiText(text: { title: string; body: string }): { title: string; body: string } {
  return { title: truncateWithEllipsis(text.title, XIAOMI_TITLE_MAX), body: truncateWithEllipsis(text.body, XIAOMI_BODY_MAX) };
}
