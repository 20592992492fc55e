/**
 * The offline push for one IM message, as the `message` object of a TPNS `/v3/push/app` body for the push app's
 * platform, so it goes through the same model and dispatcher as any TPNS push (push/model/normalize-message.ts
 * and the per-vendor builders). Text rules in offline-push-text.ts; per-message settings in
 * offline-push-settings.ts. How each `V2TIMOfflinePushInfo` / REST `OfflinePushInfo` field lands (reference
 * §4.4, §4.7, TPNS fields §1.5):
 *
 * | IM field | TPNS field |
 * |---|---|
 * | `title` (`ApnsInfo.Title` on iOS) / text or `desc` | `title` / `content` |
 * | `ext` | `ios.custom_content.ext` (or `.custom`, TPNS-mode TUIKit) / `android.custom_content.ext` |
 * | `iOSSound` (`push.no_sound` silent; default `default`) | `ios.aps.sound` (`""` = silent) |
 * | `ignoreIOSBadge` / `BadgeMode=1` | `ios.aps.badge_type` -1, else -2 (one more than the device's count) |
 * | `iOSInterruptionLevel` | `ios.aps.interruption-level` |
 * | `iOSImage` / `ApnsInfo.Image`, `MutableContent` | `ios.custom_content.image`, `ios.aps.mutable-content` 1 |
 * | `ApnsInfo.SubTitle` | `ios.aps.alert.subtitle` |
 * | `AndroidSound` | `android.ring_raw` |
 * | `HuaWeiChannelID`, `XiaoMiChannelID`, `OPPOChannelID`, `FCMChannelID` | `hw_ch_id`, `xm_ch_id`, `oppo_ch_id`, `fcm_ch_id` |
 * | `HuaWeiCategory`, `HuaWeiImportance` (LOW/NORMAL) | `hw_category`, `hw_importance` (1/2) |
 * | `VIVOClassification` (default 1), `VIVOCategory` | `vivo_ch_id`, `vivo_category` |
 * | `HuaWeiImage` / `HonorImage` / `FCMImage` | `icon_type` 1 + `icon_res` when they name one URL |
 *
 * Fields TPNS has no spelling for travel in `vendorOptions` (with a note): OPPO category and notify level, Honor
 * importance and image, vivo notify type, FCM image and priority, Meizu notify type, per-vendor images, iOS VoIP
 * (`iosPushType`) and background notification. Android badges add one (`badge_type` -2; Huawei and Honor honour it).
 */
import type { MessageElement, OfflinePushInfo } from '@herald/protocol';
import { MAX_APNS_PAYLOAD_BYTES, MAX_MESSAGE_BYTES } from '../../push/model/limits.ts';
import { hasOfflinePushInfo, readOfflinePushSettings, type AndroidPushSettings, type IosPushSettings, type IosPushType, type OfflinePushSettings, type OppoNotifyLevel } from './offline-push-settings.ts';
import { fitText, notificationText, type PushGroup, type PushSender } from './offline-push-text.ts';

type Json = Record<string, unknown>;

export type OfflinePushPlatform = 'ios' | 'android' | 'web';

/** Tencent's "no sound" value of `iOSSound` (V2TIMOfflinePushInfo.IOS_OFFLINE_PUSH_NO_SOUND). */
export const IOS_NO_SOUND = 'push.no_sound';

export interface OfflinePushContentInput {
  /** The push app's platform; a web app reads the Android block, as every TPNS push to the web does. */
  platform: OfflinePushPlatform;
  elements: readonly MessageElement[];
  /** As stored with the message (SDK or REST spelling). */
  offlinePushInfo?: OfflinePushInfo | undefined;
  sender: PushSender;
  /** Set for group messages. */
  group?: PushGroup | undefined;
  /** The click action of the app's IM push configuration (TPNS `message.android.action`). */
  androidAction?: Json | undefined;
  /** Where the iOS app reads `ext`: `ext` (native APNs, the default) or `custom` (TUIKit's TPNS-mode click path). */
  iosExtKey?: 'ext' | 'custom' | undefined;
}

/** Per-message vendor settings TPNS has no field for: sent as Herald's extensions (offline-push-dispatch/vendor-extensions.ts). */
export interface OfflinePushVendorOptions {
  oppo?: { category?: string; notifyLevel?: OppoNotifyLevel };
  honor?: { importance?: 'LOW' | 'NORMAL'; image?: string };
  huawei?: { image?: string };
  fcm?: { image?: string; priority?: 'normal' | 'high' };
  vivo?: { notifyType?: 1 | 2 | 3 | 4 };
  meizu?: { notifyType?: 0 | 1 };
  ios?: { contentAvailable?: true };
}

export interface OfflinePushContent {
  /** The TPNS `message` object for `message_type: "notify"`. */
  message: Json;
  /** `voip` sends to the VoIP certificate and the `.voip` topic (iOSPushType 1). */
  iosPushType: IosPushType;
  vendorOptions: OfflinePushVendorOptions;
  /** What could not be carried as asked, for the offline push self-check. */
  notes: string[];
}

/** Room for what the APNs builder adds beside the message: the badge number and Herald's `{pid}` key. */
const APNS_ADDED_BYTES = 96;

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function nonEmpty<T extends object>(o: T): T | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}

/** A custom element's own push fields (`ext`, `sound`) count only when the message has no offlinePushInfo. */
function withLegacyCustomFields(settings: OfflinePushSettings, elements: readonly MessageElement[], info: OfflinePushInfo | undefined): OfflinePushSettings {
  if (hasOfflinePushInfo(info)) return settings;
  const custom = elements.find((e) => e.type === 'TIMCustomElem');
  if (custom === undefined) return settings;
  const ext = custom.content['ext'];
  const sound = custom.content['sound'];
  return {
    ...settings,
    ...(typeof ext === 'string' && ext.trim() !== '' ? { ext } : {}),
    ios: typeof sound === 'string' && sound.trim() !== '' ? { ...settings.ios, sound: sound.trim() } : settings.ios,
  };
}

function iosBlock(ios: IosPushSettings, ext: string | undefined, extKey: 'ext' | 'custom'): Json {
  const aps: Json = { badge_type: ios.ignoreBadge ? -1 : -2 };
  // TPNS: "" is silent; Tencent's IM pushes ring with the default sound unless told otherwise.
  aps['sound'] = ios.sound === undefined ? 'default' : ios.sound === IOS_NO_SOUND ? '' : ios.sound;
  if (ios.subtitle !== undefined) aps['alert'] = { subtitle: ios.subtitle };
  if (ios.interruptionLevel !== undefined) aps['interruption-level'] = ios.interruptionLevel;
  if (ios.image !== undefined || ios.mutableContent) aps['mutable-content'] = 1;
  const custom = defined({ [extKey]: ext, image: ios.image });
  const block: Json = { aps };
  if (Object.keys(custom).length > 0) block['custom_content'] = JSON.stringify(custom);
  return block;
}

/** vivo's categories are upper-case words (TPNS refuses anything else with 1008007). */
const VIVO_CATEGORY = /^[A-Z_]{1,32}$/;

/** One image for the TPNS URL icon, which Huawei, Honor and FCM all read: only when the images agree. */
function sharedImage(a: AndroidPushSettings, notes: string[]): string | undefined {
  const urls = [...new Set([a.huaweiImage, a.honorImage, a.fcmImage].filter((u): u is string => u !== undefined))];
  if (urls.length === 0) return undefined;
  if (urls.length > 1) {
    notes.push('Huawei, Honor and FCM images differ: TPNS has one icon URL, so none is sent (see vendorOptions)');
    return undefined;
  }
  if (!/^https:\/\//i.test(urls[0]!)) {
    notes.push('Android image is not an https URL: not sent');
    return undefined;
  }
  return urls[0];
}

function androidBlock(a: AndroidPushSettings, ext: string | undefined, action: Json | undefined, notes: string[]): Json {
  const upper = a.vivoCategory?.toUpperCase();
  const vivoCategory = upper !== undefined && VIVO_CATEGORY.test(upper) ? upper : undefined;
  if (upper !== undefined && vivoCategory === undefined) notes.push(`VIVOCategory "${a.vivoCategory}" is not a vivo category: not sent`);
  const image = sharedImage(a, notes);
  return defined({
    ring_raw: a.sound,
    hw_ch_id: a.huaweiChannelId,
    hw_category: a.huaweiCategory?.toUpperCase(),
    hw_importance: a.huaweiImportance === undefined ? undefined : a.huaweiImportance === 'LOW' ? 1 : 2,
    xm_ch_id: a.xiaomiChannelId,
    fcm_ch_id: a.fcmChannelId,
    oppo_ch_id: a.oppoChannelId,
    // Tencent IM's default classification is 1, a system message; a category, when given, decides instead.
    vivo_ch_id: a.vivoClassification !== undefined ? String(a.vivoClassification) : vivoCategory === undefined ? '1' : undefined,
    vivo_category: vivoCategory,
    badge_type: -2,
    icon_type: image === undefined ? undefined : 1,
    icon_res: image,
    action,
    custom_content: ext === undefined ? undefined : JSON.stringify({ ext }),
  });
}

function androidVendorOptions(a: AndroidPushSettings, carriedImage: string | undefined, notes: string[]): OfflinePushVendorOptions {
  const uncarried = (url: string | undefined) => (url !== undefined && url !== carriedImage ? url : undefined);
  const missing: Array<[string, unknown]> = [
    ['OPPOCategory', a.oppoCategory],
    ['OPPONotifyLevel', a.oppoNotifyLevel],
    ['HonorImportance', a.honorImportance],
    ['HonorImage', uncarried(a.honorImage)],
    ['HuaWeiImage', uncarried(a.huaweiImage)],
    ['FCMImage', uncarried(a.fcmImage)],
    ['GooglePriority', a.fcmPriority],
    ['VIVONotifyType', a.vivoNotifyType],
    ['MeizuNotifyType', a.meizuNotifyType],
  ];
  for (const [name, value] of missing) if (value !== undefined) notes.push(`${name} has no TPNS field: carried in vendorOptions`);
  return defined({
    oppo: nonEmpty(defined({ category: a.oppoCategory?.toUpperCase(), notifyLevel: a.oppoNotifyLevel })),
    honor: nonEmpty(defined({ importance: a.honorImportance, image: a.honorImage })),
    huawei: nonEmpty(defined({ image: a.huaweiImage })),
    fcm: nonEmpty(defined({ image: a.fcmImage, priority: a.fcmPriority })),
    vivo: nonEmpty(defined({ notifyType: a.vivoNotifyType })),
    meizu: nonEmpty(defined({ notifyType: a.meizuNotifyType })),
  });
}

function messageBytes(message: Json): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

/** What the APNs payload of this message will weigh: `aps` with the alert, custom keys beside it, Herald's key. */
function apnsBytes(message: Json): number {
  const ios = message['ios'] as Json;
  const aps = { ...(ios['aps'] as Json) };
  delete aps['badge_type'];
  aps['alert'] = { ...((aps['alert'] as Json | undefined) ?? {}), title: message['title'], body: message['content'] };
  const custom = typeof ios['custom_content'] === 'string' ? (JSON.parse(ios['custom_content']) as Json) : {};
  return Buffer.byteLength(JSON.stringify({ ...custom, aps }), 'utf8') + APNS_ADDED_BYTES;
}

/** Cuts the body, then the title if need be, so the message fits TPNS's and APNs's 4 KB. */
function fitMessage(message: Json, platform: OfflinePushPlatform, notes: string[]): void {
  const fits = (m: Json) => messageBytes(m) <= MAX_MESSAGE_BYTES && (platform !== 'ios' || apnsBytes(m) <= MAX_APNS_PAYLOAD_BYTES);
  if (fits(message)) return;
  const body = message['content'] as string;
  const title = message['title'] as string;
  message['content'] = fitText(body, (c) => fits({ ...message, content: c, title: '' }));
  message['title'] = fitText(title, (t) => fits({ ...message, title: t }));
  if (message['content'] !== body || message['title'] !== title) notes.push('text cut to fit the 4 KB payload');
  if (!fits(message)) notes.push('ext alone exceeds the 4 KB payload: the push will be refused as too large');
}

/**
 * The offline push for `input`, or undefined when the message has nothing to show (only custom elements without
 * `desc`). Whether it is sent at all is devicePushDecision's answer.
 */
export function buildOfflinePushContent(input: OfflinePushContentInput): OfflinePushContent | undefined {
  const settings = withLegacyCustomFields(readOfflinePushSettings(input.offlinePushInfo), input.elements, input.offlinePushInfo);
  const forIos = input.platform === 'ios';
  const text = notificationText(input.elements, settings, input.sender, input.group, forIos);
  if (text === undefined) return undefined;
  const notes = [...settings.notes];

  const message: Json = { title: text.title, content: text.body };
  let vendorOptions: OfflinePushVendorOptions;
  if (forIos) {
    message['ios'] = iosBlock(settings.ios, settings.ext, input.iosExtKey ?? 'ext');
    vendorOptions = settings.ios.backgroundNotification ? { ios: { contentAvailable: true } } : {};
    if (settings.ios.backgroundNotification) notes.push('enableIOSBackgroundNotification: TPNS forbids content-available on a notification; in vendorOptions.ios');
    if (settings.ios.pushType === 'voip') notes.push('iOSPushType VoIP: send with iosPushType "voip"');
  } else {
    const android = androidBlock(settings.android, settings.ext, input.androidAction, notes);
    message['android'] = android;
    vendorOptions = androidVendorOptions(settings.android, android['icon_res'] as string | undefined, notes);
  }
  fitMessage(message, input.platform, notes);
  return { message, iosPushType: settings.ios.pushType, vendorOptions, notes };
}
