import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApnsNotification } from '../../src/push/model/apns/build-apns-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const opts = { pushId: '4242', bundleId: 'com.example.app', badge: { current: 3 }, now: NOW + 1500 };
const request = (extra: Record<string, unknown>) =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body' }, ...extra },
    { platform: 'ios', now: NOW, utcOffsetMinutes: 480 },
  );

test('the TPNS iOS single-device sample becomes an alert push', () => {
  const req = request({
    environment: 'dev',
    collapse_id: 99,
    message: {
      title: 'Push title',
      content: 'Push content',
      thread_id: 'room-1',
      ios: {
        aps: { alert: { subtitle: 'Push subtitle', title: 'overridden' }, badge_type: -2, sound: 'Tassel.wav', category: 'INVITE_CATEGORY' },
        custom_content: '{"key":"value"}',
      },
    },
  });
  const { notification, nextBadge } = buildApnsNotification(req, opts);
  assert.deepEqual(notification.payload, {
    key: 'value',
    aps: {
      alert: { subtitle: 'Push subtitle', title: 'Push title', body: 'Push content' },
      sound: 'Tassel.wav',
      category: 'INVITE_CATEGORY',
      'mutable-content': 1,
      'thread-id': 'room-1',
      badge: 4,
    },
    herald: { pid: '4242' },
  });
  assert.equal(nextBadge, 4);
  assert.equal(notification.pushType, 'alert');
  assert.equal(notification.priority, 10);
  assert.equal(notification.topic, 'com.example.app');
  assert.equal(notification.collapseId, '99');
  assert.equal(notification.pushId, '4242');
  assert.equal(notification.expiration, Math.floor((NOW + 1500) / 1000) + 86400);
});

test('badge_type: -1 no badge, n sets n, absent passes aps.badge through', () => {
  const withAps = (aps: Record<string, unknown>) => buildApnsNotification(request({ message: { title: 'a', content: 'b', ios: { aps } } }), opts);
  const keep = withAps({ badge_type: -1 });
  assert.equal('badge' in (keep.notification.payload['aps'] as object), false);
  assert.equal(keep.nextBadge, undefined);
  const set = withAps({ badge_type: 0 });
  assert.equal((set.notification.payload['aps'] as { badge: number }).badge, 0);
  assert.equal(set.nextBadge, 0);
  const raw = withAps({ badge: 7 });
  assert.equal((raw.notification.payload['aps'] as { badge: number }).badge, 7);
  assert.equal(raw.nextBadge, 7);
  const none = buildApnsNotification(request({}), opts);
  assert.deepEqual(none.notification.payload['aps'], { alert: { title: 'Hi', body: 'Body' }, 'mutable-content': 1 });
  assert.equal(none.nextBadge, undefined);
});

test('aps details: mutable-content kept when given, empty sound removed, string alert, interruption level', () => {
  const { notification } = buildApnsNotification(
    request({ message: { title: '', content: 'Body', ios: { aps: { alert: 'old', 'mutable-content': 0, sound: '', 'interruption-level': 'passive' } } } }),
    opts,
  );
  assert.deepEqual(notification.payload['aps'], { alert: { body: 'Body' }, 'mutable-content': 0, 'interruption-level': 'passive' });
});

test('silent push: content-available only, background type, priority 5, custom keys beside aps', () => {
  const req = request({ message_type: 'message', message: { ios: { aps: { 'content-available': 1, category: 'x' }, custom_content: '{"sync":true}' } } });
  const { notification, nextBadge } = buildApnsNotification(req, opts);
  assert.deepEqual(notification.payload, { sync: true, aps: { 'content-available': 1 }, herald: { pid: '4242' } });
  assert.equal(notification.pushType, 'background');
  assert.equal(notification.priority, 5);
  assert.equal(nextBadge, undefined);
});

test('expire_time 0 means deliver now or never', () => {
  assert.equal(buildApnsNotification(request({ expire_time: 0 }), opts).notification.expiration, 0);
});

test('the herald key cannot be overridden by custom_content', () => {
  const req = request({ message: { title: 'a', content: 'b', ios: { aps: {}, custom_content: '{"herald":"spoof"}' } } });
  assert.deepEqual(buildApnsNotification(req, opts).notification.payload['herald'], { pid: '4242' });
});

test('a final payload over 4096 bytes is refused', () => {
  // The message fits in 4 KB, but aps keys and the herald key push the APNs body over.
  const message = { title: 'x', content: 'y'.repeat(4060) };
  assert.ok(Buffer.byteLength(JSON.stringify(message)) <= 4096);
  const req = request({ message });
  assertHeraldError(() => buildApnsNotification(req, opts), 'PUSH_PAYLOAD_TOO_LARGE', 'APNs payload');
  const ok = request({ message: { title: 'x', content: 'y'.repeat(3800) } });
  assert.ok(Buffer.byteLength(JSON.stringify(buildApnsNotification(ok, opts).notification.payload)) <= 4096);
});
