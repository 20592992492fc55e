import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildHonorNotification } from '../../src/push/model/honor/build-honor-notification.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import { assertHeraldError } from './helpers.ts';

const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const opts = { pushId: '99', now: NOW, packageName: 'com.example.chat', badgeClass: 'com.example.chat.MainActivity' };
const request = (extra: Record<string, unknown> = {}, message: Record<string, unknown> = {}) =>
  normalizePushRequest(
    { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', message: { title: 'Hi', content: 'Body', ...message }, ...extra },
    { platform: 'android', now: NOW, utcOffsetMinutes: 480 },
  );

test('the TPNS fields are spelt in Honor\'s camelCase', () => {
  const req = request(
    { collapse_id: 5 },
    {
      android: {
        badge_type: 3,
        icon_type: 1,
        icon_res: 'https://cdn.example.com/i.png',
        action: { action_type: 3, intent: 'intent://chat/open#Intent;scheme=herald;end' },
        custom_content: '{"ext":"x"}',
        // Huawei-only fields do not leak into Honor's body.
        hw_category: 'IM',
        hw_ch_id: 'chat',
        ring_raw: 'ding',
      },
    },
  );
  const n = buildHonorNotification(req, { ...opts, importance: 'LOW' });
  assert.deepEqual(n.payload, {
    data: JSON.stringify({ ext: 'x', herald: { pid: '99' } }),
    android: {
      notification: {
        title: 'Hi',
        body: 'Body',
        clickAction: { type: 1, intent: 'intent://chat/open#Intent;scheme=herald;S.ext=x;end' },
        badge: { badgeClass: 'com.example.chat.MainActivity', setNum: 3 },
        image: 'https://cdn.example.com/i.png',
        notifyId: 5,
        importance: 'LOW',
      },
    },
  });
  assert.equal(n.expiration, Math.floor(NOW / 1000) + 86_400);
  assert.equal(n.collapseId, '5');
});

test('badge_type -2 adds one; a browser action opens its https URL; long text is cut to 40 / 80', () => {
  const n = buildHonorNotification(
    request({}, { title: 'x'.repeat(41), content: 'y'.repeat(81), android: { badge_type: -2, action: { action_type: 2, browser: { url: 'https://e.com' } } } }),
    opts,
  );
  const notification = (n.payload['android'] as { notification: Record<string, unknown> }).notification;
  assert.deepEqual(notification['badge'], { badgeClass: 'com.example.chat.MainActivity', addNum: 1 });
  assert.deepEqual(notification['clickAction'], { type: 2, url: 'https://e.com' });
  assert.equal(notification['title'], `${'x'.repeat(39)}…`);
  assert.equal(notification['body'], `${'y'.repeat(79)}…`);
});

test('in-app messages are data messages; oversize bodies are refused', () => {
  assert.deepEqual(buildHonorNotification(request({ message_type: 'message' }), opts).payload, {
    data: JSON.stringify({ title: 'Hi', content: 'Body', herald: { pid: '99' } }),
  });
  assertHeraldError(
    () => buildHonorNotification(request({}, { android: { custom_content: JSON.stringify({ b: 'z'.repeat(4000) }) } }), opts),
    'PUSH_PAYLOAD_TOO_LARGE',
  );
});
