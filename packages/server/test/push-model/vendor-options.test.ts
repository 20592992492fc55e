/**
 * Herald's per-vendor extensions of `message.android` (android-vendor-options.ts): how /v3/push/app reads and
 * checks them, and what each channel driver's buildNotification makes of them — the fields Tencent IM sends
 * (OPPOCategory, OPPONotifyLevel, HonorImportance, HonorImage, HuaWeiImage, GoogleImage, GooglePriority,
 * VIVONotifyType, MeiZuNoticeMsgType) in each vendor's own spelling.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../../src/push/model/field-reader.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { PushRequest } from '../../src/push/model/push-request.ts';
import type { ChannelDriver } from '../../src/push/channels/channel-driver.ts';
import { FCM_DRIVER } from '../../src/push/channels/fcm-driver.ts';
import { HONOR_DRIVER } from '../../src/push/channels/honor-driver.ts';
import { HUAWEI_DRIVER } from '../../src/push/channels/huawei-driver.ts';
import { MEIZU_DRIVER } from '../../src/push/channels/meizu-driver.ts';
import { OPPO_DRIVER } from '../../src/push/channels/oppo-driver.ts';
import { VIVO_DRIVER } from '../../src/push/channels/vivo-driver.ts';
import { XIAOMI_DRIVER } from '../../src/push/channels/xiaomi-driver.ts';
import type { AppRow } from '../../src/store/schema.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const HW_IMAGE = 'https://img.example.com/hw.png';
const HONOR_IMAGE = 'https://img.example.com/honor.png';
const FCM_IMAGE = 'https://img.example.com/fcm.png';
const ICON = 'https://img.example.com/icon.png';

/** Everything Tencent IM sends for one message, in Herald's request spelling, beside TPNS's own vendor fields. */
const IM_ANDROID: JsonObject = {
  hw_ch_id: 'hw-im', hw_category: 'IM', hw_importance: 2,
  xm_ch_id: 'xm-im', oppo_ch_id: 'oppo-im', fcm_ch_id: 'fcm-im',
  vivo_ch_id: '1', vivo_category: 'IM',
  icon_type: 1, icon_res: ICON,
  oppo_category: 'IM', oppo_notify_level: 16,
  honor_importance: 1, honor_image: HONOR_IMAGE,
  hw_image: HW_IMAGE,
  fcm_image: FCM_IMAGE, fcm_priority: 'normal',
  vivo_notify_type: 2,
  mz_notice_msg_type: 1,
};

function request(android: JsonObject | undefined, platform: 'android' | 'web' = 'android'): PushRequest {
  return normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Alice', content: 'hello', ...(android === undefined ? {} : { android }) } },
    { platform, now: NOW, utcOffsetMinutes: 480 },
  );
}

const app = { access_id: 1, platform: 'android', bundle_id: 'com.example.chat' } as AppRow;

function built(driver: ChannelDriver, req: PushRequest): JsonObject {
  const { notification, skipReason } = driver.buildNotification({ req, pushId: '4242', now: NOW, app, badge: { current: 0 } });
  assert.ok(notification, skipReason);
  return notification.payload;
}

const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v as JsonObject | undefined)?.[k], o);

test('the extensions are read into message.android.vendor, by vendor, and kept in message.android as sent', () => {
  const req = request(IM_ANDROID);
  assert.deepEqual(req.message.android?.vendor, {
    oppo: { category: 'IM', notifyLevel: 16 },
    honor: { importance: 'LOW', image: HONOR_IMAGE },
    huawei: { image: HW_IMAGE },
    fcm: { image: FCM_IMAGE, priority: 'NORMAL' },
    vivo: { notifyType: 2 },
    meizu: { noticeMsgType: 1 },
  });
  assert.equal(req.message.android?.raw['oppo_category'], 'IM');
  assert.deepEqual(JSON.parse(JSON.stringify(req)), req, 'plain JSON data, stored with the task');
});

test('a push without them has no vendor entry; empty strings count as absent', () => {
  assert.equal(request(undefined).message.android, undefined);
  assert.equal('vendor' in request({ hw_ch_id: 'x' }).message.android!, false);
  assert.equal('vendor' in request({ oppo_category: '', hw_image: ' ', fcm_priority: '' }).message.android!, false);
  assert.deepEqual(request({ honor_importance: 2, fcm_priority: 'HIGH' }).message.android?.vendor, { honor: { importance: 'NORMAL' }, fcm: { priority: 'HIGH' } });
  // A web app reads the Android block too, and the same rules apply.
  assert.deepEqual(request({ vivo_notify_type: 4 }, 'web').message.android?.vendor, { vivo: { notifyType: 4 } });
});

test('wrong values are refused at once, naming the field', () => {
  const bad: Array<[JsonObject, string]> = [
    [{ oppo_category: 'im' }, 'message.android.oppo_category'],
    [{ oppo_category: 7 }, 'message.android.oppo_category'],
    [{ oppo_notify_level: 2 }, 'message.android.oppo_notify_level'],
    [{ oppo_category: 'NEWS', oppo_notify_level: 16 }, 'message.android.oppo_notify_level'],
    [{ oppo_category: 'IM', oppo_notify_level: 3 }, 'message.android.oppo_notify_level'],
    [{ honor_importance: 'LOW' }, 'message.android.honor_importance'],
    [{ honor_importance: 3 }, 'message.android.honor_importance'],
    [{ honor_image: 'http://img.example.com/a.png' }, 'message.android.honor_image'],
    [{ hw_image: 'not a url' }, 'message.android.hw_image'],
    [{ fcm_image: 'ftp://img.example.com/a.png' }, 'message.android.fcm_image'],
    [{ fcm_priority: 'urgent' }, 'message.android.fcm_priority'],
    [{ vivo_notify_type: 0 }, 'message.android.vivo_notify_type'],
    [{ vivo_notify_type: '4' }, 'message.android.vivo_notify_type'],
    [{ mz_notice_msg_type: 2 }, 'message.android.mz_notice_msg_type'],
  ];
  for (const [android, field] of bad) assertHeraldError(() => request(android), 'REQUEST_PARAM_INVALID', field);
  assert.deepEqual(request({ oppo_category: 'NEWS', oppo_notify_level: 2 }).message.android?.vendor, { oppo: { category: 'NEWS', notifyLevel: 2 } });
});

test('each driver sends its own settings and none of the others', () => {
  const req = request(IM_ANDROID);

  const oppo = built(OPPO_DRIVER, req);
  assert.deepEqual([oppo['channel_id'], oppo['category'], oppo['notify_level']], ['oppo-im', 'IM', 16]);

  const vivo = built(VIVO_DRIVER, req);
  assert.deepEqual([vivo['classification'], vivo['category'], vivo['notifyType']], [1, 'IM', 2]);

  const huawei = built(HUAWEI_DRIVER, req);
  assert.equal(at(huawei, 'android', 'category'), 'IM');
  assert.deepEqual(
    [at(huawei, 'android', 'notification', 'channel_id'), at(huawei, 'android', 'notification', 'importance'), at(huawei, 'android', 'notification', 'image')],
    ['hw-im', 'NORMAL', HW_IMAGE],
  );

  const honor = built(HONOR_DRIVER, req);
  assert.deepEqual([at(honor, 'android', 'notification', 'importance'), at(honor, 'android', 'notification', 'image')], ['LOW', HONOR_IMAGE]);

  const fcm = built(FCM_DRIVER, req);
  assert.deepEqual(
    [at(fcm, 'android', 'priority'), at(fcm, 'android', 'notification', 'channel_id'), at(fcm, 'android', 'notification', 'image')],
    ['NORMAL', 'fcm-im', FCM_IMAGE],
  );

  const meizu = built(MEIZU_DRIVER, req);
  assert.equal(at(meizu, 'noticeBarInfo', 'noticeMsgType'), 1);

  const xiaomi = built(XIAOMI_DRIVER, req);
  assert.equal(at(xiaomi, 'extra', 'channel_id'), 'xm-im');
  for (const payload of [oppo, vivo, huawei, honor, fcm, meizu, xiaomi]) {
    assert.doesNotMatch(JSON.stringify(payload), /oppo_category|honor_image|hw_image|fcm_image|mz_notice_msg_type|vivo_notify_type/);
  }
});

test('without the extensions every driver keeps what it sent before: TPNS fields and the vendors\' defaults', () => {
  const req = request({ hw_importance: 1, icon_type: 1, icon_res: ICON, ring: 0 });
  const oppo = built(OPPO_DRIVER, req);
  assert.equal('category' in oppo || 'notify_level' in oppo, false);
  assert.equal(built(VIVO_DRIVER, req)['notifyType'], 3, 'vibrate only, from ring 0');
  assert.equal(at(built(HUAWEI_DRIVER, req), 'android', 'notification', 'image'), ICON);
  assert.equal(at(built(HUAWEI_DRIVER, req), 'android', 'notification', 'importance'), 'LOW');
  assert.equal(at(built(HONOR_DRIVER, req), 'android', 'notification', 'image'), ICON);
  assert.equal(at(built(HONOR_DRIVER, req), 'android', 'notification', 'importance'), undefined);
  const fcm = built(FCM_DRIVER, req);
  assert.deepEqual([at(fcm, 'android', 'priority'), at(fcm, 'android', 'notification', 'image')], ['HIGH', ICON]);
  assert.equal(at(built(MEIZU_DRIVER, req), 'noticeBarInfo', 'noticeMsgType'), undefined);
});

test('fcm_priority also applies to a pass-through (data) message', () => {
  const req = normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'message', message: { title: 'x', content: 'y', android: { fcm_priority: 'high' } } },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );
  assert.equal(at(built(FCM_DRIVER, req), 'android', 'priority'), 'HIGH');
});
