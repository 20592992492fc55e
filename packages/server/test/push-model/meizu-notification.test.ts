import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildMeizuNotification, meizuNotifyKey, type MeizuBuildOptions } from '../../src/push/model/meizu/build-meizu-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';

const NOW = Date.UTC(2024, 4, 31, 4, 0, 0);
const opts = { pushId: '4242', now: NOW + 1500, packageName: 'com.example.chat' };
const request = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  normalizePushRequest(
    { audience_type: 'token_list', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body', ...message }, ...extra },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );

test('a TPNS Android push becomes Meizu messageJson', () => {
  const req = request(
    {
      android: {
        ring: 0,
        vibrate: 1,
        lights: 0,
        clearable: 0,
        custom_content: '{"ext":"{\\"action\\":1}","n":3}',
        action: { action_type: 1, activity: 'com.example.chat.ChatActivity' },
      },
    },
    { expire_time: 7200 },
  );
  const n = buildMeizuNotification(req, opts)!;
  assert.deepEqual(n.payload, {
    noticeBarInfo: { noticeBarType: 0, title: 'Hi', content: 'Body' },
    clickTypeInfo: { clickType: 1, activity: 'com.example.chat.ChatActivity', parameters: { ext: '{"action":1}', n: '3', herald: '{"pid":"4242"}' } },
    pushTimeInfo: { offLine: 1, validTime: 2 },
    advanceInfo: { suspend: 1, clearNoticeBar: 0, notificationType: { vibrate: 1, lights: 0, sound: 0 } },
  });
  assert.equal(n.pushId, '4242');
  assert.equal(n.expiration, Math.floor((NOW + 1500) / 1000) + 7200);
  assert.equal(n.collapseId, undefined);
});

test('click actions: URL, intent, relative activity, and open-the-app fallbacks', () => {
  const click = (action: Record<string, unknown> | undefined, o: Partial<MeizuBuildOptions> = {}) =>
    buildMeizuNotification(request({ android: action === undefined ? {} : { action } }), { ...opts, ...o })!.payload['clickTypeInfo'] as Record<string, unknown>;
  const strip = (c: Record<string, unknown>) => {
    const { parameters: _p, ...rest } = c;
    return rest;
  };
  assert.deepEqual(strip(click(undefined)), { clickType: 0 });
  assert.deepEqual(strip(click({ action_type: 2, browser: { url: 'https://example.com/x' } })), { clickType: 2, url: 'https://example.com/x' });
  assert.deepEqual(strip(click({ action_type: 3, intent: 'herald://chat/42' })), { clickType: 2, url: 'herald://chat/42' });
  assert.deepEqual(strip(click({ action_type: 1, activity: '.ChatActivity' })), { clickType: 1, activity: 'com.example.chat.ChatActivity' });
  assert.deepEqual(strip(click({ action_type: 1, activity: '.ChatActivity' }, { packageName: undefined })), { clickType: 0 });
  assert.deepEqual(strip(click({ action_type: 2, browser: { url: 'https://x/' + 'a'.repeat(1000) } })), { clickType: 0 });
});

test("TPNS's text limits for Meizu: 32 and 100 characters, ellipsised; a fallback title for an empty one", () => {
  const bar = (m: Record<string, unknown>, o: Partial<MeizuBuildOptions> = {}) => buildMeizuNotification(request(m), { ...opts, ...o })!.payload['noticeBarInfo'];
  assert.deepEqual(bar({ title: '魅'.repeat(33), content: 'z'.repeat(101) }), { noticeBarType: 0, title: '魅'.repeat(31) + '…', content: 'z'.repeat(99) + '…' });
  assert.deepEqual(bar({ title: '魅'.repeat(32), content: 'z'.repeat(100) }), { noticeBarType: 0, title: '魅'.repeat(32), content: 'z'.repeat(100) });
  assert.equal((bar({ title: '' }, { fallbackTitle: 'Herald Chat' }) as { title: string }).title, 'Herald Chat');
});

test('expire_time becomes offline hours 1 to 72, and 0 means no offline delivery', () => {
  const time = (expire: number | undefined) =>
    buildMeizuNotification(request({}, expire === undefined ? {} : { expire_time: expire }), opts)!.payload['pushTimeInfo'];
  assert.deepEqual(time(undefined), { offLine: 1, validTime: 24 });
  assert.deepEqual(time(800), { offLine: 1, validTime: 1 });
  assert.deepEqual(time(3601), { offLine: 1, validTime: 2 });
  assert.deepEqual(time(259200), { offLine: 1, validTime: 72 });
  assert.deepEqual(time(0), { offLine: 0 });
});

test('collapse_id becomes the notifyKey Meizu collapses on', () => {
  assert.equal(meizuNotifyKey(99), '2r');
  assert.equal(meizuNotifyKey(36 ** 8 - 1), 'zzzzzzzz');
  assert.equal(meizuNotifyKey(36 ** 8), undefined);
  const n = buildMeizuNotification(request({}, { audience_type: 'all', token_list: undefined, collapse_id: 123456 }), opts)!;
  assert.equal((n.payload['advanceInfo'] as Record<string, unknown>)['notifyKey'], '2n9c');
  assert.equal(n.collapseId, '2n9c');
});

test('pass-through messages do not go through Meizu', () => {
  const req = normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'message', message: { title: 'x', content: 'y' } },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );
  assert.equal(buildMeizuNotification(req, opts), undefined);
});
