import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XIAOMI_BODY_MAX, XIAOMI_TITLE_MAX } from '@herald/channels/xiaomi';
import { buildXiaomiNotification } from '../../src/push/model/xiaomi/build-xiaomi-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const opts = { pushId: '4242', packageName: 'com.example.app', now: NOW + 1500 };
const request = (extra: Record<string, unknown>) =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body' }, ...extra },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );

test('a TPNS Android notification becomes the Mi form with channel, sound, click and extras', () => {
  const req = request({
    collapse_id: 99,
    expire_time: 3600,
    message: {
      title: 'New message',
      content: 'Alice: hello',
      android: {
        xm_ch_id: 'chat',
        ring_raw: 'ding',
        vibrate: 0,
        action: { action_type: 3, intent: 'xgscheme://com.example.app/chat?id=1' },
        custom_content: JSON.stringify({ ext: '{"entity":{"version":1,"action":1}}', n: 7 }),
      },
    },
  });
  const { notification, notes } = buildXiaomiNotification(req, opts);
  assert.deepEqual(notification.payload, {
    pass_through: 0,
    title: 'New message',
    description: 'Alice: hello',
    // ring and lights on, vibrate off: 1 + 4.
    notify_type: 5,
    payload: JSON.stringify({ ext: '{"entity":{"version":1,"action":1}}', n: 7, herald: { pid: '4242' } }),
    extra: {
      sound_uri: 'android.resource://com.example.app/raw/ding',
      notify_effect: '2',
      intent_uri: 'xgscheme://com.example.app/chat?id=1',
      channel_id: 'chat',
      ext: '{"entity":{"version":1,"action":1}}',
      n: '7',
      herald: '{"pid":"4242"}',
    },
  });
  assert.deepEqual(notes, []);
  assert.equal(notification.collapseId, '99');
  assert.equal(notification.pushId, '4242');
  assert.equal(notification.expiration, Math.floor((NOW + 1500) / 1000) + 3600);
});

test('defaults: all reminders, open the app, no channel, TPNS’s default retention', () => {
  const { notification } = buildXiaomiNotification(request({}), opts);
  assert.equal(notification.payload['notify_type'], -1);
  assert.deepEqual(notification.payload['extra'], { notify_effect: '1', herald: '{"pid":"4242"}' });
  assert.equal(notification.collapseId, undefined);
  assert.equal(notification.expiration, Math.floor((NOW + 1500) / 1000) + 86_400);
});

test('click actions: an activity becomes an intent URI, a browser a web URI', () => {
  const extra = (action: Record<string, unknown>) =>
    buildXiaomiNotification(request({ message: { title: 'a', content: 'b', android: { action } } }), opts).notification.payload['extra'] as Record<string, string>;
  assert.deepEqual(extra({ action_type: 1, activity: 'com.example.app.ChatActivity' }), {
    notify_effect: '2',
    intent_uri: 'intent:#Intent;component=com.example.app/com.example.app.ChatActivity;end',
    herald: '{"pid":"4242"}',
  });
  assert.deepEqual(extra({ action_type: 2, browser: { url: 'https://example.com/x', confirm: 1 } }), {
    notify_effect: '3',
    web_uri: 'https://example.com/x',
    herald: '{"pid":"4242"}',
  });
  assert.equal(extra({ action_type: 1 })['notify_effect'], '1');
});

test('ring 0 silences the custom sound; n_id stands in for collapse_id', () => {
  const req = request({ message: { title: 'a', content: 'b', android: { ring: 0, ring_raw: 'ding', n_id: 5 } } });
  const { notification } = buildXiaomiNotification(req, opts);
  assert.equal(notification.payload['notify_type'], 6);
  assert.equal((notification.payload['extra'] as Record<string, string>)['sound_uri'], undefined);
  assert.equal(notification.collapseId, '5');
});

test('expire_time 0 means now or never', () => {
  assert.equal(buildXiaomiNotification(request({ expire_time: 0 }), opts).notification.expiration, 0);
});

test('texts are cut to TPNS’s Mi limits; a blank title shows the content', () => {
  const long = buildXiaomiNotification(request({ message: { title: 'T'.repeat(80), content: 'C'.repeat(300) } }), opts).notification.payload;
  assert.equal(long['title'], 'T'.repeat(XIAOMI_TITLE_MAX - 1) + '…');
  assert.equal(long['description'], 'C'.repeat(XIAOMI_BODY_MAX - 1) + '…');
  const blank = buildXiaomiNotification(request({ message: { title: '  ', content: 'only the body' } }), opts).notification.payload;
  assert.equal(blank['title'], 'only the body');
});

test('in-app messages travel as Mi pass-through with the text in the payload', () => {
  const req = request({ message_type: 'message', message: { title: 'T', content: 'C', android: { custom_content: '{"k":"v"}' } } });
  const { notification } = buildXiaomiNotification(req, opts);
  assert.equal(notification.payload['pass_through'], 1);
  assert.equal(notification.payload['title'], undefined);
  assert.deepEqual(JSON.parse(String(notification.payload['payload'])), { title: 'T', content: 'C', k: 'v', herald: { pid: '4242' } });
  assert.deepEqual(notification.payload['extra'], { k: 'v', herald: '{"pid":"4242"}' });
});

test('custom keys beyond Mi’s extra limits stay in the payload only, with a note', () => {
  const custom: Record<string, unknown> = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
  custom['big'] = 'x'.repeat(1025);
  const req = request({ message: { title: 'a', content: 'b', android: { custom_content: JSON.stringify(custom) } } });
  const { notification, notes } = buildXiaomiNotification(req, opts);
  const extra = notification.payload['extra'] as Record<string, string>;
  assert.equal(Object.keys(extra).filter((k) => k.startsWith('k')).length, 9);
  assert.equal(extra['big'], undefined);
  assert.equal(extra['herald'], '{"pid":"4242"}');
  assert.equal(notes.length, 3);
  assert.match(notes.join('\n'), /"k9"[\s\S]*"k10"[\s\S]*"big"/);
  assert.equal(JSON.parse(String(notification.payload['payload']))['big'], 'x'.repeat(1025));
});

test('a payload over 4 KB is refused like the APNs one', () => {
  // /v3/push/app bounds the message to 4 KB already; other callers (the IM bridge) build requests directly.
  const req = request({});
  req.message.android = { raw: {}, customContent: { a: 'é'.repeat(2100) } };
  assertHeraldError(() => buildXiaomiNotification(req, opts), 'PUSH_PAYLOAD_TOO_LARGE');
});
