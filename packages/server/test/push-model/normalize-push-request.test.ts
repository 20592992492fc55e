import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizePushRequest, type PushRequestContext } from '../../src/push/model/normalize-push-request.ts';
import { assertHeraldError } from './helpers.ts';

// 2024-06-01 00:00:00 at UTC+8.
const NOW = Date.UTC(2024, 4, 31, 16, 0, 0);
const ios: PushRequestContext = { platform: 'ios', now: NOW, utcOffsetMinutes: 480 };
const android: PushRequestContext = { ...ios, platform: 'android' };
const TOKEN = 'a'.repeat(36);
const base = { audience_type: 'all', message_type: 'notify', message: { title: 't', content: 'c' } };
const norm = (extra: Record<string, unknown>, ctx = ios) => normalizePushRequest({ ...base, ...extra }, ctx);

test('a minimal body gets TPNS defaults', () => {
  const r = norm({});
  assert.deepEqual(r.audience, { type: 'all' });
  assert.equal(r.messageType, 'notify');
  assert.deepEqual(r.message, { title: 't', content: 'c' });
  assert.equal(r.environment, 'product');
  assert.equal(r.expireTime, 86400);
  assert.equal(r.sendAt, NOW);
  assert.equal(r.scheduled, false);
  assert.equal(r.accountType, 0);
  assert.equal(r.accountPushType, 0);
  assert.equal(r.ignoreInvalidToken, false);
  assert.equal(r.seq, 0);
  assert.deepEqual(r.disabledChannels, []);
  assert.deepEqual(r.notes, []);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'plain JSON data');
});

test('required top-level fields', () => {
  assertHeraldError(() => normalizePushRequest('x', ios), 'REQUEST_PARAM_INVALID', 'body');
  assertHeraldError(() => normalizePushRequest({ message_type: 'notify', message: {} }, ios), 'REQUEST_PARAM_MISSING', 'audience_type');
  assertHeraldError(() => norm({ audience_type: 'everyone' }), 'REQUEST_PARAM_INVALID', 'audience_type');
  assertHeraldError(() => norm({ message_type: undefined }), 'REQUEST_PARAM_MISSING', 'message_type');
  assertHeraldError(() => norm({ message_type: 'alert' }), 'REQUEST_PARAM_INVALID', 'message_type');
  assertHeraldError(() => norm({ message: undefined }), 'REQUEST_PARAM_MISSING', 'message');
  assertHeraldError(() => norm({ message: [] }), 'REQUEST_PARAM_INVALID', 'message');
  assertHeraldError(() => norm({ environment: 'prod' }), 'REQUEST_PARAM_INVALID', 'environment');
  assert.equal(norm({ environment: 'dev' }).environment, 'dev');
});

test('token audiences', () => {
  assert.deepEqual(norm({ audience_type: 'token', token_list: [TOKEN, 'b'.repeat(99)] }).audience, { type: 'token', tokens: [TOKEN] });
  assert.deepEqual(norm({ audience_type: 'token_list', token_list: [TOKEN, TOKEN, 'short'] }).audience, {
    type: 'token_list',
    tokens: [TOKEN, 'short'],
  });
  assertHeraldError(() => norm({ audience_type: 'token' }), 'REQUEST_PARAM_MISSING', 'token_list');
  assertHeraldError(() => norm({ audience_type: 'token_list', token_list: [] }), 'REQUEST_PARAM_MISSING', 'token_list');
  assertHeraldError(() => norm({ audience_type: 'token_list', token_list: TOKEN }), 'REQUEST_PARAM_INVALID', 'token_list');
  assertHeraldError(
    () => norm({ audience_type: 'token_list', token_list: [TOKEN, TOKEN, TOKEN, `${TOKEN}x`] }),
    'REQUEST_PARAM_INVALID',
    'token_list[3]',
  );
  assert.throws(() => norm({ audience_type: 'token_list', token_list: [TOKEN, TOKEN, TOKEN, `${TOKEN}x`] }), {
    message: 'token_list[3]: longer than 36 characters',
  });
  assertHeraldError(() => norm({ audience_type: 'token_list', token_list: [TOKEN, 5] }), 'REQUEST_PARAM_INVALID', 'token_list[1]');
  assertHeraldError(() => norm({ audience_type: 'token_list', token_list: Array(1001).fill(TOKEN) }), 'REQUEST_PARAM_INVALID', 'token_list');
  assert.equal(norm({ audience_type: 'token_list', token_list: Array(1000).fill(TOKEN) }).audience.type, 'token_list');
});

test('account audiences and account fields', () => {
  assert.deepEqual(norm({ audience_type: 'account', account_list: ['u1', 'u2'] }).audience, { type: 'account', accounts: ['u1'] });
  const r = norm({ audience_type: 'account_list', account_list: ['u1', 'u2'], account_type: 1005, account_push_type: 1 });
  assert.deepEqual(r.audience, { type: 'account_list', accounts: ['u1', 'u2'] });
  assert.equal(r.accountType, 1005);
  assert.equal(r.accountPushType, 1);
  assertHeraldError(() => norm({ audience_type: 'account_list' }), 'REQUEST_PARAM_MISSING', 'account_list');
  assertHeraldError(() => norm({ audience_type: 'account_list', account_list: ['x'.repeat(101)] }), 'REQUEST_PARAM_INVALID', 'account_list[0]');
  assertHeraldError(() => norm({ audience_type: 'account_list', account_list: Array(1001).fill('u') }), 'REQUEST_PARAM_INVALID', 'account_list');
  for (const t of [17, 990, 1016, -1]) assertHeraldError(() => norm({ account_type: t }), 'REQUEST_PARAM_INVALID', 'account_type');
  for (const t of [0, 16, 991, 1015]) assert.equal(norm({ account_type: t }).accountType, t);
  assertHeraldError(() => norm({ account_type: '1' }), 'REQUEST_PARAM_INVALID', 'account_type');
  assertHeraldError(() => norm({ account_push_type: 2 }), 'REQUEST_PARAM_INVALID', 'account_push_type');
});

test('tag and package audiences', () => {
  const tagRules = [{ tag_items: [{ tags: ['vip'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_user_define' }], operator: 'OR', is_not: false }];
  const t = norm({ audience_type: 'tag', tag_rules: tagRules, tag_list: { tags: ['ignored'], op: 'OR' } }).audience;
  assert.ok(t.type === 'tag' && !t.legacyTagList && t.tagRules[0]?.tagItems[0]?.tags[0] === 'vip');
  const legacy = norm({ audience_type: 'tag', tag_list: { tags: ['a', 'b'], op: 'AND' } }).audience;
  assert.ok(legacy.type === 'tag' && legacy.legacyTagList && legacy.tagRules[0]?.tagItems[0]?.tagsOperator === 'AND');
  assertHeraldError(() => norm({ audience_type: 'tag' }), 'REQUEST_PARAM_MISSING', 'tag_rules');
  assert.deepEqual(norm({ audience_type: 'package_account_push', upload_id: 42 }).audience, { type: 'package_account_push', uploadId: 42 });
  assertHeraldError(() => norm({ audience_type: 'package_token_push' }), 'REQUEST_PARAM_MISSING', 'upload_id');
  assertHeraldError(() => norm({ audience_type: 'package_token_push', upload_id: '42' }), 'REQUEST_PARAM_INVALID', 'upload_id');
});

test('title and content rules', () => {
  assertHeraldError(() => norm({ message: { content: 'c' } }), 'REQUEST_PARAM_MISSING', 'message.title');
  assertHeraldError(() => norm({ message: { title: 't' } }), 'REQUEST_PARAM_MISSING', 'message.content');
  assertHeraldError(() => norm({ message: { title: 't', content: '' } }), 'REQUEST_PARAM_MISSING', 'message.content');
  assertHeraldError(() => norm({ message: { title: 1, content: 'c' } }), 'REQUEST_PARAM_INVALID', 'message.title');
  assert.equal(norm({ message: { title: '', content: 'c' } }).message.title, '');
  // Android in-app messages still need both; iOS silent pushes need neither.
  assertHeraldError(() => norm({ message_type: 'message', message: { content: 'c' } }, android), 'REQUEST_PARAM_MISSING', 'message.title');
  const silent = norm({ message_type: 'message', message: { ios: { aps: { 'content-available': 1 } } } });
  assert.deepEqual([silent.message.title, silent.message.content], ['', '']);
});

test('iOS block: aps rules, badge_type, custom_content', () => {
  const r = norm({
    message: {
      title: 't',
      content: 'c',
      thread_id: 'th',
      ios: { aps: { alert: { subtitle: 's' }, badge_type: -2, sound: 'default', 'interruption-level': 'time-sensitive' }, custom_content: '{"k":"v"}' },
    },
  });
  assert.deepEqual(r.message.ios, { aps: { alert: { subtitle: 's' }, sound: 'default', 'interruption-level': 'time-sensitive' }, badgeType: -2, customContent: { k: 'v' } });
  assert.equal(r.message.threadId, 'th');
  const msg = (ios: unknown, message_type = 'notify') => norm({ message_type, message: { title: 't', content: 'c', ios } });
  assertHeraldError(() => msg({ aps: { 'content-available': 1 } }), 'REQUEST_PARAM_INVALID', 'message.ios.aps.content-available');
  assertHeraldError(() => msg({ aps: { alert: { body: 'x' } } }, 'message'), 'REQUEST_PARAM_INVALID', 'message.ios.aps.alert');
  assertHeraldError(() => msg({ aps: { sound: 'default' } }, 'message'), 'REQUEST_PARAM_INVALID', 'message.ios.aps.sound');
  assertHeraldError(() => msg({ aps: { badge_type: 1 } }, 'message'), 'REQUEST_PARAM_INVALID', 'message.ios.aps.badge_type');
  assertHeraldError(() => msg({ aps: { badge_type: -3 } }), 'REQUEST_PARAM_INVALID', 'message.ios.aps.badge_type');
  assert.equal(msg({ aps: { badge_type: 0 } }).message.ios?.badgeType, 0);
  assertHeraldError(() => msg({ aps: { 'interruption-level': 'urgent' } }), 'REQUEST_PARAM_INVALID', 'message.ios.aps.interruption-level');
  assertHeraldError(() => msg({ aps: { 'mutable-content': 2 } }), 'REQUEST_PARAM_INVALID', 'message.ios.aps.mutable-content');
  assertHeraldError(() => msg({ aps: {}, custom_content: '{bad' }), 'REQUEST_PARAM_INVALID', 'message.ios.custom_content');
  assertHeraldError(() => msg({ aps: {}, custom_content: '[1]' }), 'REQUEST_PARAM_INVALID', 'message.ios.custom_content');
  assertHeraldError(() => msg({ aps: {}, custom_content: { k: 1 } }), 'REQUEST_PARAM_INVALID', 'message.ios.custom_content');
  assertHeraldError(() => msg({ aps: {}, custom_content: '{"aps":{}}' }), 'REQUEST_PARAM_INVALID', 'message.ios.custom_content');
  // The iOS block is ignored for an Android app, and vice versa.
  assert.equal(norm({ message: { title: 't', content: 'c', ios: { custom_content: '{bad' } } }, android).message.ios, undefined);
  assert.equal(norm({ message: { title: 't', content: 'c', android: { custom_content: '{bad' } } }).message.android, undefined);
});

test('Android block: custom_content and badge_type', () => {
  const r = norm({ message: { title: 't', content: 'c', android: { badge_type: 5, custom_content: '{"a":1}', n_ch_id: 'x' } } }, android);
  assert.deepEqual(r.message.android, { raw: { badge_type: 5, custom_content: '{"a":1}', n_ch_id: 'x' }, badgeType: 5, customContent: { a: 1 } });
  assertHeraldError(() => norm({ message: { title: 't', content: 'c', android: { badge_type: 100 } } }, android), 'REQUEST_PARAM_INVALID', 'message.android.badge_type');
  assertHeraldError(() => norm({ message: { title: 't', content: 'c', android: { custom_content: 'x' } } }, android), 'REQUEST_PARAM_INVALID', 'message.android.custom_content');
});

test('accept_time windows', () => {
  const r = norm({ message: { title: 't', content: 'c', accept_time: [{ start: { hour: '13', min: '00' }, end: { hour: '14', min: '30' } }] } });
  assert.deepEqual(r.message.acceptTime, [{ start: { hour: 13, min: 0 }, end: { hour: 14, min: 30 } }]);
  assertHeraldError(
    () => norm({ message: { title: 't', content: 'c', accept_time: [{ start: { hour: '24', min: '00' }, end: { hour: '1', min: '0' } }] } }),
    'REQUEST_PARAM_INVALID',
    'message.accept_time[0].start.hour',
  );
  assertHeraldError(() => norm({ message: { title: 't', content: 'c', accept_time: [{ start: { hour: '1', min: '0' } }] } }), 'REQUEST_PARAM_MISSING', 'message.accept_time[0].end');
});

test('message larger than 4 KB', () => {
  assertHeraldError(() => norm({ message: { title: 't', content: 'x'.repeat(4096) } }), 'PUSH_PAYLOAD_TOO_LARGE', 'message');
  // Bytes, not characters: 1400 three-byte characters are 4200 bytes.
  assertHeraldError(() => norm({ message: { title: 't', content: '推'.repeat(1400) } }), 'PUSH_PAYLOAD_TOO_LARGE', 'message');
  assert.equal(norm({ message: { title: 't', content: 'x'.repeat(4000) } }).message.content.length, 4000);
});

test('expire_time', () => {
  assert.equal(norm({ expire_time: 0 }).expireTime, 0);
  assert.equal(norm({ expire_time: 1 }).expireTime, 800);
  assert.equal(norm({ expire_time: 799 }).expireTime, 800);
  assert.equal(norm({ expire_time: 800 }).expireTime, 800);
  assert.equal(norm({ expire_time: 259200 }).expireTime, 259200);
  assertHeraldError(() => norm({ expire_time: 259201 }), 'REQUEST_PARAM_INVALID', 'expire_time');
  assertHeraldError(() => norm({ expire_time: -1 }), 'REQUEST_PARAM_INVALID', 'expire_time');
  assertHeraldError(() => norm({ expire_time: 1.5 }), 'REQUEST_PARAM_INVALID', 'expire_time');
});

test('send_time', () => {
  // Read at UTC+8: 2024-06-02 08:00:00 is 2024-06-02T00:00:00Z.
  const r = norm({ send_time: '2024-06-02 08:00:00' });
  assert.equal(r.sendAt, Date.UTC(2024, 5, 2, 0, 0, 0));
  assert.equal(r.scheduled, true);
  assert.equal(norm({ send_time: '2024-06-02 08:00:00' }, { ...ios, utcOffsetMinutes: 0 }).sendAt, Date.UTC(2024, 5, 2, 8));
  const past = norm({ send_time: '2020-01-01 00:00:00' });
  assert.deepEqual([past.sendAt, past.scheduled], [NOW, false]);
  assert.equal(norm({ send_time: '' }).scheduled, false);
  for (const bad of ['2024-06-02', '2024-06-02T08:00:00', '2024-02-30 00:00:00', '2024-06-02 24:00:00', '2024-6-2 8:00:00']) {
    assertHeraldError(() => norm({ send_time: bad }), 'REQUEST_DATE_INVALID', 'send_time');
  }
  assertHeraldError(() => norm({ send_time: 20240602 }), 'REQUEST_PARAM_INVALID', 'send_time');
  // 90 days ahead is the limit.
  assert.equal(norm({ send_time: '2024-08-30 00:00:00' }).scheduled, true);
  assertHeraldError(() => norm({ send_time: '2024-08-30 00:00:01' }), 'PUSH_TIME_INVALID', 'send_time');
  // Only all, tag and package pushes may be scheduled.
  assertHeraldError(() => norm({ audience_type: 'token', token_list: [TOKEN], send_time: '2024-06-02 08:00:00' }), 'PUSH_TIME_INVALID', 'send_time');
  assert.equal(norm({ audience_type: 'token', token_list: [TOKEN], send_time: '2024-05-01 08:00:00' }).scheduled, false);
  assert.equal(norm({ audience_type: 'package_account_push', upload_id: 1, send_time: '2024-06-02 08:00:00' }).scheduled, true);
});

test('push_speed, collapse_id, flags, plan, seq, channel_rules', () => {
  const r = norm({
    push_speed: 1000,
    collapse_id: 123,
    ignore_invalid_token: 1,
    force_collapse: true,
    multi_pkg: true,
    tpns_online_push_type: 1,
    plan_id: 'p1',
    group_id: 'g',
    seq: 77,
    channel_rules: [
      { channel: 'hw', disable: true },
      { channel: 'apns', disable: true },
      { channel: 'xg', disable: true },
      { channel: 'apns', disable: false },
    ],
  });
  assert.equal(r.pushSpeed, 1000);
  assert.equal(r.collapseId, 123);
  assert.equal(r.ignoreInvalidToken, true);
  assert.equal(r.forceCollapse, true);
  assert.equal(r.multiPkg, true);
  assert.equal(r.tpnsOnlinePushType, 1);
  assert.equal(r.planId, 'p1');
  assert.equal(r.groupId, 'g');
  assert.equal(r.seq, 77);
  assert.deepEqual(r.disabledChannels, ['huawei']);
  assert.equal(r.channelRules.length, 4);
  assertHeraldError(() => norm({ push_speed: 999 }), 'REQUEST_PARAM_INVALID', 'push_speed');
  assertHeraldError(() => norm({ push_speed: 50001 }), 'REQUEST_PARAM_INVALID', 'push_speed');
  assertHeraldError(() => norm({ collapse_id: 'abc' }), 'REQUEST_PARAM_INVALID', 'collapse_id');
  assertHeraldError(() => norm({ ignore_invalid_token: true }), 'REQUEST_PARAM_INVALID', 'ignore_invalid_token');
  assertHeraldError(() => norm({ seq: 'x' }), 'REQUEST_PARAM_INVALID', 'seq');
  assertHeraldError(() => norm({ channel_rules: [{ channel: 'gcm', disable: true }] }), 'REQUEST_PARAM_INVALID', 'channel_rules[0].channel');
  assertHeraldError(() => norm({ channel_rules: [{ channel: 'hw' }] }), 'REQUEST_PARAM_MISSING', 'channel_rules[0].disable');
});

test('loop_param is validated and noted as not scheduled', () => {
  const loop = { startDate: '2024-06-02', endDate: '2024-06-09', loopType: 2, loopDayIndexs: [0, 6], dayTimes: ['19:00:00'] };
  const r = norm({ loop_param: loop });
  assert.deepEqual(r.loop, { ...loop, recurrenceScheduled: false });
  assert.equal(r.notes.length, 1);
  assertHeraldError(() => norm({ audience_type: 'account', account_list: ['u'], loop_param: loop }), 'REQUEST_PARAM_INVALID', 'loop_param');
  assertHeraldError(() => norm({ loop_param: { ...loop, startDate: '2024/06/02' } }), 'REQUEST_DATE_INVALID', 'loop_param.startDate');
  assertHeraldError(() => norm({ loop_param: { ...loop, endDate: '2024-06-01' } }), 'PUSH_TIME_INVALID', 'loop_param.endDate');
  assertHeraldError(() => norm({ loop_param: { ...loop, endDate: '2024-12-01' } }), 'PUSH_TIME_INVALID', 'loop_param.endDate');
  assertHeraldError(() => norm({ loop_param: { ...loop, loopType: 4 } }), 'REQUEST_PARAM_INVALID', 'loop_param.loopType');
  assertHeraldError(() => norm({ loop_param: { ...loop, loopDayIndexs: [7] } }), 'REQUEST_PARAM_INVALID', 'loop_param.loopDayIndexs[0]');
  assertHeraldError(() => norm({ loop_param: { ...loop, loopType: 3, loopDayIndexs: [0] } }), 'REQUEST_PARAM_INVALID', 'loop_param.loopDayIndexs[0]');
  assertHeraldError(() => norm({ loop_param: { ...loop, dayTimes: ['7pm'] } }), 'REQUEST_DATE_INVALID', 'loop_param.dayTimes[0]');
  assertHeraldError(() => norm({ loop_param: { ...loop, dayTimes: [] } }), 'REQUEST_PARAM_MISSING', 'loop_param.dayTimes');
});

test('extra unknown fields are ignored', () => {
  assert.equal(norm({ platform: 'android', whatever: { x: 1 } }).audience.type, 'all');
});
