/**
 * Checks one unicast `message` and its `notification` against OPPO's field rules (🔎 OPPO 通知栏消息参数说明
 * and the field doc quoted in public clients; lengths count Chinese, Latin and emoji as one character each).
 * Problems answer 40 (missing) or 41 (invalid); classification problems answer 67 (✅ public code table).
 * The category and notify_level sets are the ones TPNS and Tencent IM pass through (⚠️ not read in OPPO's doc).
 */
export interface OppoNotificationRules {
  channelIds: Set<string> | undefined;
}

export interface ParsedOppoMessage {
  registrationId: string;
  verifyRegistrationId: boolean;
  notification: Record<string, unknown>;
  title: string;
  content: string;
  channelId: string | undefined;
  category: string | undefined;
  notifyLevel: number | undefined;
  clickActionType: number;
  actionParameters: Record<string, unknown> | undefined;
  appMessageId: string | undefined;
}

export type OppoValidation = { ok: true; message: ParsedOppoMessage } | { ok: false; code: 40 | 41 | 67; reason: string };

export const TITLE_MAX = 50;
export const SUB_TITLE_MAX = 10;
/** Content length by `style`: 1 standard, 2 long text, 3 big picture. */
export const CONTENT_MAX: Readonly<Record<number, number>> = { 1: 200, 2: 128, 3: 50 };
export const CLICK_TARGET_MAX = 500;
export const ACTION_PARAMETERS_MAX = 4096;
export const OFFLINE_TTL_MAX_S = 10 * 86_400;
export const SHOW_TTL_RANGE_S = [6 * 3600, 48 * 3600] as const;
export const CALLBACK_URL_MAX = 200;
export const CALLBACK_PARAMETER_MAX = 100;
export const CATEGORIES = new Set(['IM', 'ACCOUNT', 'DEVICE_REMINDER', 'ORDER', 'TODO', 'SUBSCRIPTION', 'NEWS', 'CONTENT', 'MARKETING', 'SOCIAL']);
export const NOTIFY_LEVELS = new Set([1, 2, 16]);
const CLICK_TYPES = new Set([0, 1, 2, 4, 5]);

const chars = (s: string): number => Array.from(s).length;
const missing = (reason: string): OppoValidation => ({ ok: false, code: 40, reason });
const invalid = (reason: string): OppoValidation => ({ ok: false, code: 41, reason });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalInt(n: Record<string, unknown>, key: string): number | undefined | 'bad' {
  const v = n[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : 'bad';
}

function optionalString(n: Record<string, unknown>, key: string): string | undefined | 'bad' {
  const v = n[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : 'bad';
}

export function validateOppoMessage(raw: unknown, rules: OppoNotificationRules): OppoValidation {
  if (!isObject(raw)) return invalid('message must be a JSON object');
  if (raw['target_type'] === undefined) return missing('target_type');
  // 5 (alias) exists at OPPO; the emulator keeps no aliases.
  if (raw['target_type'] !== 2) return invalid('target_type must be 2 (registration_id)');
  const target = raw['target_value'];
  if (target === undefined || target === '') return missing('target_value');
  if (typeof target !== 'string') return invalid('target_value must be a string');
  const verify = raw['verify_registration_id'];
  if (verify !== undefined && typeof verify !== 'boolean') return invalid('verify_registration_id must be true or false');
  const n = raw['notification'];
  if (n === undefined) return missing('notification');
  if (!isObject(n)) return invalid('notification must be a JSON object');

  const style = optionalInt(n, 'style') ?? 1;
  if (style === 'bad' || CONTENT_MAX[style] === undefined) return invalid('style must be 1, 2 or 3');
  if (style === 3) return invalid('style 3 (big picture) is for broadcasts only');
  const title = optionalString(n, 'title');
  if (title === undefined || title === '') return missing('title');
  if (title === 'bad') return invalid('title must be a string');
  if (chars(title) > TITLE_MAX) return invalid(`title longer than ${TITLE_MAX} characters`);
  const subTitle = optionalString(n, 'sub_title');
  if (subTitle === 'bad' || (subTitle !== undefined && chars(subTitle) > SUB_TITLE_MAX)) return invalid(`sub_title longer than ${SUB_TITLE_MAX} characters`);
  const content = optionalString(n, 'content');
  if (content === undefined || content === '') return missing('content');
  if (content === 'bad') return invalid('content must be a string');
  if (chars(content) > CONTENT_MAX[style]!) return invalid(`content longer than ${CONTENT_MAX[style]} characters for style ${style}`);

  const click = optionalInt(n, 'click_action_type') ?? 0;
  if (click === 'bad' || !CLICK_TYPES.has(click)) return invalid('click_action_type must be 0, 1, 2, 4 or 5');
  const activity = optionalString(n, 'click_action_activity');
  const url = optionalString(n, 'click_action_url');
  if (activity === 'bad' || url === 'bad') return invalid('click_action_activity and click_action_url must be strings');
  if ((click === 1 || click === 4) && (activity === undefined || activity === '')) return missing('click_action_activity');
  if ((click === 2 || click === 5) && (url === undefined || url === '')) return missing('click_action_url');
  if ((activity !== undefined && chars(activity) > CLICK_TARGET_MAX) || (url !== undefined && chars(url) > CLICK_TARGET_MAX)) {
    return invalid(`click target longer than ${CLICK_TARGET_MAX} characters`);
  }
  let actionParameters: Record<string, unknown> | undefined;
  const params = optionalString(n, 'action_parameters');
  if (params === 'bad') return invalid('action_parameters must be a JSON string');
  if (params !== undefined) {
    if (params.length > ACTION_PARAMETERS_MAX) return invalid(`action_parameters longer than ${ACTION_PARAMETERS_MAX} characters`);
    try {
      const parsed: unknown = JSON.parse(params);
      if (!isObject(parsed)) return invalid('action_parameters must hold a JSON object');
      actionParameters = parsed;
    } catch {
      return invalid('action_parameters is not JSON');
    }
  }

  const offLine = n['off_line'];
  if (offLine !== undefined && typeof offLine !== 'boolean') return invalid('off_line must be true or false');
  const ttl = optionalInt(n, 'off_line_ttl');
  if (ttl === 'bad' || (ttl !== undefined && (ttl < 1 || ttl > OFFLINE_TTL_MAX_S))) return invalid('off_line_ttl must be 1 second to 10 days');
  const showTtl = optionalInt(n, 'show_ttl');
  if (showTtl === 'bad' || (showTtl !== undefined && (showTtl < SHOW_TTL_RANGE_S[0] || showTtl > SHOW_TTL_RANGE_S[1]))) return invalid('show_ttl must be 6 to 48 hours');
  const notifyId = optionalInt(n, 'notify_id');
  if (notifyId === 'bad') return invalid('notify_id must be an integer');
  const callbackUrl = optionalString(n, 'call_back_url');
  if (callbackUrl === 'bad' || (callbackUrl !== undefined && chars(callbackUrl) > CALLBACK_URL_MAX)) return invalid(`call_back_url longer than ${CALLBACK_URL_MAX} characters`);
  const callbackParameter = optionalString(n, 'call_back_parameter');
  if (callbackParameter === 'bad' || (callbackParameter !== undefined && chars(callbackParameter) > CALLBACK_PARAMETER_MAX)) {
    return invalid(`call_back_parameter longer than ${CALLBACK_PARAMETER_MAX} characters`);
  }
  const appMessageId = optionalString(n, 'app_message_id');
  if (appMessageId === 'bad') return invalid('app_message_id must be a string');

  const channelId = optionalString(n, 'channel_id');
  if (channelId === 'bad') return invalid('channel_id must be a string');
  if (channelId !== undefined && rules.channelIds !== undefined && !rules.channelIds.has(channelId)) return invalid(`unknown channel_id ${channelId}`);
  const category = optionalString(n, 'category');
  if (category === 'bad' || (category !== undefined && !CATEGORIES.has(category))) return { ok: false, code: 67, reason: `unknown category ${String(n['category'])}` };
  const level = optionalInt(n, 'notify_level');
  if (level === 'bad' || (level !== undefined && !NOTIFY_LEVELS.has(level))) return { ok: false, code: 67, reason: 'notify_level must be 1, 2 or 16' };
  if (level !== undefined && category === undefined) return { ok: false, code: 67, reason: 'notify_level needs a category' };
  // TPNS/IM: level 16 (banner, ring, vibrate) "needs an IM-type category".
  if (level === 16 && category !== 'IM') return { ok: false, code: 67, reason: 'notify_level 16 is for category IM' };

  return {
    ok: true,
    message: {
      registrationId: target,
      verifyRegistrationId: verify === true,
      notification: n,
      title,
      content,
      channelId,
      category,
      notifyLevel: level,
      clickActionType: click,
      actionParameters,
      appMessageId,
    },
  };
}
