/**
 * The SDK's TUIKit entity helper: building `ext` for chats and calls, reading it back from wherever each channel
 * delivers it (checked against the payloads Herald's own push builders make), the route of a tap, and the call
 * timeout check against the server time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildCallPushExt,
  buildChatPushExt,
  isCallTimedOut,
  offlinePushRoute,
  parseOfflinePushExt,
  readOfflinePushEntity,
  routeOfNotification,
} from '@herald/sdk';
import { buildOfflinePushContent, type OfflinePushPlatform } from '../../../server/src/im/offline-push/offline-push-content.ts';
import { callInviteExt } from '../../../server/src/im/offline-push/call-invite-push.ts';
import { buildApnsNotification } from '../../../server/src/push/model/apns/build-apns-notification.ts';
import { buildOppoNotification } from '../../../server/src/push/model/oppo/build-oppo-notification.ts';
import { buildXiaomiNotification } from '../../../server/src/push/model/xiaomi/build-xiaomi-notification.ts';
import { buildFcmNotification } from '../../../server/src/push/model/fcm/build-fcm-notification.ts';
import { buildWebPushNotification } from '../../../server/src/push/model/webpush/build-webpush-notification.ts';
import { normalizePushRequest } from '../../../server/src/push/model/normalize-push-request.ts';

const SERVER_TIME = Date.UTC(2030, 0, 1, 4, 0, 0) + 999;
const SECONDS = Math.floor(SERVER_TIME / 1000);

describe('buildChatPushExt', () => {
  it('builds the one-to-one entity with the sender as `sender` and sendTime in seconds', () => {
    const ext = buildChatPushExt({ chatType: 'c2c', senderUserId: 'alice', nickname: 'Alice', faceUrl: 'https://img.example/a.png', content: 'hi', serverTime: SERVER_TIME });
    assert.deepEqual(JSON.parse(ext), {
      entity: { version: 1, action: 1, chatType: 1, sender: 'alice', nickname: 'Alice', faceUrl: 'https://img.example/a.png', content: 'hi', sendTime: SECONDS },
    });
  });

  it('puts the group ID in `sender` for a group, leaves unset profile fields out, and passes TIMPush features', () => {
    const ext = buildChatPushExt({ chatType: 'group', groupId: '@TGS#1ABC', nickname: '', serverTime: SERVER_TIME, customData: 'x', timPushFeatures: { fcmPushType: 1 } });
    assert.deepEqual(JSON.parse(ext), {
      entity: { version: 1, action: 1, chatType: 2, sender: '@TGS#1ABC', sendTime: SECONDS, customData: 'x' },
      timPushFeatures: { fcmPushType: 1 },
    });
  });
});

describe('routes', () => {
  it('turns a chat entity into the C2C or group route', () => {
    assert.deepEqual(routeOfNotification({ ext: buildChatPushExt({ chatType: 'c2c', senderUserId: 'alice', serverTime: SERVER_TIME }) }), { kind: 'c2c', userID: 'alice' });
    assert.deepEqual(routeOfNotification({ ext: buildChatPushExt({ chatType: 'group', groupId: 'g1', serverTime: SERVER_TIME }) }), { kind: 'group', groupID: 'g1' });
  });

  it('turns a call entity into the call, as V2TIMSignalingInfo names it', () => {
    const ext = buildCallPushExt({
      inviter: 'alice', nickname: 'Alice', serverTime: SERVER_TIME,
      call: { call_id: 'inv-1', call_type: 2, room_id: 804544637, timeout: 30, invited_list: ['bob', 'carol'], group_id: 'g1' },
    });
    const entity = parseOfflinePushExt(ext)!;
    assert.equal(entity.action, 2);
    assert.equal(entity.chatType, 2);
    assert.deepEqual(JSON.parse(entity.content!), { action: 1, call_id: 'inv-1', call_type: 2, room_id: 804544637, timeout: 30, invited_list: ['bob', 'carol'], group_id: 'g1', version: 4 });
    assert.deepEqual(offlinePushRoute(entity), {
      kind: 'call',
      call: { inviteID: 'inv-1', inviter: 'alice', groupID: 'g1', inviteeList: ['bob', 'carol'], callType: 2, roomID: 804544637, timeout: 30, sendTime: SECONDS },
    });
  });

  it('reads the call entity the server builds for an invite', () => {
    const ext = callInviteExt({ inviteId: 'inv-9', inviter: 'alice', inviteeList: ['bob'], data: '{"call_type":1,"room_id":"r9"}', timeout: 45, sendTime: SERVER_TIME }, { nickname: 'Alice' });
    assert.deepEqual(routeOfNotification({ ext }), {
      kind: 'call',
      call: { inviteID: 'inv-9', inviter: 'alice', inviteeList: ['bob'], callType: 1, roomID: 'r9', timeout: 45, sendTime: SECONDS },
    });
  });

  it('refuses other versions, unknown actions and chat types, and malformed ext, as TUIKit does', () => {
    const entity = { version: 1, action: 1, chatType: 1, sender: 'alice', sendTime: 1 };
    assert.ok(parseOfflinePushExt({ entity }));
    assert.ok(parseOfflinePushExt(JSON.stringify(entity)), 'the entity itself, as OPPO hands it over');
    assert.ok(parseOfflinePushExt({ entity: { ...entity, action: '1', chatType: '1' } }), 'numbers as strings');
    for (const bad of [{ ...entity, version: 2 }, { ...entity, action: 3 }, { ...entity, chatType: 0 }, { ...entity, sender: '' }]) {
      assert.equal(parseOfflinePushExt({ entity: bad }), undefined, JSON.stringify(bad));
    }
    for (const bad of ['not json', '[]', 42, null, undefined, '{"other":1}']) assert.equal(parseOfflinePushExt(bad), undefined, String(bad));
    assert.equal(offlinePushRoute({ version: 1, action: 2, chatType: 1, sender: 'alice', sendTime: 1, content: 'no call' }), undefined);
  });
});

describe('readOfflinePushEntity on what each channel delivers', () => {
  const ext = buildChatPushExt({ chatType: 'group', groupId: 'g1', nickname: 'Alice', serverTime: SERVER_TIME });
  const NOW = SERVER_TIME;
  const message = (platform: OfflinePushPlatform, iosExtKey?: 'ext' | 'custom') =>
    buildOfflinePushContent({
      platform,
      elements: [{ type: 'TIMTextElem', content: { text: 'hi' } }],
      offlinePushInfo: { ext },
      sender: { userId: 'alice', nickname: 'Alice' },
      group: { groupId: 'g1', name: 'Hikers' },
      ...(iosExtKey === undefined ? {} : { iosExtKey }),
    })!.message;
  const request = (platform: OfflinePushPlatform, iosExtKey?: 'ext' | 'custom') =>
    normalizePushRequest({ audience_type: 'account', account_list: ['bob'], message_type: 'notify', message: message(platform, iosExtKey) }, { platform, now: NOW, utcOffsetMinutes: 480 });
  const group = { kind: 'group', groupID: 'g1' };

  it('APNs userInfo, under "ext" (native) and "custom" (TPNS mode)', () => {
    for (const key of ['ext', 'custom'] as const) {
      const { payload } = buildApnsNotification(request('ios', key), { pushId: 'p'.repeat(16), bundleId: 'com.example', badge: { current: 0 }, now: NOW }).notification;
      assert.deepEqual(routeOfNotification(payload), group, key);
    }
  });

  it('OPPO action parameters (the "entity" key), Xiaomi extras, FCM data, and a web notification\'s data', () => {
    const oppo = JSON.parse((buildOppoNotification(request('android'), { pushId: 'p', now: NOW }).notification!.payload as Record<string, string>)['action_parameters']!);
    assert.deepEqual(routeOfNotification({ entity: oppo.entity }), group);
    const mi = buildXiaomiNotification(request('android'), { pushId: 'p', packageName: 'com.example', now: NOW }).notification.payload as Record<string, unknown>;
    assert.deepEqual(routeOfNotification(mi['extra']), group);
    const fcm = buildFcmNotification(request('android'), { pushId: 'p', now: NOW }).payload as Record<string, unknown>;
    assert.deepEqual(routeOfNotification(fcm['data']), group);
    const web = buildWebPushNotification(request('web'), { pushId: 'p', badge: { current: 0 }, now: NOW }).notification.payload as Record<string, any>;
    assert.deepEqual(routeOfNotification(web['notification']), group);
  });

  it('TPNS Android custom_content as a JSON string, and a bare ext', () => {
    assert.deepEqual(routeOfNotification({ custom_content: JSON.stringify({ ext }) }), group);
    assert.deepEqual(routeOfNotification(ext), group);
    assert.equal(readOfflinePushEntity({ aps: { alert: 'hi' } }), undefined);
  });
});

describe('isCallTimedOut', () => {
  const call = { timeout: 30, sendTime: SECONDS };

  it('is false within the timeout and true past it, the server time in ms', () => {
    assert.equal(isCallTimedOut(call, SERVER_TIME), false);
    assert.equal(isCallTimedOut(call, (SECONDS + 30) * 1000), false);
    assert.equal(isCallTimedOut(call, (SECONDS + 31) * 1000), true);
  });

  it('never times out a call with timeout 0', () => {
    assert.equal(isCallTimedOut({ timeout: 0, sendTime: SECONDS }, (SECONDS + 86_400) * 1000), false);
  });
});
