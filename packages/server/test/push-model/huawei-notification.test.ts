import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildHuaweiNotification } from '../../src/push/model/huawei/build-huawei-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const opts = { pushId: '4242', now: NOW + 1500, packageName: 'com.example.chat', badgeClass: 'com.example.chat.MainActivity' };
const request = (extra: Record<string, unknown> = {}, message: Record<string, unknown> = {}) =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body', ...message }, ...extra },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );

test('a TPNS Android push with Huawei fields becomes the Huawei message', () => {
  const req = request(
    { collapse_id: 77, expire_time: 3600 },
    {
      android: {
        hw_ch_id: 'chat',
        n_ch_id: 'ignored-when-hw-given',
        hw_category: 'IM',
        hw_importance: 2,
        badge_type: -2,
        ring_raw: 'ding',
        small_icon: 'ic_stat',
        icon_type: 1,
        icon_res: 'https://cdn.example.com/a.png',
        action: { action_type: 1, activity: '.ChatActivity' },
        custom_content: '{"ext":"{\\"action\\":1}","room":7}',
      },
    },
  );
  const n = buildHuaweiNotification(req, opts);
  assert.deepEqual(n.payload, {
    data: JSON.stringify({ ext: '{"action":1}', room: 7, herald: { pid: '4242' } }),
    android: {
      category: 'IM',
      notification: {
        title: 'Hi',
        body: 'Body',
        click_action: {
          type: 1,
          intent: 'intent:#Intent;component=com.example.chat/com.example.chat.ChatActivity;launchFlags=0x4000000;S.ext=%7B%22action%22%3A1%7D;S.room=7;end',
        },
        channel_id: 'chat',
        badge: { class: 'com.example.chat.MainActivity', add_num: 1 },
        image: 'https://cdn.example.com/a.png',
        notify_id: 77,
        sound: '/raw/ding',
        default_sound: false,
        icon: '/raw/ic_stat',
        importance: 'NORMAL',
      },
    },
  });
  assert.equal(n.expiration, Math.floor((NOW + 1500) / 1000) + 3600);
  assert.equal(n.pushId, '4242');
  assert.equal(n.collapseId, '77');
});

test('click actions: open the app by default, https URLs, custom intents, http falls back to the app', () => {
  const click = (action: unknown) => {
    const n = buildHuaweiNotification(request({}, { android: { action } }), opts);
    return ((n.payload['android'] as { notification: { click_action: unknown } }).notification.click_action);
  };
  assert.deepEqual(click(undefined), { type: 3 });
  assert.deepEqual(click({ action_type: 2, browser: { url: 'https://example.com/x', confirm: 1 } }), { type: 2, url: 'https://example.com/x' });
  assert.deepEqual(click({ action_type: 2, browser: { url: 'http://example.com/x' } }), { type: 3 });
  assert.deepEqual(click({ action_type: 3, intent: 'xgscheme://com.tpns.push/notify_detail?param1=aa' }), { type: 1, intent: 'xgscheme://com.tpns.push/notify_detail?param1=aa' });
  assert.deepEqual(click({ action_type: 1, activity: 'com.example.chat.Other' }), {
    type: 1,
    intent: 'intent:#Intent;component=com.example.chat/com.example.chat.Other;launchFlags=0x4000000;end',
  });
  const noPackage = buildHuaweiNotification(request({}, { android: { action: { action_type: 1, activity: '.X' } } }), { pushId: '1', now: NOW });
  assert.deepEqual((noPackage.payload['android'] as { notification: { click_action: unknown } }).notification.click_action, { type: 3 });
});

test('badge_type sets, needs the entry activity, and -1 leaves the badge alone; n_ch_id stands in for hw_ch_id', () => {
  const notif = (android: Record<string, unknown>, o: Record<string, unknown> = opts) =>
    (buildHuaweiNotification(request({}, { android }), o as typeof opts).payload['android'] as { notification: Record<string, unknown> }).notification;
  assert.deepEqual(notif({ badge_type: 5 })['badge'], { class: 'com.example.chat.MainActivity', set_num: 5 });
  assert.equal(notif({ badge_type: -1 })['badge'], undefined);
  assert.equal(notif({ badge_type: 5 }, { pushId: '1', now: NOW })['badge'], undefined);
  assert.equal(notif({ n_ch_id: 'general' })['channel_id'], 'general');
  assert.equal(notif({ hw_importance: 1 })['importance'], 'LOW');
  assert.equal(notif({ n_id: 12 })['notify_id'], 12);
  assert.equal(notif({ show_type: 1 })['foreground_show'], false);
  // An unknown category would make Huawei refuse the whole push.
  const unknown = buildHuaweiNotification(request({}, { android: { hw_category: 'CHAT' } }), opts);
  assert.equal((unknown.payload['android'] as Record<string, unknown>)['category'], undefined);
});

test('title and body are cut to Huawei\'s 40 / 80 characters; an empty title takes the fallback', () => {
  const n = buildHuaweiNotification(request({}, { title: 'T'.repeat(45), content: '长'.repeat(81) }), opts);
  const text = (n.payload['android'] as { notification: { title: string; body: string } }).notification;
  assert.equal(text.title, `${'T'.repeat(39)}…`);
  assert.equal(text.body, `${'长'.repeat(79)}…`);
  const untitled = buildHuaweiNotification(request({}, { title: '' }), { ...opts, fallbackTitle: 'Chat' });
  assert.equal((untitled.payload['android'] as { notification: { title: string } }).notification.title, 'Chat');
});

test('an in-app message becomes a Huawei data message; expire_time 0 is now-or-never', () => {
  const n = buildHuaweiNotification(request({ message_type: 'message', expire_time: 0 }, { android: { custom_content: '{"a":"b"}' } }), opts);
  assert.deepEqual(n.payload, { data: JSON.stringify({ title: 'Hi', content: 'Body', a: 'b', herald: { pid: '4242' } }) });
  assert.equal(n.expiration, 0);
});

test('a message over 4096 bytes is refused with PUSH_PAYLOAD_TOO_LARGE', () => {
  // Custom content travels twice (data and intent extras): 2,100 bytes fit TPNS's 4 KB but not Huawei's.
  const custom = JSON.stringify({ blob: 'x'.repeat(2100) });
  const android = { custom_content: custom, action: { action_type: 1, activity: '.Main' } };
  assertHeraldError(() => buildHuaweiNotification(request({}, { android }), opts), 'PUSH_PAYLOAD_TOO_LARGE');
  assert.doesNotThrow(() => buildHuaweiNotification(request({}, { android: { custom_content: custom } }), opts));
});
