/**
 * Title and body limits of the OPPO channel as TPNS documents them ("产品限制说明": OPPO 32 / 200). OPPO itself
 * takes titles up to 50 and standard-style content up to 200 characters, counting Chinese, Latin and emoji each
 * as one (OPPO 通知栏消息参数说明, 🔎 copies); TPNS's tighter title is what its users see, so Herald keeps it.
 * TPNS falls back to its own channel when a vendor refuses a text; Herald has no such channel, so it shortens
 * the text instead and ends it with an ellipsis, as TPNS does for its own channel.
 */
export const OPPO_TITLE_MAX = 32;
export const OPPO_BODY_MAX = 200;

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` code points (OPPO counts an emoji as one), ending with an ellipsis. */
export function truncateCodePoints(text: string, max: number): string {
  // Code points never outnumber UTF-16 units.
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return points.slice(0, max - 1).join('') + ELLIPSIS;
}

export function shapeOppoText(text: { title: string; body: string }): { title: string; body: string } {
  return { title: truncateCodePoints(text.title, OPPO_TITLE_MAX), body: truncateCodePoints(text.body, OPPO_BODY_MAX) };
}
