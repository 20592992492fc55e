/**
 * Herald's iOS extensions of /v3/push/app: `message.ios.push_type: "voip"` (a PushKit push, Tencent IM's
 * iOSPushType VoIP) and `message.ios.content_available: 1` (an alert that also wakes the app, IM's
 * enableIOSBackgroundNotification), as the request model reads them and the APNs builder and driver send them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APNS_DRIVER } from '../../src/push/channels/apns-driver.ts';
import { buildApnsNotification } from '../../src/push/model/apns/build-apns-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const opts = { pushId: '4242', bundleId: 'com.example.app', badge: { current: 3 }, now: NOW + 1500 };
const request = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message, ...extra },
    { platform: 'ios', now: NOW, utcOffsetMinutes: 480 },
  );

test('push_type voip: apns-push-type voip at priority 10, no badge, no TPNS alert defaults', () => {
  const req = request({
    title: 'Alice',
    content: 'is calling you',
    ios: { push_type: 'voip', aps: { badge_type: -2, sound: 'ring.caf' }, custom_content: JSON.stringify({ ext: '{"call":1}' }) },
  }, { collapse_id: 7, expire_time: 60 });
  assert.equal(req.message.ios?.pushType, 'voip');
  const { notification, nextBadge } = buildApnsNotification(req, opts);
  assert.deepEqual(notification.payload, {
    ext: '{"call":1}',
    aps: { alert: { title: 'Alice', body: 'is calling you' }, sound: 'ring.caf' },
    herald: { pid: '4242' },
  });
  assert.equal(notification.pushType, 'voip');
  assert.equal(notification.priority, 10);
  // The channel adds the `.voip` suffix (apnsTopicFor), so the topic stays the bundle id here.
  assert.equal(notification.topic, 'com.example.app');
  assert.equal(notification.collapseId, '7');
  assert.equal(notification.expiration, Math.floor((NOW + 1500) / 1000) + 800);
  assert.equal(nextBadge, undefined);
  assert.equal(APNS_DRIVER.perDeviceBadge(req), false);
  assert.equal(APNS_DRIVER.perDeviceBadge(request({ title: 'a', content: 'b', ios: { aps: { badge_type: -2 } } })), true);
});

test('a VoIP push needs no title or content, and may be sent as message_type "message"', () => {
  const bare = buildApnsNotification(request({ ios: { push_type: 'voip', aps: {}, custom_content: '{"callId":"c1"}' } }), opts).notification;
  assert.deepEqual(bare.payload, { callId: 'c1', aps: {}, herald: { pid: '4242' } });
  assert.equal(bare.pushType, 'voip');
  const silent = normalizePushRequest(
    { audience_type: 'all', message_type: 'message', message: { ios: { push_type: 'voip', custom_content: '{"callId":"c2"}' } } },
    { platform: 'ios', now: NOW, utcOffsetMinutes: 480 },
  );
  const n = buildApnsNotification(silent, opts).notification;
  assert.deepEqual([n.pushType, n.priority], ['voip', 10]);
  assert.deepEqual(n.payload['aps'], {});
  // Without push_type a notify push still needs its content, as in TPNS.
  assertHeraldError(() => request({ ios: { aps: {} } }), 'REQUEST_PARAM_MISSING', 'message.title');
});

test('a VoIP payload may take 5120 bytes, not more', () => {
  // The TPNS message stays within its 4 KB; a long push id takes the payload past Apple's limits.
  const custom = JSON.stringify({ pad: 'x'.repeat(3950) });
  const withId = (n: number) => ({ ...opts, pushId: 'p'.repeat(n) });
  const alert = request({ title: 'a', content: 'b', ios: { custom_content: custom } });
  const voip = request({ title: 'a', content: 'b', ios: { push_type: 'voip', custom_content: custom } });
  assertHeraldError(() => buildApnsNotification(alert, withId(200)), 'PUSH_PAYLOAD_TOO_LARGE', 'APNs payload');
  const big = buildApnsNotification(voip, withId(1000)).notification;
  const size = Buffer.byteLength(JSON.stringify(big.payload));
  assert.ok(size > 4096 && size <= 5120, `${size} bytes`);
  assertHeraldError(() => buildApnsNotification(voip, withId(1200)), 'PUSH_PAYLOAD_TOO_LARGE', 'APNs VoIP payload');
});

test('push_type takes "voip" only; an Android app ignores the iOS block', () => {
  assertHeraldError(() => request({ title: 'a', content: 'b', ios: { push_type: 'alert' } }), 'REQUEST_PARAM_INVALID', 'message.ios.push_type');
  assertHeraldError(() => request({ title: 'a', content: 'b', ios: { push_type: 1 } }), 'REQUEST_PARAM_INVALID', 'message.ios.push_type');
  assert.equal(request({ title: 'a', content: 'b', ios: { push_type: '' } }).message.ios?.pushType, undefined);
  const android = normalizePushRequest(
    { audience_type: 'all', message_type: 'notify', message: { title: 'a', content: 'b', ios: { push_type: 'bogus' } } },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );
  assert.equal(android.message.ios, undefined);
});

test('content_available 1: the alert also wakes the app; TPNS\'s aps.content-available stays refused on a notification', () => {
  const req = request({ title: 'Alice', content: 'hello', ios: { content_available: 1, aps: { sound: 'default' } } });
  assert.equal(req.message.ios?.contentAvailable, true);
  const n = buildApnsNotification(req, opts).notification;
  assert.deepEqual(n.payload['aps'], { alert: { title: 'Alice', body: 'hello' }, sound: 'default', 'mutable-content': 1, 'content-available': 1 });
  assert.deepEqual([n.pushType, n.priority], ['alert', 10]);
  assert.equal(request({ title: 'a', content: 'b', ios: { content_available: 0, aps: {} } }).message.ios?.contentAvailable, undefined);
  assertHeraldError(() => request({ title: 'a', content: 'b', ios: { content_available: 2 } }), 'REQUEST_PARAM_INVALID', 'message.ios.content_available');
  assertHeraldError(() => request({ title: 'a', content: 'b', ios: { aps: { 'content-available': 1 } } }), 'REQUEST_PARAM_INVALID', 'message.ios.aps.content-available');
});
