/**
 * The offline push of an IM message as a TPNS message, checked through Herald's own push model: the TPNS
 * request normaliser accepts it, and each vendor builder turns it into the vendor payload with the IM fields
 * where each vendor's client reads them (APNs alert, badge, sound and `ext`; Huawei, Honor, Xiaomi, OPPO, vivo,
 * FCM, Meizu and Web Push fields and the `ext` extra).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageElement, OfflinePushInfo } from '@herald/protocol';
import { buildApnsNotification } from '../../src/push/model/apns/build-apns-notification.ts';
import { buildFcmNotification } from '../../src/push/model/fcm/build-fcm-notification.ts';
import { buildHonorNotification } from '../../src/push/model/honor/build-honor-notification.ts';
import { buildHuaweiNotification } from '../../src/push/model/huawei/build-huawei-notification.ts';
import { buildMeizuNotification } from '../../src/push/model/meizu/build-meizu-notification.ts';
import { buildOppoNotification } from '../../src/push/model/oppo/build-oppo-notification.ts';
import { buildVivoNotification } from '../../src/push/model/vivo/build-vivo-notification.ts';
import { buildWebPushNotification } from '../../src/push/model/webpush/build-webpush-notification.ts';
import { buildXiaomiNotification } from '../../src/push/model/xiaomi/build-xiaomi-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { PushRequest } from '../../src/push/model/push-request.ts';
import { buildOfflinePushContent, type OfflinePushContent, type OfflinePushContentInput, type OfflinePushPlatform } from '../../src/im/offline-push/offline-push-content.ts';

const NOW = Date.UTC(2030, 0, 1, 4, 0, 0);
const PID = '1234567890123456';
const text = (t: string): MessageElement => ({ type: 'TIMTextElem', content: { text: t } });
const EXT = JSON.stringify({ entity: { version: 1, action: 1, chatType: 1, sender: 'alice', nickname: 'Alice', sendTime: 1_893_470_400 } });

function content(o: Partial<OfflinePushContentInput> & { platform: OfflinePushPlatform }): OfflinePushContent {
  const built = buildOfflinePushContent({ elements: [text('hi')], sender: { userId: 'alice', nickname: 'Alice' }, ...o });
  assert.ok(built, 'expected a push');
  return built;
}

/** The /v3/push/app body the push queue would send, normalised as the push service does. */
function request(c: OfflinePushContent, platform: OfflinePushPlatform): PushRequest {
  return normalizePushRequest(
    { audience_type: 'account_list', account_list: ['bob'], message_type: 'notify', message: c.message },
    { platform, now: NOW, utcOffsetMinutes: 480 },
  );
}

const apns = (c: OfflinePushContent, current = 4) => buildApnsNotification(request(c, 'ios'), { pushId: PID, bundleId: 'com.example.chat', badge: { current }, now: NOW });

describe('iOS', () => {
  it('alerts "Nickname: content", counts one more on the badge, rings, and carries ext under "ext"', () => {
    const c = content({ platform: 'ios', offlinePushInfo: { ext: EXT } });
    assert.deepEqual(c.message, { title: '', content: 'Alice: hi', ios: { aps: { badge_type: -2, sound: 'default' }, custom_content: JSON.stringify({ ext: EXT }) } });
    const built = apns(c);
    assert.deepEqual(built.notification.payload, {
      ext: EXT,
      aps: { alert: { body: 'Alice: hi' }, badge: 5, sound: 'default', 'mutable-content': 1 },
      herald: { pid: PID },
    });
    assert.equal(built.nextBadge, 5);
    assert.equal(c.iosPushType, 'apns');
    assert.deepEqual(c.notes, []);
  });

  it('puts ext under "custom" for TUIKit apps in TPNS mode', () => {
    const built = apns(content({ platform: 'ios', offlinePushInfo: { ext: EXT }, iosExtKey: 'custom' }));
    assert.equal(built.notification.payload['custom'], EXT);
    assert.equal(built.notification.payload['ext'], undefined);
  });

  it('maps title, ApnsInfo title and subtitle, sound, interruption level, image and badge mode', () => {
    const c = content({
      platform: 'ios',
      group: { groupId: 'g1', name: 'Hikers' },
      offlinePushInfo: { title: 'Common', iOSSound: 'ring.caf', iOSInterruptionLevel: 'time-sensitive', iOSImage: 'https://img.example/a.png', ignoreIOSBadge: true, apnsInfo: { Title: 'Hikers', SubTitle: 'Alice' } },
    });
    const built = apns(c);
    assert.deepEqual(built.notification.payload, {
      image: 'https://img.example/a.png',
      aps: { alert: { subtitle: 'Alice', title: 'Hikers', body: 'Alice (Hikers): hi' }, sound: 'ring.caf', 'interruption-level': 'time-sensitive', 'mutable-content': 1 },
      herald: { pid: PID },
    });
    assert.equal(built.nextBadge, undefined, 'ignoreIOSBadge leaves the badge alone');
  });

  it('is silent for push.no_sound and leaves the badge alone for BadgeMode 1', () => {
    const built = apns(content({ platform: 'ios', offlinePushInfo: { iOSSound: 'push.no_sound', apnsInfo: { BadgeMode: 1 } } }));
    const aps = built.notification.payload['aps'] as Record<string, unknown>;
    assert.equal('sound' in aps, false);
    assert.equal('badge' in aps, false);
  });

  it('uses a custom element\'s own ext and sound only when the message has no offlinePushInfo', () => {
    const elements: MessageElement[] = [{ type: 'TIMCustomElem', content: { data: 'x', desc: 'Order shipped', ext: 'legacy', sound: 'cash.caf' } }];
    const legacy = content({ platform: 'ios', elements });
    assert.equal(legacy.message['content'], 'Alice: Order shipped');
    assert.deepEqual(legacy.message['ios'], { aps: { badge_type: -2, sound: 'cash.caf' }, custom_content: '{"ext":"legacy"}' });
    const overridden = content({ platform: 'ios', elements, offlinePushInfo: { title: 'Shop' } });
    assert.deepEqual(overridden.message['ios'], { aps: { badge_type: -2, sound: 'default' } });
  });

  it('asks for VoIP and a background notification outside the TPNS message', () => {
    const c = content({ platform: 'ios', offlinePushInfo: { iOSPushType: 1, enableIOSBackgroundNotification: true } });
    assert.equal(c.iosPushType, 'voip');
    assert.deepEqual(c.vendorOptions, { ios: { contentAvailable: true } });
    assert.equal(c.notes.length, 2);
  });

  it('cuts a long text so the APNs payload fits, with the ext kept whole', () => {
    const long = 'x'.repeat(10_000);
    const c = content({ platform: 'ios', elements: [text(long)], offlinePushInfo: { title: 'T'.repeat(200), ext: EXT } });
    const body = c.message['content'] as string;
    assert.ok(body.startsWith('Alice: xxx') && body.endsWith('…'), body.slice(0, 20));
    assert.ok(body.length < 4096);
    assert.ok(c.notes.includes('text cut to fit the 4 KB payload'));
    const payload = apns(c).notification.payload;
    assert.equal(payload['ext'], EXT);
    assert.ok(Buffer.byteLength(JSON.stringify(payload)) <= 4096);
    // Most of the room goes to the text: what is left is small.
    assert.ok(Buffer.byteLength(JSON.stringify(payload)) > 3500);
  });

  it('says so when the ext alone is too large, leaving the refusal to the push model', () => {
    const c = content({ platform: 'ios', offlinePushInfo: { ext: JSON.stringify({ entity: { customData: 'y'.repeat(4200) } }) } });
    assert.ok(c.notes.includes('ext alone exceeds the 4 KB payload: the push will be refused as too large'));
  });

  it('cuts multi-byte text on code points', () => {
    const c = content({ platform: 'ios', elements: [text('你好'.repeat(3000))] });
    const body = c.message['content'] as string;
    assert.ok(body.endsWith('…'));
    assert.ok(!/[\uD800-\uDFFF]/.test(body));
    apns(c);
  });

  it('has nothing to push for a custom message without desc, and pushes one with desc', () => {
    const elements: MessageElement[] = [{ type: 'TIMCustomElem', content: { data: '{"k":1}' } }];
    assert.equal(buildOfflinePushContent({ platform: 'ios', elements, sender: { userId: 'alice' } }), undefined);
    const c = content({ platform: 'ios', elements, offlinePushInfo: { desc: 'New order' } });
    assert.equal(c.message['content'], 'New order');
  });
});

describe('Android', () => {
  const info: OfflinePushInfo = {
    ext: EXT,
    androidInfo: {
      Sound: 'ding', HuaWeiChannelID: 'hw_im', HuaWeiCategory: 'IM', HuaWeiImportance: 'NORMAL', XiaoMiChannelID: 'mi_im',
      OPPOChannelID: 'oppo_im', OPPOCategory: 'IM', OPPONotifyLevel: 16, GoogleChannelID: 'fcm_im', VIVOCategory: 'im',
      HonorImportance: 'NORMAL', MeiZuNoticeMsgType: 1, HuaWeiImage: 'https://img.example/a.png', GoogleImage: 'https://img.example/a.png',
    },
  };
  const action = { action_type: 1, activity: 'com.example.chat.ChatActivity' };
  const c = content({ platform: 'android', offlinePushInfo: info, group: { groupId: 'g1', name: 'Hikers' }, androidAction: action });
  const req = request(c, 'android');
  const opts = { pushId: PID, now: NOW, packageName: 'com.example.chat', badgeClass: 'com.example.chat.MainActivity' };

  it('is a TPNS Android message with every field that has a TPNS spelling', () => {
    assert.deepEqual(c.message, {
      title: '',
      content: 'Alice (Hikers): hi',
      android: {
        ring_raw: 'ding', hw_ch_id: 'hw_im', hw_category: 'IM', hw_importance: 2, xm_ch_id: 'mi_im', fcm_ch_id: 'fcm_im',
        oppo_ch_id: 'oppo_im', vivo_category: 'IM', badge_type: -2, icon_type: 1, icon_res: 'https://img.example/a.png',
        action, custom_content: JSON.stringify({ ext: EXT }),
      },
    });
    assert.deepEqual(c.vendorOptions, {
      oppo: { category: 'IM', notifyLevel: 16 },
      honor: { importance: 'NORMAL' },
      huawei: { image: 'https://img.example/a.png' },
      fcm: { image: 'https://img.example/a.png' },
      meizu: { notifyType: 1 },
    });
    assert.deepEqual(c.notes, [
      'OPPOCategory has no TPNS field: carried in vendorOptions',
      'OPPONotifyLevel has no TPNS field: carried in vendorOptions',
      'HonorImportance has no TPNS field: carried in vendorOptions',
      'MeizuNotifyType has no TPNS field: carried in vendorOptions',
    ]);
  });

  it('Huawei: channel, category, importance, image, a badge one higher, and ext as an intent extra', () => {
    const payload = buildHuaweiNotification(req, { ...opts, fallbackTitle: 'Chat' }).payload as Record<string, any>;
    assert.equal(payload['android'].category, 'IM');
    const n = payload['android'].notification;
    assert.equal(n.title, 'Chat');
    assert.equal(n.body, 'Alice (Hikers): hi');
    assert.equal(n.channel_id, 'hw_im');
    assert.equal(n.importance, 'NORMAL');
    assert.equal(n.image, 'https://img.example/a.png');
    assert.deepEqual(n.badge, { class: 'com.example.chat.MainActivity', add_num: 1 });
    assert.equal(n.sound, '/raw/ding');
    assert.ok(n.click_action.intent.includes(`S.ext=${encodeURIComponent(EXT)}`), n.click_action.intent);
    assert.equal(JSON.parse(payload['data']).ext, EXT);
  });

  it('Honor: the importance from vendorOptions, and ext in data', () => {
    const payload = buildHonorNotification(req, { ...opts, ...c.vendorOptions.honor }).payload as Record<string, any>;
    assert.equal(payload['android'].notification.importance, 'NORMAL');
    assert.equal(JSON.parse(payload['data']).ext, EXT);
  });

  it('Xiaomi: channel and ext as the "ext" extra', () => {
    const { notification } = buildXiaomiNotification(req, opts);
    const extra = (notification.payload as Record<string, any>)['extra'];
    assert.equal(extra.channel_id, 'mi_im');
    assert.equal(extra.ext, EXT);
  });

  it('OPPO: channel, the category and notify level from vendorOptions, and the entity bundle key', () => {
    const { notification } = buildOppoNotification(req, { pushId: PID, now: NOW, ...c.vendorOptions.oppo });
    const p = notification!.payload as Record<string, any>;
    assert.equal(p['channel_id'], 'oppo_im');
    assert.equal(p['category'], 'IM');
    assert.equal(p['notify_level'], 16);
    const params = JSON.parse(p['action_parameters']);
    assert.equal(params.ext, EXT);
    assert.deepEqual(JSON.parse(params.entity), JSON.parse(EXT).entity);
  });

  it('vivo: the category (upper-cased) and ext in clientCustomMap', () => {
    const p = buildVivoNotification(req, { ...opts, fallbackTitle: 'Chat' })!.payload as Record<string, any>;
    assert.equal(p['category'], 'IM');
    assert.equal(p['classification'], undefined);
    assert.equal(p['clientCustomMap'].ext, EXT);
  });

  it('vivo: Tencent\'s default classification, a system message, when neither classification nor category is set', () => {
    const plain = content({ platform: 'android' });
    assert.equal((plain.message['android'] as Record<string, unknown>)['vivo_ch_id'], '1');
    const p = buildVivoNotification(request(plain, 'android'), { ...opts, fallbackTitle: 'Chat' })!.payload as Record<string, any>;
    assert.equal(p['classification'], 1);
    const operational = content({ platform: 'android', offlinePushInfo: { androidVIVOClassification: 0 } });
    assert.equal((operational.message['android'] as Record<string, unknown>)['vivo_ch_id'], '0');
  });

  it('FCM: channel, image, and ext as a data key', () => {
    const p = buildFcmNotification(req, { pushId: PID, now: NOW }).payload as Record<string, any>;
    assert.equal(p['android'].notification.channel_id, 'fcm_im');
    assert.equal(p['android'].notification.image, 'https://img.example/a.png');
    assert.equal(p['data'].ext, EXT);
  });

  it('Meizu: ext as a click parameter', () => {
    const p = buildMeizuNotification(req, { ...opts, fallbackTitle: 'Chat' })!.payload as Record<string, any>;
    assert.equal(p['clickTypeInfo'].parameters.ext, EXT);
  });

  it('drops an invalid vivo category and differing vendor images, and says so', () => {
    const odd = content({ platform: 'android', offlinePushInfo: { androidVIVOCategory: 'not a category', androidHuaWeiImage: 'https://a.example/1.png', androidFCMImage: 'https://a.example/2.png' } });
    const android = odd.message['android'] as Record<string, unknown>;
    assert.equal(android['vivo_category'], undefined);
    assert.equal(android['vivo_ch_id'], '1');
    assert.equal(android['icon_res'], undefined);
    assert.ok(odd.notes.some((n) => n.startsWith('VIVOCategory')));
    assert.ok(odd.notes.some((n) => n.startsWith('Huawei, Honor and FCM images differ')));
    assert.ok(odd.notes.includes('HuaWeiImage has no TPNS field: carried in vendorOptions'));
    request(odd, 'android');
  });
});

describe('Web', () => {
  it('reads the Android block: the text, ext in the notification data, and one more on the badge', () => {
    const c = content({ platform: 'web', offlinePushInfo: { ext: EXT } });
    const { notification, nextBadge } = buildWebPushNotification(request(c, 'web'), { pushId: PID, badge: { current: 2 }, now: NOW });
    const n = (notification.payload as Record<string, any>)['notification'];
    assert.equal(n.body, 'Alice: hi');
    assert.deepEqual(n.data, { ext: EXT });
    assert.equal(n.app_badge, 3);
    assert.equal(nextBadge, 3);
  });
});
