import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPPO_BODY_MAX, OPPO_TITLE_MAX } from '@herald/channels/oppo';
import { buildOppoNotification } from '../../src/push/model/oppo/build-oppo-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const opts = { pushId: '4242', now: NOW + 1500 };
const request = (extra: Record<string, unknown>) =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body' }, ...extra },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );

test('a TPNS Android notification becomes the OPPO notification with channel, class, click and entity', () => {
  const ext = JSON.stringify({ entity: { version: 1, action: 1, chatType: 1, sender: 'alice' } });
  const req = request({
    expire_time: 7200,
    message: {
      title: 'Alice',
      content: 'hello',
      android: { oppo_ch_id: 'im_private', action: { action_type: 1, activity: 'com.example.app.ChatActivity' }, custom_content: JSON.stringify({ ext, n: 7 }) },
    },
  });
  const { notification, notes } = buildOppoNotification(req, { ...opts, category: 'IM', notifyLevel: 16 });
  assert.ok(notification);
  assert.deepEqual(notification.payload, {
    title: 'Alice',
    content: 'hello',
    channel_id: 'im_private',
    category: 'IM',
    notify_level: 16,
    click_action_type: 4,
    click_action_activity: 'com.example.app.ChatActivity',
    action_parameters: JSON.stringify({ ext, n: '7', entity: JSON.stringify({ version: 1, action: 1, chatType: 1, sender: 'alice' }), herald: '{"pid":"4242"}' }),
  });
  assert.deepEqual(notes, []);
  assert.equal(notification.expiration, Math.floor((NOW + 1500) / 1000) + 7200);
  assert.equal(notification.pushId, '4242');
  assert.equal(notification.collapseId, undefined);
});

test('click actions: default launch, URL, intent scheme', () => {
  const payload = (android: Record<string, unknown>) => buildOppoNotification(request({ message: { title: 'a', content: 'b', android } }), opts).notification!.payload;
  assert.equal(payload({})['click_action_type'], 0);
  assert.deepEqual(
    [payload({ action: { action_type: 2, browser: { url: 'https://example.com' } } })].map((p) => [p['click_action_type'], p['click_action_url']]),
    [[2, 'https://example.com']],
  );
  const intent = payload({ action: { action_type: 3, intent: 'xgscheme://com.example.app/notify?x=1' } });
  assert.deepEqual([intent['click_action_type'], intent['click_action_url']], [5, 'xgscheme://com.example.app/notify?x=1']);
  assert.equal(payload({ action: { action_type: 1 } })['click_action_type'], 0);
  assert.equal(payload({})['action_parameters'], '{"herald":"{\\"pid\\":\\"4242\\"}"}');
});

test('texts are cut to TPNS’s OPPO limits, an emoji counting one; a blank title shows the content', () => {
  const long = buildOppoNotification(request({ message: { title: '😀'.repeat(40), content: '字'.repeat(250) } }), opts).notification!.payload;
  assert.equal(long['title'], '😀'.repeat(OPPO_TITLE_MAX - 1) + '…');
  assert.equal(Array.from(String(long['content'])).length, OPPO_BODY_MAX);
  const blank = buildOppoNotification(request({ message: { title: '', content: 'only the body' } }), opts).notification!.payload;
  assert.equal(blank['title'], 'only the body');
});

test('in-app messages and collapse pushes without force_collapse stay off OPPO, as in TPNS', () => {
  const inApp = buildOppoNotification(request({ message_type: 'message' }), opts);
  assert.equal(inApp.notification, undefined);
  assert.match(inApp.notes[0] ?? '', /pass-through/);
  const collapse = buildOppoNotification(request({ collapse_id: 5 }), opts);
  assert.equal(collapse.notification, undefined);
  assert.match(collapse.notes[0] ?? '', /cannot override/);
  const forced = buildOppoNotification(request({ collapse_id: 5, force_collapse: true }), opts);
  assert.ok(forced.notification);
  assert.equal(forced.notification.collapseId, undefined);
  assert.match(forced.notes[0] ?? '', /without overriding/);
});

test('expire_time 0 means now or never; a level-16 push outside IM gets a note', () => {
  const { notification, notes } = buildOppoNotification(request({ expire_time: 0 }), { ...opts, category: 'NEWS', notifyLevel: 16 });
  assert.equal(notification?.expiration, 0);
  assert.match(notes[0] ?? '', /category IM/);
});

test('action_parameters over 4 K characters are refused', () => {
  // The entity is carried twice (in `ext` and as `entity`): a message under 4 KB can overflow.
  const ext = JSON.stringify({ entity: { s: 'x'.repeat(2100) } });
  const req = request({ message: { title: 'a', content: 'b', android: { custom_content: JSON.stringify({ ext }) } } });
  assertHeraldError(() => buildOppoNotification(req, opts), 'PUSH_PAYLOAD_TOO_LARGE');
});
