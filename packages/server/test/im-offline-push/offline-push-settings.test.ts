/**
 * Reading a message's stored offlinePushInfo: the chat SDK's V2TIMOfflinePushInfo names (lower camel case and the
 * iOS header's spelling), the REST OfflinePushInfo with AndroidInfo/ApnsInfo, vendorParams, and values of the
 * wrong type left out with a note.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OfflinePushInfo } from '@herald/protocol';
import { hasOfflinePushInfo, readOfflinePushSettings } from '../../src/im/offline-push/offline-push-settings.ts';

describe('readOfflinePushSettings', () => {
  it('reads nothing as the defaults', () => {
    assert.deepEqual(readOfflinePushSettings(undefined), {
      disablePush: false,
      ios: { pushType: 'apns', ignoreBadge: false, backgroundNotification: false, mutableContent: false },
      android: {},
      notes: [],
    });
  });

  it('reads the chat SDK spelling', () => {
    const s = readOfflinePushSettings({
      title: 'T', desc: 'D', ext: ' {"entity":{}} ', disablePush: true,
      iOSPushType: 1, ignoreIOSBadge: true, iOSSound: 'ring.caf', iOSInterruptionLevel: 'time-sensitive',
      enableIOSBackgroundNotification: true, iOSImage: 'https://img.example/a.png',
      androidSound: 'ring', androidOPPOChannelID: 'oppo_im', androidOPPOCategory: 'IM', androidOPPONotifyLevel: 16,
      androidFCMChannelID: 'fcm_im', androidFCMImage: 'https://img.example/f.png', androidXiaoMiChannelID: 'mi_im',
      androidVIVOClassification: 0, androidVIVOCategory: 'IM', androidHuaWeiCategory: 'IM',
      androidHuaWeiImage: 'https://img.example/h.png', androidHonorImportance: 'NORMAL', androidHonorImage: 'https://img.example/o.png',
      androidMeizuNotifyType: 1,
    });
    assert.deepEqual(s, {
      title: 'T', desc: 'D', ext: ' {"entity":{}} ', disablePush: true,
      ios: {
        pushType: 'voip', ignoreBadge: true, backgroundNotification: true, mutableContent: false,
        sound: 'ring.caf', interruptionLevel: 'time-sensitive', image: 'https://img.example/a.png',
      },
      android: {
        sound: 'ring', huaweiCategory: 'IM', huaweiImage: 'https://img.example/h.png', honorImportance: 'NORMAL',
        honorImage: 'https://img.example/o.png', xiaomiChannelId: 'mi_im', oppoChannelId: 'oppo_im', oppoCategory: 'IM',
        oppoNotifyLevel: 16, vivoClassification: 0, vivoCategory: 'IM', fcmChannelId: 'fcm_im', fcmImage: 'https://img.example/f.png',
        meizuNotifyType: 1,
      },
      notes: [],
    });
  });

  it('reads the iOS header spelling of the Android fields', () => {
    const s = readOfflinePushSettings({ AndroidOPPOChannelID: 'oppo_im', AndroidSound: 'ring', AndroidMeizuNotifyType: 0 });
    assert.deepEqual(s.android, { sound: 'ring', oppoChannelId: 'oppo_im', meizuNotifyType: 0 });
  });

  it('reads the REST spelling: AndroidInfo, ApnsInfo and vendorParams', () => {
    const s = readOfflinePushSettings({
      title: 'T',
      androidInfo: {
        Sound: 'android', HuaWeiChannelID: 'hw_im', XiaoMiChannelID: 'mi_im', OPPOChannelID: 'oppo_im', GoogleChannelID: 'fcm_im',
        VIVOClassification: 1, HuaWeiImportance: 'low', HuaWeiCategory: 'IM', OPPOCategory: 'IM', OPPONotifyLevel: '2',
        VIVOCategory: 'IM', VIVONotifyType: 4, HonorImportance: 'LOW', GoogleImage: 'https://img.example/g.png',
        GooglePriority: 'high', MeiZuNoticeMsgType: 1,
      },
      apnsInfo: { Sound: 'apns.mp3', BadgeMode: 1, Title: 'iOS T', SubTitle: 'Sub', Image: 'https://img.example/i.png', MutableContent: 1 },
    });
    assert.deepEqual(s.ios, {
      pushType: 'apns', ignoreBadge: true, backgroundNotification: false, mutableContent: true,
      sound: 'apns.mp3', image: 'https://img.example/i.png', title: 'iOS T', subtitle: 'Sub',
    });
    assert.deepEqual(s.android, {
      sound: 'android', huaweiChannelId: 'hw_im', huaweiCategory: 'IM', huaweiImportance: 'LOW', honorImportance: 'LOW',
      xiaomiChannelId: 'mi_im', oppoChannelId: 'oppo_im', oppoCategory: 'IM', oppoNotifyLevel: 2, vivoClassification: 1,
      vivoCategory: 'IM', vivoNotifyType: 4, fcmChannelId: 'fcm_im', fcmImage: 'https://img.example/g.png', fcmPriority: 'high',
      meizuNotifyType: 1,
    });
    assert.equal(s.title, 'T');
    assert.deepEqual(s.notes, []);
  });

  it('reads fcmPriority and vivoNotifyType from vendorParams, an object or its JSON string', () => {
    for (const vendorParams of ['{"fcmPriority":"high","vivoNotifyType":2}', { fcmPriority: 'high', vivoNotifyType: 2 }]) {
      const s = readOfflinePushSettings({ vendorParams });
      assert.deepEqual(s.android, { fcmPriority: 'high', vivoNotifyType: 2 });
    }
  });

  it('prefers the SDK field to the REST one when both are there', () => {
    const s = readOfflinePushSettings({ iOSSound: 'sdk.caf', apnsInfo: { Sound: 'rest.caf' } });
    assert.equal(s.ios.sound, 'sdk.caf');
  });

  it('leaves out values of the wrong type or outside their choices, and names each in notes', () => {
    // Stored as sent: the chat op checks only title, desc, ext and disablePush, REST bodies nothing but shape.
    const stored = { title: 7, iOSSound: 3, ignoreIOSBadge: 'yes', androidOPPONotifyLevel: 5, androidHonorImportance: 'HIGH', iOSInterruptionLevel: 'loud' };
    const s = readOfflinePushSettings(stored as unknown as OfflinePushInfo);
    assert.equal(s.title, undefined);
    assert.equal(s.ios.sound, undefined);
    assert.equal(s.ios.ignoreBadge, false);
    assert.equal(s.ios.interruptionLevel, undefined);
    assert.deepEqual(s.android, {});
    assert.deepEqual(s.notes.sort(), [
      'androidHonorImportance ignored: not one of LOW, NORMAL',
      'androidOPPONotifyLevel ignored: not one of 1, 2, 16',
      'iOSInterruptionLevel ignored: not one of passive, active, time-sensitive, critical',
      'iOSSound ignored: not a string',
      'ignoreIOSBadge ignored: not a boolean',
      'title ignored: not a string',
    ]);
  });

  it('treats blank title, desc and ext as not set', () => {
    const s = readOfflinePushSettings({ title: ' ', desc: '', ext: '  ' });
    assert.equal(s.title, undefined);
    assert.equal(s.desc, undefined);
    assert.equal(s.ext, undefined);
  });

  it('tells an empty push info from one with settings', () => {
    assert.equal(hasOfflinePushInfo(undefined), false);
    assert.equal(hasOfflinePushInfo({}), false);
    assert.equal(hasOfflinePushInfo({ title: undefined }), false);
    assert.equal(hasOfflinePushInfo({ desc: 'd' }), true);
  });
});
