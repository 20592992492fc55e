import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FCM_MAX_PAYLOAD_BYTES, fcmPayloadBytes } from '@herald/channels/fcm';
import { buildFcmNotification } from '../../src/push/model/fcm/build-fcm-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const opts = { pushId: '4242', now: NOW + 1500 };
const request = (extra: Record<string, unknown>) =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body' }, ...extra },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );

test('a TPNS Android notification becomes an FCM notification with the vendor fields TPNS maps', () => {
  const req = request({
    collapse_id: 77,
    expire_time: 3600,
    message: {
      title: 'New message',
      content: 'Alice: hello',
      android: {
        n_ch_id: 'tpns-channel',
        fcm_ch_id: 'chat',
        ring_raw: 'ding',
        small_icon: 'ic_stat_chat',
        icon_type: 1,
        icon_res: 'https://example.com/alice.png',
        hw_category: 'IM',
        xm_ch_id: 'ignored-by-fcm',
        action: { action_type: 3, intent: 'herald://chat/alice' },
        custom_content: '{"ext":{"entity":{"version":1,"action":1,"chatType":1,"sender":"alice"}},"count":3,"vip":true,"none":null}',
      },
    },
  });
  const n = buildFcmNotification(req, opts);
  assert.deepEqual(n.payload, {
    notification: { title: 'New message', body: 'Alice: hello' },
    data: {
      ext: '{"entity":{"version":1,"action":1,"chatType":1,"sender":"alice"}}',
      count: '3',
      vip: 'true',
      herald: '{"pid":"4242","action":{"action_type":3,"intent":"herald://chat/alice"}}',
    },
    android: {
      priority: 'HIGH',
      collapse_key: '77',
      notification: {
        channel_id: 'chat',
        sound: 'ding',
        default_vibrate_timings: true,
        default_light_settings: true,
        icon: 'ic_stat_chat',
        image: 'https://example.com/alice.png',
        tag: '77',
      },
    },
  });
  assert.equal(n.expiration, Math.floor((NOW + 1500) / 1000) + 3600);
  assert.equal(n.collapseId, '77');
  assert.equal(n.pushId, '4242');
  // Every data value is a string, as FCM requires.
  assert.ok(Object.values(n.payload['data'] as object).every((v) => typeof v === 'string'));
});

test('TPNS defaults: n_ch_id as the channel, default sound, vibration and lights; ring/vibrate/lights 0 switch them off', () => {
  const defaults = buildFcmNotification(request({ message: { title: 'a', content: 'b', android: { n_ch_id: 'default' } } }), opts);
  assert.deepEqual((defaults.payload['android'] as Record<string, unknown>)['notification'], {
    channel_id: 'default',
    default_sound: true,
    default_vibrate_timings: true,
    default_light_settings: true,
  });
  const quiet = buildFcmNotification(request({ message: { title: 'a', content: 'b', android: { ring: 0, vibrate: 0, lights: 0, icon_type: 0, icon_res: 'avatar' } } }), opts);
  assert.equal((quiet.payload['android'] as Record<string, unknown>)['notification'], undefined);
  const none = buildFcmNotification(request({}), opts);
  assert.deepEqual(none.payload, {
    notification: { title: 'Hi', body: 'Body' },
    data: { herald: '{"pid":"4242"}' },
    android: { priority: 'HIGH', notification: { default_sound: true, default_vibrate_timings: true, default_light_settings: true } },
  });
  assert.equal(none.expiration, Math.floor((NOW + 1500) / 1000) + 86400);
});

test('an empty title is left out; expire_time 0 means deliver now or never', () => {
  const n = buildFcmNotification(request({ expire_time: 0, message: { title: '', content: 'Body only' } }), opts);
  assert.deepEqual(n.payload['notification'], { body: 'Body only' });
  assert.equal(n.expiration, 0);
});

test('a pass-through message becomes an FCM data message with normal priority', () => {
  const req = request({ message_type: 'message', message: { title: 'sync', content: 'inbox changed', android: { custom_content: '{"seq":12}' } } });
  const n = buildFcmNotification(req, opts);
  assert.deepEqual(n.payload, {
    data: { seq: '12', herald: '{"pid":"4242","title":"sync","content":"inbox changed"}' },
    android: { priority: 'NORMAL' },
  });
});

test('custom_content cannot override the herald key and may not use keys FCM reserves', () => {
  const spoof = buildFcmNotification(request({ message: { title: 'a', content: 'b', android: { custom_content: '{"herald":"spoof"}' } } }), opts);
  assert.equal((spoof.payload['data'] as Record<string, string>)['herald'], '{"pid":"4242"}');
  for (const key of ['from', 'message_type', 'google.c.a.e', 'gcm.n.e']) {
    const req = request({ message: { title: 'a', content: 'b', android: { custom_content: JSON.stringify({ [key]: 'x' }) } } });
    assertHeraldError(() => buildFcmNotification(req, opts), 'REQUEST_PARAM_INVALID', 'message.android.custom_content');
  }
  const badType = request({ message: { title: 'a', content: 'b', android: { fcm_ch_id: 5 } } });
  assertHeraldError(() => buildFcmNotification(badType, opts), 'REQUEST_PARAM_INVALID', 'message.android.fcm_ch_id');
  const badAction = request({ message: { title: 'a', content: 'b', android: { action: 'open' } } });
  assertHeraldError(() => buildFcmNotification(badAction, opts), 'REQUEST_PARAM_INVALID', 'message.android.action');
});

test('the FCM payload limit is enforced: keys and values of notification and data, 4096 bytes', () => {
  // The TPNS message fits in its 4 KB; the herald data key (here with a long push id) takes the FCM payload over.
  const longId = { pushId: 'p'.repeat(60), now: NOW };
  const content = 'y'.repeat(4040);
  assert.ok(Buffer.byteLength(JSON.stringify({ title: 'x', content })) <= 4096);
  assertHeraldError(() => buildFcmNotification(request({ message: { title: 'x', content } }), longId), 'PUSH_PAYLOAD_TOO_LARGE', 'FCM payload');
  const fits = buildFcmNotification(request({ message: { title: 'x', content: 'y'.repeat(3990) } }), longId);
  assert.ok(fcmPayloadBytes(fits.payload) <= FCM_MAX_PAYLOAD_BYTES);
  // Text counts in UTF-8 bytes, not characters: 1,340 characters are 4,020 bytes.
  assertHeraldError(() => buildFcmNotification(request({ message: { title: 'x', content: '长'.repeat(1340) } }), longId), 'PUSH_PAYLOAD_TOO_LARGE');
  assert.equal(buildFcmNotification(request({ message: { title: 'x', content: '长'.repeat(1320) } }), longId).pushId, longId.pushId);
});
