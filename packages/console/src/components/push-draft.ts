/**
 * The create-push form's draft, its checks and the `/v3/push/app` body it becomes (docs/push-api.md). The server
 * applies the same rules again and stays the authority; these catch mistakes before anything is sent, with the
 * field named.
 */
import type { PushPlan, UploadedPackage } from '../api/push-api.ts';
import type { Platform } from '../api/types.ts';
import { channelRules } from '../validation/push-channels.ts';
import { EMPTY_LOOP, LOOP_FIELDS, loopParam, validateLoop, type LoopDraft, type LoopField } from '../validation/push-loop.ts';
import { EMPTY_VENDOR, VENDOR_FIELDS, validateVendor, vendorAndroidFields, type VendorDraft, type VendorField } from '../validation/push-vendor.ts';
import { check, maxLength, required, type FieldErrors } from '../validation/rules.ts';

export type AudienceChoice = 'all' | 'tag' | 'token_list' | 'account_list' | 'package_account_push' | 'package_token_push';
export type BadgeChoice = 'none' | 'unchanged' | 'increment' | 'set';
export type ClickChoice = 'app' | 'activity' | 'url' | 'intent';

export interface PushDraft extends VendorDraft, LoopDraft {
  audience: AudienceChoice;
  /** The file uploaded for each package audience (POST /api/apps/:accessId/packages). */
  accountPackage: UploadedPackage | undefined;
  tokenPackage: UploadedPackage | undefined;
  /** TPNS channel names this push leaves out (`channel_rules`). */
  disabledChannels: string[];
  tags: string;
  tagsOperator: 'OR' | 'AND';
  tokens: string;
  accounts: string;
  accountType: string;
  accountPushType: '0' | '1';
  messageType: 'notify' | 'message';
  environment: 'product' | 'dev';
  title: string;
  content: string;
  badge: BadgeChoice;
  badgeNumber: string;
  customContent: string;
  iosSound: string;
  iosCategory: string;
  iosThreadId: string;
  iosInterruptionLevel: '' | 'passive' | 'active' | 'time-sensitive' | 'critical';
  androidChannelId: string;
  androidChannelName: string;
  ring: boolean;
  vibrate: boolean;
  lights: boolean;
  clickAction: ClickChoice;
  activity: string;
  url: string;
  intent: string;
  schedule: boolean;
  sendTime: string;
  expireTime: string;
  planId: string;
}

export const EMPTY_PUSH: PushDraft = {
  ...EMPTY_VENDOR, ...EMPTY_LOOP, accountPackage: undefined, tokenPackage: undefined, disabledChannels: [],
  audience: 'token_list', tags: '', tagsOperator: 'OR', tokens: '', accounts: '', accountType: '0', accountPushType: '0',
  messageType: 'notify', environment: 'product', title: '', content: '',
  badge: 'none', badgeNumber: '', customContent: '',
  iosSound: 'default', iosCategory: '', iosThreadId: '', iosInterruptionLevel: '',
  androidChannelId: '', androidChannelName: '', ring: true, vibrate: true, lights: true,
  clickAction: 'app', activity: '', url: '', intent: '',
  schedule: false, sendTime: '', expireTime: '', planId: '',
};

export type PushField =
  | VendorField | LoopField
  | 'push-tags' | 'push-tokens' | 'push-accounts' | 'push-package' | 'push-account-type' | 'push-title' | 'push-content' | 'push-badge-number'
  | 'push-custom-content' | 'push-ios-category' | 'push-ios-thread-id' | 'push-android-channel-id' | 'push-activity' | 'push-url'
  | 'push-intent' | 'push-send-time' | 'push-expire-time';

/** In the order the form shows them, for moving focus to the first one in error. */
export const PUSH_FIELDS: PushField[] = [
  'push-tags', 'push-tokens', 'push-accounts', 'push-package', 'push-account-type', 'push-title', 'push-content', 'push-badge-number',
  'push-ios-category', 'push-ios-thread-id', 'push-android-channel-id', 'push-activity', 'push-url', 'push-intent', 'push-custom-content',
  ...VENDOR_FIELDS, 'push-send-time', ...LOOP_FIELDS, 'push-expire-time',
];

/** Audiences that may be scheduled and looped (send_time, loop_param): the server resolves them page by page. */
export function isBroadcast(audience: AudienceChoice): boolean {
  return audience === 'all' || audience === 'tag' || audience === 'package_account_push' || audience === 'package_token_push';
}

export function isAccountAudience(audience: AudienceChoice): boolean {
  return audience === 'account_list' || audience === 'package_account_push';
}

/** The upload the draft's package audience pushes to, if it is one and a file was uploaded. */
export function packageOf(d: PushDraft): UploadedPackage | undefined {
  return d.audience === 'package_account_push' ? d.accountPackage : d.audience === 'package_token_push' ? d.tokenPackage : undefined;
}

/** The server's limits (docs/push-api.md). */
export const MAX_TARGETS = 1000;
export const MAX_MESSAGE_BYTES = 4096;
export const MAX_EXPIRE_SECONDS = 259_200;

export function lines(text: string): string[] {
  return text.split(/[\n,]/).map((s) => s.trim()).filter((s) => s !== '');
}

function list(text: string, what: string, maxEach: number): string | undefined {
  const items = lines(text);
  if (items.length === 0) return `Enter at least one ${what}.`;
  if (items.length > MAX_TARGETS) return `At most ${MAX_TARGETS} ${what}s per push (${items.length} entered).`;
  const long = items.find((i) => i.length > maxEach);
  return long === undefined ? undefined : `Each ${what} is at most ${maxEach} characters ("${long.slice(0, 20)}…" is longer).`;
}

function integerIn(value: string, label: string, ok: (n: number) => boolean, range: string): string | undefined {
  if (!/^-?\d+$/.test(value.trim())) return `${label} must be a whole number.`;
  return ok(Number(value)) ? undefined : `${label} must be ${range}.`;
}

/** Custom content is a JSON object, sent as a string; on iOS it may not hold an "aps" key (it sits beside aps). */
function customContentError(text: string, platform: Platform): string | undefined {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return `Custom content must be valid JSON: ${(e as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'Custom content must be a JSON object, like {"order": 99}.';
  if (platform === 'ios' && 'aps' in parsed) return 'Custom content cannot hold an "aps" key: its keys sit beside aps in the payload.';
  return undefined;
}

const TPNS_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/;

/** iOS silent pushes (message_type "message") go without text, sound and badge. */
export function isIosSilent(d: PushDraft, platform: Platform): boolean {
  return platform === 'ios' && d.messageType === 'message';
}

/** `today`: days since the epoch, for the loop's 90-day bound (push-loop.ts). */
export function validatePush(d: PushDraft, platform: Platform, today = Number.MAX_SAFE_INTEGER): FieldErrors<PushField> {
  const silent = isIosSilent(d, platform);
  const errors: FieldErrors<PushField> = {
    ...(platform === 'android' ? validateVendor(d) : {}),
    ...validateLoop(d, isBroadcast(d.audience), today),
    'push-package': (d.audience === 'package_account_push' || d.audience === 'package_token_push') && packageOf(d) === undefined
      ? `Upload a file of ${d.audience === 'package_account_push' ? 'accounts' : 'tokens'} first.`
      : undefined,
    'push-tags': d.audience === 'tag' ? list(d.tags, 'tag', 50) : undefined,
    'push-tokens': d.audience === 'token_list' ? list(d.tokens, 'token', 36) : undefined,
    'push-accounts': d.audience === 'account_list' ? list(d.accounts, 'account', 100) : undefined,
    'push-account-type': isAccountAudience(d.audience)
      ? integerIn(d.accountType, 'The account type', (n) => (n >= 0 && n <= 16) || (n >= 991 && n <= 1015), '0–16 or 991–1015')
      : undefined,
    'push-title': silent ? undefined : check(d.title, required('The title')),
    'push-content': silent ? undefined : check(d.content, required('The content')),
    'push-badge-number': d.badge === 'set' && !silent
      ? integerIn(d.badgeNumber, 'The badge', (n) => n >= 0 && (platform === 'ios' || n <= 99), platform === 'ios' ? '0 or more' : '0–99')
      : undefined,
    'push-custom-content': customContentError(d.customContent, platform),
    'push-ios-category': platform === 'ios' ? check(d.iosCategory, maxLength('The category', 64)) : undefined,
    'push-ios-thread-id': platform === 'ios' ? check(d.iosThreadId, maxLength('The thread ID', 64)) : undefined,
    'push-android-channel-id': platform !== 'ios' ? check(d.androidChannelId, maxLength('The channel ID', 64)) : undefined,
    'push-activity': platform !== 'ios' && d.clickAction === 'activity' ? check(d.activity, required('The activity')) : undefined,
    'push-url': platform !== 'ios' && d.clickAction === 'url' ? urlError(d.url) : undefined,
    'push-intent': platform !== 'ios' && d.clickAction === 'intent' ? check(d.intent, required('The intent URI')) : undefined,
    'push-send-time': d.schedule ? sendTimeError(d) : undefined,
    'push-expire-time': d.expireTime.trim() === '' ? undefined : integerIn(d.expireTime, 'The expiry', (n) => n >= 0 && n <= MAX_EXPIRE_SECONDS, `0–${MAX_EXPIRE_SECONDS} seconds`),
  };
  if (errors['push-content'] === undefined && errors['push-title'] === undefined && errors['push-custom-content'] === undefined) {
    const size = new TextEncoder().encode(JSON.stringify(toPushBody(d, platform)['message'])).length;
    if (size > MAX_MESSAGE_BYTES) errors['push-content'] = `The message is ${size} bytes; at most ${MAX_MESSAGE_BYTES} bytes (title, content and options together).`;
  }
  return errors;
}

function urlError(value: string): string | undefined {
  const missing = check(value, required('The URL'));
  if (missing !== undefined) return missing;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'Use an http or https URL.';
  } catch {
    return 'Use a full URL, like https://example.com/sale.';
  }
}

function sendTimeError(d: PushDraft): string | undefined {
  if (!isBroadcast(d.audience)) return 'Only pushes to all devices, tags or a package can be scheduled; token and account pushes are sent now.';
  if (d.sendTime.trim() === '') return 'Choose when to send it.';
  return TPNS_TIME.test(d.sendTime.trim()) ? undefined : 'Use the form 2025-06-01 09:30:00.';
}

function badgeType(d: PushDraft): number | undefined {
  if (d.badge === 'unchanged') return -1;
  if (d.badge === 'increment') return -2;
  if (d.badge === 'set') return Number(d.badgeNumber);
  return undefined;
}

/** `yyyy-MM-DDTHH:MM[:SS]` (a datetime-local value) → TPNS's `yyyy-MM-DD HH:MM:SS`. */
export function tpnsSendTime(value: string): string {
  const v = value.trim().replace('T', ' ');
  return v.length === 16 ? `${v}:00` : v;
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

function iosBlock(d: PushDraft): Record<string, unknown> {
  const silent = d.messageType === 'message';
  const aps = defined({
    ...(silent ? {} : { badge_type: badgeType(d), sound: d.iosSound.trim() }),
    category: d.iosCategory.trim(),
    'thread-id': d.iosThreadId.trim(),
    'interruption-level': silent ? undefined : d.iosInterruptionLevel,
  });
  return defined({ aps, custom_content: d.customContent.trim() });
}

function androidBlock(d: PushDraft, platform: Platform): Record<string, unknown> {
  const action =
    d.clickAction === 'activity' ? { action_type: 1, activity: d.activity.trim() }
    : d.clickAction === 'url' ? { action_type: 2, browser: { url: d.url.trim(), confirm: 0 } }
    : d.clickAction === 'intent' ? { action_type: 3, intent: d.intent.trim() }
    : undefined;
  return defined({
    n_ch_id: d.androidChannelId.trim(),
    n_ch_name: d.androidChannelName.trim(),
    ring: d.ring ? 1 : 0,
    vibrate: d.vibrate ? 1 : 0,
    lights: d.lights ? 1 : 0,
    badge_type: badgeType(d),
    action,
    custom_content: d.customContent.trim(),
    // Vendor channels are Android's; a web app's message.android carries only what Web Push reads.
    ...(platform === 'android' ? vendorAndroidFields(d) : {}),
  });
}

export function toPushBody(d: PushDraft, platform: Platform): Record<string, unknown> {
  const message = {
    title: d.title.trim(),
    content: d.content.trim(),
    ...(platform === 'ios' ? { ios: iosBlock(d) } : { android: androidBlock(d, platform) }),
  };
  const audience: Record<string, unknown> =
    d.audience === 'tag' ? {
      tag_rules: [{ tag_items: [{ tags: lines(d.tags), is_not: false, tags_operator: d.tagsOperator, items_operator: 'OR', tag_type: 'xg_user_define' }], operator: 'OR', is_not: false }],
    }
    : d.audience === 'token_list' ? { token_list: lines(d.tokens) }
    : d.audience === 'account_list' ? { account_list: lines(d.accounts), account_type: Number(d.accountType), account_push_type: Number(d.accountPushType) }
    : d.audience === 'package_account_push' ? { upload_id: d.accountPackage?.uploadId, account_type: Number(d.accountType), account_push_type: Number(d.accountPushType) }
    : d.audience === 'package_token_push' ? { upload_id: d.tokenPackage?.uploadId }
    : {};
  const rules = channelRules(d.disabledChannels, platform);
  return {
    audience_type: d.audience,
    ...audience,
    message_type: d.messageType,
    environment: d.environment,
    message,
    ...(d.expireTime.trim() === '' ? {} : { expire_time: Number(d.expireTime) }),
    ...(d.schedule ? { send_time: tpnsSendTime(d.sendTime) } : {}),
    ...(d.loop ? { loop_param: loopParam(d) } : {}),
    ...(rules.length === 0 ? {} : { channel_rules: rules }),
    ...(d.planId === '' ? {} : { plan_id: d.planId }),
  };
}

/** Plans a push can be filed under: every plan but the default one (which is what "no plan" means). */
export function selectablePlans(plans: readonly PushPlan[]): PushPlan[] {
  return plans.filter((p) => p.planPushSource !== 'default');
}
