/**
 * The per-message vendor settings TPNS has no field for (OfflinePushContent.vendorOptions, iOS VoIP) written into
 * the push request as Herald's documented extensions of `message` (docs/push-api.md). The push service refuses a
 * whole request with an invalid extension, so a value it would refuse is left out here (and noted) rather than
 * losing the push: a non-https image, an OPPO notify level without its category or 16 outside category IM.
 */
import type { OfflinePushContent } from '../offline-push/index.ts';

type Json = Record<string, unknown>;

const HONOR_IMPORTANCE = { LOW: 1, NORMAL: 2 } as const;
const isHttps = (url: string | undefined): url is string => url !== undefined && /^https:\/\//i.test(url);

/** The `message.android` extensions of the content's vendor options. */
export function androidExtensions(content: OfflinePushContent): Json {
  const o = content.vendorOptions;
  const out: Json = {};
  const image = (field: string, url: string | undefined, vendor: string): void => {
    if (url === undefined) return;
    if (isHttps(url)) out[field] = url;
    else content.notes.push(`${vendor} image is not an https URL: not sent`);
  };
  if (o.oppo?.category !== undefined) {
    out['oppo_category'] = o.oppo.category;
    const level = o.oppo.notifyLevel;
    if (level !== undefined && (level !== 16 || o.oppo.category === 'IM')) out['oppo_notify_level'] = level;
    else if (level !== undefined) content.notes.push('OPPO notify level 16 needs category IM: not sent');
  } else if (o.oppo?.notifyLevel !== undefined) {
    content.notes.push('OPPO notify level needs an OPPO category: not sent');
  }
  if (o.honor?.importance !== undefined) out['honor_importance'] = HONOR_IMPORTANCE[o.honor.importance];
  image('honor_image', o.honor?.image, 'Honor');
  image('hw_image', o.huawei?.image, 'Huawei');
  image('fcm_image', o.fcm?.image, 'FCM');
  if (o.fcm?.priority !== undefined) out['fcm_priority'] = o.fcm.priority;
  if (o.vivo?.notifyType !== undefined) out['vivo_notify_type'] = o.vivo.notifyType;
  if (o.meizu?.notifyType !== undefined) out['mz_notice_msg_type'] = o.meizu.notifyType;
  return out;
}

/**
 * The `message` to send: the content's, with the Android extensions, and on iOS `content_available` and, for a
 * VoIP push, `push_type: "voip"` (to the VoIP credential and the `.voip` topic).
 */
export function messageWithExtensions(content: OfflinePushContent, o: { voip: boolean }): Json {
  const message: Json = { ...content.message };
  const android = message['android'] as Json | undefined;
  if (android !== undefined) {
    const extra = androidExtensions(content);
    if (Object.keys(extra).length > 0) message['android'] = { ...android, ...extra };
  }
  const ios = message['ios'] as Json | undefined;
  if (ios !== undefined) {
    const extra: Json = {};
    if (content.vendorOptions.ios?.contentAvailable === true) extra['content_available'] = 1;
    if (o.voip) extra['push_type'] = 'voip';
    if (Object.keys(extra).length > 0) message['ios'] = { ...ios, ...extra };
  }
  return message;
}
