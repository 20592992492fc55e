/**
 * Checks of the Android part of a Huawei-family message, as Huawei's send API reference states them
 * (https-send-api-0000001050986197: AndroidConfig, AndroidNotification, ClickAction, BadgeNotification, Button).
 * Honor's body has the same structure in camelCase (Honor guide sample and clients); its value ranges are taken
 * from Huawei (⚠️). The first violation found is reported with the code Huawei uses for it: 80100003 for a
 * wrong structure, 80100001 for a wrong value, 80100013 for a bad collapse_key.
 */

export interface Violation {
  code: '80100001' | '80100003' | '80100013' | '80300008' | '80300010';
  msg: string;
}

/** The wire names of the fields whose spelling differs between Huawei (snake_case) and Honor (camelCase). */
export interface AndroidFieldNames {
  clickAction: string;
  collapseKey: string;
  biTag: string;
  targetUserType: string;
  fastAppTarget: string;
  bigTitle: string;
  bigBody: string;
  inboxContent: string;
  notifyId: string;
  channelId: string;
  addNum: string;
  setNum: string;
  badgeClass: string;
  actionType: string;
  intentType: string;
}

export const HUAWEI_FIELD_NAMES: AndroidFieldNames = {
  clickAction: 'click_action',
  collapseKey: 'collapse_key',
  biTag: 'bi_tag',
  targetUserType: 'target_user_type',
  fastAppTarget: 'fast_app_target',
  bigTitle: 'big_title',
  bigBody: 'big_body',
  inboxContent: 'inbox_content',
  notifyId: 'notify_id',
  channelId: 'channel_id',
  addNum: 'add_num',
  setNum: 'set_num',
  badgeClass: 'class',
  actionType: 'action_type',
  intentType: 'intent_type',
};

export const HONOR_FIELD_NAMES: AndroidFieldNames = {
  clickAction: 'clickAction',
  collapseKey: 'collapseKey',
  biTag: 'biTag',
  targetUserType: 'targetUserType',
  fastAppTarget: 'fastAppTarget',
  bigTitle: 'bigTitle',
  bigBody: 'bigBody',
  inboxContent: 'inboxContent',
  notifyId: 'notifyId',
  channelId: 'channelId',
  addNum: 'addNum',
  setNum: 'setNum',
  badgeClass: 'badgeClass',
  actionType: 'actionType',
  intentType: 'intentType',
};

export const HUAWEI_CATEGORIES = new Set([
  'IM',
  'VOIP',
  'SUBSCRIPTION',
  'TRAVEL',
  'HEALTH',
  'WORK',
  'ACCOUNT',
  'EXPRESS',
  'FINANCE',
  'DEVICE_REMINDER',
  'MAIL',
  'PLAY_VOICE',
  'MARKETING',
]);
const VISIBILITIES = new Set(['VISIBILITY_UNSPECIFIED', 'PUBLIC', 'SECRET', 'PRIVATE']);
/** "ttl: 单位是秒 … 默认值为86400s": seconds with an optional fraction and an "s". */
const TTL = /^(\d+)(\.\d{1,9})?s$/;
const COLOR = /^#[0-9A-Fa-f]{6}$/;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(field: string, why: string): Violation {
  return { code: '80100001', msg: `${field}: ${why}` };
}

function structure(field: string, why: string): Violation {
  return { code: '80100003', msg: `${field}: ${why}` };
}

function intIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function optionalString(obj: Json, key: string, path: string): Violation | undefined {
  const v = obj[key];
  return v === undefined || typeof v === 'string' ? undefined : structure(`${path}.${key}`, 'must be a string');
}

function isHttpsUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}

function checkClickAction(v: unknown, path: string): Violation | undefined {
  if (!isObject(v)) return structure(path, 'is required for a notification');
  const type = v['type'];
  if (!intIn(type, 1, 3)) return bad(`${path}.type`, 'must be 1 (custom page), 2 (URL) or 3 (open app)');
  for (const key of ['intent', 'url', 'action']) {
    const s = optionalString(v, key, path);
    if (s !== undefined) return s;
  }
  if (type === 1 && v['intent'] === undefined && v['action'] === undefined) return bad(path, 'type 1 needs intent or action');
  if (type === 2 && !isHttpsUrl(v['url'])) return bad(`${path}.url`, 'type 2 needs an https URL');
  return undefined;
}

function checkBadge(v: unknown, path: string, n: AndroidFieldNames): Violation | undefined {
  if (!isObject(v)) return structure(path, 'must be an object');
  if (v[n.addNum] !== undefined && !intIn(v[n.addNum], 1, 99)) return bad(`${path}.${n.addNum}`, 'must be an integer in [1, 99]');
  if (v[n.setNum] !== undefined && !intIn(v[n.setNum], 0, 99)) return bad(`${path}.${n.setNum}`, 'must be an integer in [0, 99]');
  const cls = v[n.badgeClass];
  if (typeof cls !== 'string' || cls === '') return bad(`${path}.${n.badgeClass}`, 'the entry activity class is required to use badges');
  return undefined;
}

function checkButtons(v: unknown, path: string, n: AndroidFieldNames): Violation | undefined {
  if (!Array.isArray(v)) return structure(path, 'must be an array');
  if (v.length > 3) return bad(path, 'at most 3 buttons');
  for (let i = 0; i < v.length; i++) {
    const b: unknown = v[i];
    const p = `${path}[${i}]`;
    if (!isObject(b)) return structure(p, 'must be an object');
    if (typeof b['name'] !== 'string' || b['name'] === '' || Array.from(b['name']).length > 40) return bad(`${p}.name`, 'required, at most 40 characters');
    if (!intIn(b[n.actionType], 0, 4)) return bad(`${p}.${n.actionType}`, 'must be 0 to 4');
    if (b[n.actionType] === 1 && !intIn(b[n.intentType], 0, 1)) return bad(`${p}.${n.intentType}`, 'required (0 or 1) when the action opens a custom page');
  }
  return undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function checkAndroidNotification(v: unknown, path: string, fallback: Json | undefined, n: AndroidFieldNames): Violation | undefined {
  if (!isObject(v)) return structure(path, 'must be an object');
  for (const key of ['title', 'body', 'image', 'icon', 'color', 'sound', 'tag', 'group', n.channelId, 'importance', 'visibility', 'when', 'ticker']) {
    const s = optionalString(v, key, path);
    if (s !== undefined) return s;
  }
  // "title/body: 此处title和message.notification.title两者最少需要设置一个".
  if (text(v['title']) === undefined && text(fallback?.['title']) === undefined) return structure(`${path}.title`, 'title is required here or in message.notification');
  if (text(v['body']) === undefined && text(fallback?.['body']) === undefined) return structure(`${path}.body`, 'body is required here or in message.notification');
  const click = checkClickAction(v[n.clickAction], `${path}.${n.clickAction}`);
  if (click !== undefined) return click;
  const importance = v['importance'];
  if (importance !== undefined && importance !== 'LOW' && importance !== 'NORMAL') return bad(`${path}.importance`, 'must be LOW or NORMAL');
  if (v['visibility'] !== undefined && !VISIBILITIES.has(v['visibility'] as string)) return bad(`${path}.visibility`, 'unknown visibility');
  if (v['image'] !== undefined && !isHttpsUrl(v['image'])) return bad(`${path}.image`, 'must be an https URL');
  if (v['color'] !== undefined && !COLOR.test(v['color'] as string)) return bad(`${path}.color`, 'must be #RRGGBB');
  if (v[n.notifyId] !== undefined && !intIn(v[n.notifyId], -1, 2_147_483_647)) return bad(`${path}.${n.notifyId}`, 'must be an integer');
  const style = v['style'];
  if (style !== undefined && style !== 0 && style !== 1 && style !== 3) return bad(`${path}.style`, 'must be 0, 1 or 3');
  if (style === 1 && (text(v[n.bigTitle]) === undefined || text(v[n.bigBody]) === undefined)) {
    return bad(path, `style 1 needs ${n.bigTitle} and ${n.bigBody}`);
  }
  if (style === 3) {
    const inbox = v[n.inboxContent];
    if (!Array.isArray(inbox) || inbox.length === 0 || inbox.length > 5 || !inbox.every((s) => typeof s === 'string')) {
      return bad(`${path}.${n.inboxContent}`, 'style 3 needs 1 to 5 strings');
    }
  }
  if (v['badge'] !== undefined) {
    const badge = checkBadge(v['badge'], `${path}.badge`, n);
    if (badge !== undefined) return badge;
  }
  if (v['buttons'] !== undefined) {
    const buttons = checkButtons(v['buttons'], `${path}.buttons`, n);
    if (buttons !== undefined) return buttons;
  }
  return undefined;
}

export function checkAndroidConfig(
  v: unknown,
  path: string,
  fallback: Json | undefined,
  n: AndroidFieldNames,
  o: { maxTtlSeconds: number; categories: boolean },
): Violation | undefined {
  if (!isObject(v)) return structure(path, 'must be an object');
  for (const key of ['data', n.biTag, 'urgency', 'category', 'ttl', 'receipt_id']) {
    const s = optionalString(v, key, path);
    if (s !== undefined) return s;
  }
  // "collapse_key: -1 … 0 … 1~100".
  if (v[n.collapseKey] !== undefined && !intIn(v[n.collapseKey], -1, 100)) return { code: '80100013', msg: `${path}.${n.collapseKey}: must be -1 to 100` };
  const urgency = v['urgency'];
  if (urgency !== undefined && urgency !== 'HIGH' && urgency !== 'NORMAL') return bad(`${path}.urgency`, 'must be HIGH or NORMAL');
  if (o.categories && v['category'] !== undefined && !HUAWEI_CATEGORIES.has(v['category'] as string)) return bad(`${path}.category`, 'unknown category');
  const ttl = v['ttl'];
  if (ttl !== undefined) {
    const m = TTL.exec(ttl as string);
    if (m === null) return bad(`${path}.ttl`, 'must be seconds like "86400s"');
    if (Number(m[1]) > o.maxTtlSeconds) return bad(`${path}.ttl`, `at most ${o.maxTtlSeconds}s`);
  }
  if (v[n.targetUserType] !== undefined && !intIn(v[n.targetUserType], 0, 1)) return bad(`${path}.${n.targetUserType}`, 'must be 0 or 1');
  if (v[n.fastAppTarget] !== undefined && !intIn(v[n.fastAppTarget], 1, 2)) return bad(`${path}.${n.fastAppTarget}`, 'must be 1 or 2');
  if (v['notification'] !== undefined) return checkAndroidNotification(v['notification'], `${path}.notification`, fallback, n);
  return undefined;
}

/** `message.notification` (Huawei) or the body's top-level `notification` (Honor): title and body strings. */
export function checkCommonNotification(v: unknown, path: string): Violation | undefined {
  if (!isObject(v)) return structure(path, 'must be an object');
  for (const key of ['title', 'body', 'image']) {
    const s = optionalString(v, key, path);
    if (s !== undefined) return s;
  }
  if (v['image'] !== undefined && !isHttpsUrl(v['image'])) return bad(`${path}.image`, 'must be an https URL');
  return undefined;
}
