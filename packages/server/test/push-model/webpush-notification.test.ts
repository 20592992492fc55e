import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEBPUSH_MAX_PLAINTEXT_BYTES } from '@herald/channels/webpush';
import { buildWebPushNotification } from '../../src/push/model/webpush/build-webpush-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { PushPlatform } from '../../src/push/model/normalize-message.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const opts = { pushId: '4242', badge: { current: 3 }, now: NOW + 1500 };
// TPNS has no web block: a web app's push carries the Android one, which the builder reads.
const request = (extra: Record<string, unknown>, platform: PushPlatform = 'android') =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body' }, ...extra },
    { platform, now: NOW, utcOffsetMinutes: 480 },
  );

test('a TPNS notification with a browser action becomes a Declarative Web Push message', () => {
  const req = request({
    collapse_id: 99,
    expire_time: 3600,
    message: {
      title: 'Alice',
      content: 'Lunch?',
      thread_id: 'c2c-alice',
      xg_media_resources: 'https://cdn.example.com/p.png',
      android: {
        n_ch_id: 'chat',
        xm_ch_id: 'ignored',
        action: { action_type: 2, browser: { url: 'https://app.example.com/chat/alice', confirm: 0 } },
        icon_type: 1,
        icon_res: 'https://cdn.example.com/alice.png',
        badge_type: -2,
        custom_content: '{"ext":"{\\"action\\":1}"}',
      },
    },
  });
  const { notification, nextBadge } = buildWebPushNotification(req, opts);
  assert.deepEqual(notification.payload, {
    web_push: 8030,
    notification: {
      title: 'Alice',
      body: 'Lunch?',
      navigate: 'https://app.example.com/chat/alice',
      tag: 'c2c-alice',
      icon: 'https://cdn.example.com/alice.png',
      image: 'https://cdn.example.com/p.png',
      app_badge: 4,
      data: { ext: '{"action":1}' },
    },
    mutable: true,
    herald: { pid: '4242', type: 'notify' },
  });
  assert.equal(nextBadge, 4);
  assert.equal(notification.urgency, 'normal');
  assert.equal(notification.collapseId, '99');
  assert.equal(notification.pushId, '4242');
  assert.equal(notification.expiration, Math.floor((NOW + 1500) / 1000) + 3600);
});

test('without a click URL the message is not declarative; the default URL makes it so', () => {
  const plain = buildWebPushNotification(request({}, 'web'), opts).notification.payload;
  assert.deepEqual(plain, { notification: { title: 'Hi', body: 'Body' }, herald: { pid: '4242', type: 'notify' } });
  const withDefault = buildWebPushNotification(request({}, 'web'), { ...opts, defaultUrl: 'https://app.example.com/' }).notification.payload;
  assert.deepEqual(withDefault, {
    web_push: 8030,
    notification: { title: 'Hi', body: 'Body', navigate: 'https://app.example.com/' },
    mutable: true,
    herald: { pid: '4242', type: 'notify' },
  });
  // An activity or custom-scheme intent means nothing in a browser; an http(s) intent is a URL.
  const activity = request({ message: { title: 'a', content: 'b', android: { action: { action_type: 1, activity: 'com.example.Main' } } } });
  assert.equal('web_push' in buildWebPushNotification(activity, opts).notification.payload, false);
  const scheme = request({ message: { title: 'a', content: 'b', android: { action: { action_type: 3, intent: 'xgscheme://com.tpns.push/notify_detail' } } } });
  assert.equal('web_push' in buildWebPushNotification(scheme, opts).notification.payload, false);
  const webIntent = request({ message: { title: 'a', content: 'b', android: { action: { action_type: 3, intent: 'https://app.example.com/x?y=1' } } } });
  assert.equal((buildWebPushNotification(webIntent, opts).notification.payload['notification'] as { navigate: string }).navigate, 'https://app.example.com/x?y=1');
});

test('badge_type: -1 or absent leaves the badge, n sets n; collapse_id doubles as the tag', () => {
  const build = (android: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    buildWebPushNotification(request({ ...extra, message: { title: 'a', content: 'b', android } }), opts);
  const keep = build({ badge_type: -1 });
  assert.equal('app_badge' in (keep.notification.payload['notification'] as object), false);
  assert.equal(keep.nextBadge, undefined);
  const set = build({ badge_type: 0 });
  assert.equal((set.notification.payload['notification'] as { app_badge: number }).app_badge, 0);
  assert.equal(set.nextBadge, 0);
  const tagged = build({}, { collapse_id: 7 });
  assert.equal((tagged.notification.payload['notification'] as { tag: string }).tag, '7');
});

test('ring and vibrate off make it silent; a VOIP category is urgent; show_type 1 hides it in the foreground', () => {
  const req = request({ message: { title: 'Bob', content: 'Calling…', show_type: 1, android: { ring: 0, vibrate: 0, hw_category: 'VOIP' } } });
  const { notification } = buildWebPushNotification(req, opts);
  assert.equal((notification.payload['notification'] as { silent: boolean }).silent, true);
  assert.equal(notification.urgency, 'high');
  assert.deepEqual(notification.payload['herald'], { pid: '4242', type: 'notify', foreground: false });
});

test('a pass-through message carries text and data for the worker, no notification', () => {
  const req = request({ message_type: 'message', expire_time: 0, message: { title: 't', content: 'c', android: { custom_content: '{"sync":true}' } } });
  const { notification, nextBadge } = buildWebPushNotification(req, opts);
  assert.deepEqual(notification.payload, { title: 't', body: 'c', data: { sync: true }, herald: { pid: '4242', type: 'message' } });
  assert.equal(notification.expiration, 0);
  assert.equal(nextBadge, undefined);
});

test('over-long text is cut to fit the 3993-byte record, body first, with an ellipsis', () => {
  const content = 'Zoë says '.repeat(500);
  const req = request({ message: { title: 'Long', content: content.slice(0, 2700) } });
  // The message itself is under TPNS's 4 KB; custom data pushes the payload over the record.
  const withData = request({
    message: { title: 'Long', content: content.slice(0, 2700), android: { custom_content: JSON.stringify({ blob: 'x'.repeat(950) }) } },
  });
  assert.equal((buildWebPushNotification(req, opts).notification.payload['notification'] as { body: string }).body, content.slice(0, 2700));
  const { notification } = buildWebPushNotification(withData, opts);
  const size = Buffer.byteLength(JSON.stringify(notification.payload));
  assert.ok(size <= WEBPUSH_MAX_PLAINTEXT_BYTES && size > WEBPUSH_MAX_PLAINTEXT_BYTES - 16, String(size));
  const n = notification.payload['notification'] as { title: string; body: string };
  assert.equal(n.title, 'Long');
  assert.ok(n.body.endsWith('…'));
  assert.ok(content.startsWith(n.body.slice(0, -1)));
});

test('custom data too big for a push on its own is refused', () => {
  const req = request({ message: { title: 'a', content: 'b', android: { custom_content: JSON.stringify({ blob: 'x'.repeat(3990) }) } } });
  assertHeraldError(() => buildWebPushNotification(req, opts), 'PUSH_PAYLOAD_TOO_LARGE');
});
