import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import { buildVivoNotification } from '../../src/push/model/vivo/build-vivo-notification.ts';
import { checkVivoAndroidFields } from '../../src/push/model/vivo/vivo-android-fields.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 4, 0, 0);
const opts = { pushId: '4242', now: NOW + 1500, packageName: 'com.example.chat' };
const request = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body', ...message }, ...extra },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );

test('an IM push with vivo_category, custom_content and an intent action', () => {
  const req = request(
    {
      android: {
        vivo_category: 'IM',
        ring: 1,
        vibrate: 0,
        custom_content: '{"ext":"{\\"action\\":1,\\"chatType\\":1}","n":3}',
        action: { action_type: 3, intent: 'herald://chat/open?c=42' },
      },
    },
    { expire_time: 3600 },
  );
  const n = buildVivoNotification(req, opts)!;
  assert.deepEqual(n.payload, {
    notifyType: 2,
    title: 'Hi',
    content: 'Body',
    timeToLive: 3600,
    skipType: 4,
    skipContent: 'herald://chat/open?c=42',
    category: 'IM',
    clientCustomMap: { ext: '{"action":1,"chatType":1}', n: '3', herald: '{"pid":"4242"}' },
  });
  assert.equal(n.pushId, '4242');
  assert.equal(n.expiration, Math.floor((NOW + 1500) / 1000) + 3600);
});

test('classification: vivo_ch_id, its TPNS default "0", and both fields together', () => {
  const cls = (android: Record<string, unknown> | undefined) => {
    const p = buildVivoNotification(request(android === undefined ? {} : { android }), opts)!.payload;
    return [p['classification'], p['category']];
  };
  assert.deepEqual(cls(undefined), [0, undefined]);
  assert.deepEqual(cls({ vivo_ch_id: '1' }), [1, undefined]);
  assert.deepEqual(cls({ vivo_ch_id: '0' }), [0, undefined]);
  assert.deepEqual(cls({ vivo_category: 'MARKETING' }), [undefined, 'MARKETING']);
  assert.deepEqual(cls({ vivo_category: 'ACCOUNT', vivo_ch_id: '1' }), [1, 'ACCOUNT']);
});

test('notifyType from ring and vibrate, skipType from every TPNS action', () => {
  const build = (android: Record<string, unknown>, o: Partial<typeof opts> = {}) => buildVivoNotification(request({ android }), { ...opts, ...o })!.payload;
  assert.equal(build({})['notifyType'], 4);
  assert.equal(build({ ring: 0 })['notifyType'], 3);
  assert.equal(build({ ring: 0, vibrate: 0 })['notifyType'], 1);
  assert.deepEqual([build({})['skipType'], build({})['skipContent']], [1, undefined]);
  const url = build({ action: { action_type: 2, browser: { url: 'https://example.com/a', confirm: 1 } } });
  assert.deepEqual([url['skipType'], url['skipContent']], [2, 'https://example.com/a']);
  const activity = build({ action: { action_type: 1, activity: 'com.example.chat.ChatActivity' } });
  assert.deepEqual([activity['skipType'], activity['skipContent']], [4, 'intent:#Intent;component=com.example.chat/com.example.chat.ChatActivity;end']);
  const relative = build({ action: { action_type: 1, activity: '.ChatActivity' } });
  assert.equal(relative['skipContent'], 'intent:#Intent;component=com.example.chat/com.example.chat.ChatActivity;end');
  assert.equal(build({ action: { action_type: 1, activity: 'com.x.A' } }, { packageName: undefined })['skipType'], 1);
  assert.equal(build({ action: { action_type: 2, browser: { url: 'ftp://x' } } })['skipType'], 1);
});

test("TPNS's text limits for vivo: 40 and 100 characters, ellipsised; a fallback title for an empty one", () => {
  const n = buildVivoNotification(request({ title: '标'.repeat(41), content: 'c'.repeat(150) }), opts)!;
  assert.equal(n.payload['title'], '标'.repeat(39) + '…');
  assert.equal(n.payload['content'], 'c'.repeat(99) + '…');
  assert.equal(buildVivoNotification(request({ title: '' }), { ...opts, fallbackTitle: 'Herald Chat' })!.payload['title'], 'Herald Chat');
  assert.equal(buildVivoNotification(request({ title: '' }), opts)!.payload['title'], '');
});

test('timeToLive stays within 60 s and 7 days', () => {
  assert.equal(buildVivoNotification(request({}, { expire_time: 0 }), opts)!.payload['timeToLive'], 60);
  assert.equal(buildVivoNotification(request({}, { expire_time: 0 }), opts)!.expiration, 0);
  assert.equal(buildVivoNotification(request({}, { expire_time: 259200 }), opts)!.payload['timeToLive'], 259200);
  assert.equal(buildVivoNotification(request({}), opts)!.payload['timeToLive'], 86400);
});

test('pass-through messages do not go through vivo', () => {
  const req = normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'message', message: { title: 'x', content: 'y' } },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );
  assert.equal(buildVivoNotification(req, opts), undefined);
});

test("custom data beyond vivo's clientCustomMap limits is refused", () => {
  const eleven = JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'])));
  assertHeraldError(() => buildVivoNotification(request({ android: { custom_content: eleven } }), opts), 'PUSH_PAYLOAD_TOO_LARGE');
  const long = JSON.stringify({ ext: 'x'.repeat(1002) }); // 3 + 1002 + herald's 6 + 14 = 1025
  assertHeraldError(() => buildVivoNotification(request({ android: { custom_content: long } }), opts), 'PUSH_PAYLOAD_TOO_LARGE');
  const nine = JSON.stringify(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v'])));
  assert.equal(Object.keys(buildVivoNotification(request({ android: { custom_content: nine } }), opts)!.payload['clientCustomMap'] as object).length, 10);
});

test('checkVivoAndroidFields refuses malformed vivo fields by name', () => {
  checkVivoAndroidFields({ vivo_ch_id: '1', vivo_category: 'IM', action: { action_type: 1 } });
  checkVivoAndroidFields({});
  assertHeraldError(() => checkVivoAndroidFields({ vivo_ch_id: '2' }), 'REQUEST_PARAM_INVALID', 'message.android.vivo_ch_id');
  assertHeraldError(() => checkVivoAndroidFields({ vivo_category: 'im' }), 'REQUEST_PARAM_INVALID', 'message.android.vivo_category');
  assertHeraldError(() => checkVivoAndroidFields({ vivo_category: 7 }), 'REQUEST_PARAM_INVALID', 'message.android.vivo_category');
  assertHeraldError(() => checkVivoAndroidFields({ action: 'open' }), 'REQUEST_PARAM_INVALID', 'message.android.action');
});
