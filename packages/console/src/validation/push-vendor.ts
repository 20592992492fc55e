/**
 * The per-vendor Android settings of the create-push form (`message.android`): TPNS's own vendor fields
 * (`xm_ch_id`, `hw_ch_id`, `hw_category`, `hw_importance`, `fcm_ch_id`, `oppo_ch_id`, `vivo_ch_id`,
 * `vivo_category`) and Herald's extensions for the settings TPNS has none for (`hw_image`, `honor_importance`,
 * `honor_image`, `fcm_image`, `fcm_priority`, `oppo_category`, `oppo_notify_level`, `vivo_notify_type`,
 * `mz_notice_msg_type`; docs/push-api.md). The checks are the server's (android-vendor-options.ts,
 * vivo-android-fields.ts): a wrong value would be refused with REQUEST_PARAM_INVALID naming the field.
 */
import { check, maxLength, type FieldErrors } from './rules.ts';

export interface VendorDraft {
  xmChId: string;
  hwChId: string;
  hwCategory: string;
  hwImportance: '' | '1' | '2';
  hwImage: string;
  honorImportance: '' | '1' | '2';
  honorImage: string;
  fcmChId: string;
  fcmPriority: '' | 'normal' | 'high';
  fcmImage: string;
  oppoChId: string;
  oppoCategory: string;
  oppoNotifyLevel: '' | '1' | '2' | '16';
  vivoChId: '' | '0' | '1';
  vivoCategory: string;
  vivoNotifyType: '' | '1' | '2' | '3' | '4';
  mzNoticeMsgType: '' | '0' | '1';
}

export const EMPTY_VENDOR: VendorDraft = {
  xmChId: '', hwChId: '', hwCategory: '', hwImportance: '', hwImage: '', honorImportance: '', honorImage: '',
  fcmChId: '', fcmPriority: '', fcmImage: '', oppoChId: '', oppoCategory: '', oppoNotifyLevel: '',
  vivoChId: '', vivoCategory: '', vivoNotifyType: '', mzNoticeMsgType: '',
};

export type VendorField =
  | 'push-xm-ch-id' | 'push-hw-ch-id' | 'push-hw-image' | 'push-honor-image' | 'push-fcm-ch-id' | 'push-fcm-image'
  | 'push-oppo-ch-id' | 'push-oppo-category' | 'push-oppo-notify-level' | 'push-vivo-category';

/** In the order the fieldset shows them. */
export const VENDOR_FIELDS: VendorField[] = [
  'push-xm-ch-id', 'push-hw-ch-id', 'push-hw-image', 'push-honor-image', 'push-fcm-ch-id', 'push-fcm-image',
  'push-oppo-ch-id', 'push-oppo-category', 'push-oppo-notify-level', 'push-vivo-category',
];

/** Huawei's self-classification categories; the server leaves any other out of the Huawei message. */
export const HUAWEI_CATEGORIES = ['IM', 'VOIP', 'SUBSCRIPTION', 'TRAVEL', 'HEALTH', 'WORK', 'ACCOUNT', 'EXPRESS', 'FINANCE', 'DEVICE_REMINDER', 'MAIL', 'PLAY_VOICE', 'MARKETING'] as const;

/** OPPO's and vivo's categories are upper-case words (the sets change; the vendors refuse a wrong one). */
const CATEGORY = /^[A-Z_]{1,32}$/;
/** Channel IDs are Android notification channel IDs the app created: short identifiers. */
const MAX_CHANNEL_ID = 64;

function httpsUrl(value: string, label: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  try {
    return new URL(v).protocol === 'https:' ? undefined : `${label} must be an https URL.`;
  } catch {
    return `${label} must be an https URL, like https://example.com/sale.png.`;
  }
}

function category(value: string, vendor: string, example: string): string | undefined {
  const v = value.trim();
  return v === '' || CATEGORY.test(v) ? undefined : `The ${vendor} category is an upper-case word (letters and underscores), e.g. ${example}.`;
}

function channelId(value: string, label: string): string | undefined {
  return check(value.trim(), maxLength(label, MAX_CHANNEL_ID));
}

export function validateVendor(v: VendorDraft): FieldErrors<VendorField> {
  const oppoCategory = v.oppoCategory.trim();
  return {
    'push-xm-ch-id': channelId(v.xmChId, 'The Xiaomi channel ID'),
    'push-hw-ch-id': channelId(v.hwChId, 'The Huawei channel ID'),
    'push-hw-image': httpsUrl(v.hwImage, 'The Huawei image'),
    'push-honor-image': httpsUrl(v.honorImage, 'The Honor image'),
    'push-fcm-ch-id': channelId(v.fcmChId, 'The FCM channel ID'),
    'push-fcm-image': httpsUrl(v.fcmImage, 'The FCM image'),
    'push-oppo-ch-id': channelId(v.oppoChId, 'The OPPO channel ID'),
    'push-oppo-category': category(v.oppoCategory, 'OPPO', 'IM, ACCOUNT or NEWS'),
    // OPPO refuses both: a reminder level without a category, and level 16 outside instant messages.
    'push-oppo-notify-level':
      v.oppoNotifyLevel === '' ? undefined
      : oppoCategory === '' ? 'A reminder level needs an OPPO category.'
      : v.oppoNotifyLevel === '16' && oppoCategory !== 'IM' ? 'Level 16 (banner, ring and vibrate) is for the IM category only.'
      : undefined,
    'push-vivo-category': category(v.vivoCategory, 'vivo', 'IM, ACCOUNT or SUBSCRIPTION'),
  };
}

/** The vendor fields to merge into `message.android`; only those set. */
export function vendorAndroidFields(v: VendorDraft): Record<string, unknown> {
  const num = (s: string) => (s === '' ? undefined : Number(s));
  const fields: Record<string, unknown> = {
    xm_ch_id: v.xmChId.trim(),
    hw_ch_id: v.hwChId.trim(),
    hw_category: v.hwCategory,
    hw_importance: num(v.hwImportance),
    hw_image: v.hwImage.trim(),
    honor_importance: num(v.honorImportance),
    honor_image: v.honorImage.trim(),
    fcm_ch_id: v.fcmChId.trim(),
    fcm_priority: v.fcmPriority,
    fcm_image: v.fcmImage.trim(),
    oppo_ch_id: v.oppoChId.trim(),
    oppo_category: v.oppoCategory.trim(),
    oppo_notify_level: num(v.oppoNotifyLevel),
    vivo_ch_id: v.vivoChId,
    vivo_category: v.vivoCategory.trim(),
    vivo_notify_type: num(v.vivoNotifyType),
    mz_notice_msg_type: num(v.mzNoticeMsgType),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, x]) => x !== undefined && x !== ''));
}
