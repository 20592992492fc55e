/**
 * Herald's extensions of TPNS `message.android`: the per-vendor settings Tencent IM sends (`OPPOCategory`,
 * `OPPONotifyLevel`, `HonorImportance`, `HonorImage`, `HuaWeiImage`, `GoogleImage`, `GooglePriority`,
 * `VIVONotifyType`, `MeiZuNoticeMsgType`; tpns-and-im-offline-push.md §4.4, §4.7) and TPNS has no field for.
 * They are spelt the way TPNS spells its own vendor fields (`hw_ch_id`, `oppo_ch_id`, `vivo_category`): a vendor
 * prefix, then the vendor's setting in snake case. TPNS ignores unknown fields, so one body serves both.
 *
 * | Field | Values | Vendor field |
 * |---|---|---|
 * | `oppo_category` | OPPO category, upper case (`IM`, `ACCOUNT`, … `NEWS`, `MARKETING`) | `notification.category` |
 * | `oppo_notify_level` | 1, 2 or 16 (16 with category `IM` only); needs `oppo_category` | `notification.notify_level` |
 * | `honor_importance` | 1 LOW (marketing), 2 NORMAL (service), as `hw_importance` | `notification.importance` |
 * | `honor_image`, `hw_image` | https URL | `notification.image` |
 * | `fcm_image` | https URL | `android.notification.image` |
 * | `fcm_priority` | `normal` or `high` | `android.priority` |
 * | `vivo_notify_type` | 1 none, 2 ring, 3 vibrate, 4 both | `notifyType` |
 * | `mz_notice_msg_type` | 0 public (公信), 1 private (私信) | `noticeBarInfo.noticeMsgType` |
 *
 * A wrong value is refused at once (REQUEST_PARAM_INVALID naming the field) rather than failing on the vendor.
 */
import { invalidField, optionalChoice, optionalString, type JsonObject } from './field-reader.ts';
import type { AndroidVendorOptions } from './push-request.ts';

const P = 'message.android';
/** OPPO's categories are upper-case words, like vivo's (the sets change; OPPO answers code 67 for a wrong one). */
const CATEGORY = /^[A-Z_]{1,32}$/;

function defined<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/** A non-empty string field, or undefined when absent or "". */
function text(android: JsonObject, key: string): string | undefined {
  const v = optionalString(android, key, `${P}.${key}`);
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function httpsUrl(android: JsonObject, key: string): string | undefined {
  const v = text(android, key);
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw invalidField(`${P}.${key}`, 'must be an https URL');
  }
  if (url.protocol !== 'https:') throw invalidField(`${P}.${key}`, 'must be an https URL');
  return v;
}

function oppo(android: JsonObject): AndroidVendorOptions['oppo'] {
  const category = text(android, 'oppo_category');
  if (category !== undefined && !CATEGORY.test(category)) {
    throw invalidField(`${P}.oppo_category`, 'must be an OPPO category in upper case, e.g. IM, ACCOUNT, NEWS');
  }
  const notifyLevel = optionalChoice(android, 'oppo_notify_level', `${P}.oppo_notify_level`, [1, 2, 16] as const);
  // OPPO refuses both with code 67: a level without a category, and level 16 outside instant messages.
  if (notifyLevel !== undefined && category === undefined) throw invalidField(`${P}.oppo_notify_level`, 'needs oppo_category');
  if (notifyLevel === 16 && category !== 'IM') throw invalidField(`${P}.oppo_notify_level`, '16 needs oppo_category IM');
  return defined({ category, notifyLevel });
}

function fcmPriority(android: JsonObject): 'NORMAL' | 'HIGH' | undefined {
  const v = text(android, 'fcm_priority');
  if (v === undefined) return undefined;
  const upper = v.toUpperCase();
  if (upper !== 'NORMAL' && upper !== 'HIGH') throw invalidField(`${P}.fcm_priority`, 'must be normal or high');
  return upper;
}

/** The vendor extensions of `message.android`, validated; undefined when none was sent. */
export function normalizeAndroidVendorOptions(android: JsonObject): AndroidVendorOptions | undefined {
  const honorLevel = optionalChoice(android, 'honor_importance', `${P}.honor_importance`, [1, 2] as const);
  const vivoNotifyType = optionalChoice(android, 'vivo_notify_type', `${P}.vivo_notify_type`, [1, 2, 3, 4] as const);
  const meizuType = optionalChoice(android, 'mz_notice_msg_type', `${P}.mz_notice_msg_type`, [0, 1] as const);
  return defined<AndroidVendorOptions>({
    oppo: oppo(android),
    honor: defined({ importance: honorLevel === undefined ? undefined : honorLevel === 1 ? ('LOW' as const) : ('NORMAL' as const), image: httpsUrl(android, 'honor_image') }),
    huawei: defined({ image: httpsUrl(android, 'hw_image') }),
    fcm: defined({ image: httpsUrl(android, 'fcm_image'), priority: fcmPriority(android) }),
    vivo: defined({ notifyType: vivoNotifyType }),
    meizu: defined({ noticeMsgType: meizuType }),
  });
}
