import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createXiaomiEmulator, type XiaomiEmulator } from '../xiaomi/index.ts';

const SECRET = 'c2VjcmV0LXhpYW9taS1hcHA=';
const PKG = 'com.example.herald';
const OTHER_PKG = 'com.example.other';
const NOW = Date.UTC(2024, 4, 31, 8, 0, 0);

let emu: XiaomiEmulator;

interface XiaomiBody {
  result: string;
  code: number;
  reason?: string;
  description?: string;
  trace_id?: string;
  info?: string;
  data?: { id?: string; bad_regids?: string; data?: Array<{ date: string; single_push: number }> };
}

async function post(fields: Record<string, string>, o: { auth?: string | null; contentType?: string; path?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (o.auth !== null) headers['authorization'] = o.auth ?? `key=${SECRET}`;
  const res = await fetch(`${emu.url}${o.path ?? '/v3/message/regid'}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as XiaomiBody };
}

function notification(extra: Record<string, string> = {}): Record<string, string> {
  return { registration_id: 'reg-a', restricted_package_name: PKG, title: 'Hello', description: 'World', ...extra };
}

function assertCode(body: XiaomiBody, code: number, reason?: RegExp): void {
  assert.equal(body.code, code, JSON.stringify(body));
  assert.equal(body.result, 'error');
  assert.match(body.trace_id ?? '', /^Xcm[0-9a-zA-Z]{19}$/);
  assert.equal(typeof body.description, 'string');
  if (reason !== undefined) assert.match(body.reason ?? '', reason);
}

before(async () => {
  emu = await createXiaomiEmulator({ clock: () => NOW });
  emu.registerApp({ appSecret: SECRET, packageNames: [PKG], channelIds: ['chat', 'marketing'] });
  emu.registerApp({ appSecret: 'other-secret', packageNames: [OTHER_PKG] });
});
beforeEach(() => {
  emu.reset();
  emu.registerDevice({ regId: 'reg-a', packageName: PKG });
  emu.registerDevice({ regId: 'reg-b', packageName: PKG });
  emu.registerDevice({ regId: 'reg-other', packageName: OTHER_PKG });
});
after(() => emu.close());

describe('authentication', () => {
  test('a missing, wrongly spelt or unknown key answers 21301 as Xiaomi does', async () => {
    for (const auth of [null, `Key=${SECRET}`, `key ${SECRET}`, 'key=nope']) {
      const res = await post(notification(), { auth });
      assert.equal(res.status, 200);
      assertCode(res.body, 21301, /Invalid application secret/);
      assert.equal(res.body.description, '认证失败');
    }
    assert.equal(emu.inbox('reg-a').length, 0);
  });

  test('a revoked secret stops working at once', async () => {
    emu.registerApp({ appSecret: 'rotating', packageNames: [PKG] });
    assert.equal((await post(notification(), { auth: 'key=rotating' })).body.code, 0);
    emu.revokeSecret('rotating');
    assertCode((await post(notification(), { auth: 'key=rotating' })).body, 21301);
  });

  test('another app’s secret cannot name this package', async () => {
    const res = await post(notification(), { auth: 'key=other-secret' });
    assertCode(res.body, 22022, /com\.example\.herald/);
  });
});

describe('sending', () => {
  test('delivers to every valid regId, reports the others in bad_regids and parses the message', async () => {
    emu.unregisterDevice('reg-b');
    const payload = JSON.stringify({ ext: '{"entity":{"action":1}}', herald: { pid: '7' } });
    const res = await post({
      ...notification({ registration_id: 'reg-a,reg-b,reg-unknown,reg-other' }),
      payload: encodeURIComponent(payload),
      pass_through: '0',
      notify_type: '-1',
      notify_id: '42',
      time_to_live: '3600000',
      'extra.channel_id': 'chat',
      'extra.notify_effect': '1',
      'extra.ext': '{"entity":{"action":1}}',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.result, 'ok');
    assert.equal(res.body.code, 0);
    assert.equal(res.body.description, '成功');
    assert.equal(res.body.info, 'Received push messages for 1 REGID');
    assert.match(res.body.data?.id ?? '', /^scm[0-9a-zA-Z]{19}$/);
    assert.deepEqual(res.body.data?.bad_regids?.split(','), ['reg-b', 'reg-unknown', 'reg-other']);

    const [got] = emu.inbox('reg-a');
    assert.ok(got);
    assert.equal(got.messageId, res.body.data?.id);
    assert.equal(got.packageName, PKG);
    assert.equal(got.passThrough, false);
    assert.equal(got.title, 'Hello');
    assert.equal(got.description, 'World');
    assert.equal(got.payload, payload);
    assert.equal(got.notifyType, -1);
    assert.equal(got.notifyId, 42);
    assert.equal(got.timeToLive, 3_600_000);
    assert.deepEqual(got.extra, { channel_id: 'chat', notify_effect: '1', ext: '{"entity":{"action":1}}' });
    assert.equal(got.receivedAt, NOW);
    assert.equal('registration_id' in got.fields, false);
    assert.equal(emu.inbox('reg-b').length, 0);
    assert.equal(emu.counters.badRegIds, 3);
  });

  test('a request with no valid regId answers 20301 "No valid targets!"', async () => {
    emu.unregisterDevice('reg-a');
    const res = await post(notification({ registration_id: 'reg-a,reg-x' }));
    assertCode(res.body, 20301, /^No valid targets!$/);
    assert.equal(res.body.description, '发送消息失败');
  });

  test('pass-through messages need a payload but no title', async () => {
    const missing = await post({ registration_id: 'reg-a', restricted_package_name: PKG, pass_through: '1' });
    assertCode(missing.body, 10016, /payload/);
    const ok = await post({ registration_id: 'reg-a', restricted_package_name: PKG, pass_through: '1', payload: encodeURIComponent('{"k":1}') });
    assert.equal(ok.body.code, 0);
    const [got] = emu.inbox('reg-a');
    assert.equal(got?.passThrough, true);
    assert.equal(got?.payload, '{"k":1}');
  });

  test('the counters API answers for the app’s package and day', async () => {
    await post(notification({ registration_id: 'reg-a,reg-b' }));
    const get = (query: string, secret = SECRET) =>
      fetch(`${emu.url}/v1/stats/message/counters?${query}`, { headers: { authorization: `key=${secret}` } }).then(async (r) => (await r.json()) as XiaomiBody);
    const ok = await get(`start_date=20240531&end_date=20240531&restricted_package_name=${PKG}`);
    assert.equal(ok.code, 0);
    assert.deepEqual(ok.data?.data, [{ date: '20240531', single_push: 2 }]);
    assertCode(await get(`start_date=20240531&end_date=20240531&restricted_package_name=${PKG}`, 'wrong'), 21301);
    assertCode(await get(`start_date=20240531&end_date=20240531&restricted_package_name=${OTHER_PKG}`), 22022);
    assertCode(await get(`start_date=20240501&end_date=20240531&restricted_package_name=${PKG}`), 10017, /30 days/);
    assertCode(await get(`restricted_package_name=${PKG}`), 10016);
  });
});

describe('schema and limits', () => {
  const cases: Array<[string, Record<string, string>, number, RegExp]> = [
    ['no package', { restricted_package_name: '' }, 10016, /restricted_package_name/],
    ['a foreign package', { restricted_package_name: `${PKG},${OTHER_PKG}` }, 22022, /com\.example\.other/],
    ['no regId', { registration_id: '' }, 10016, /registration_id/],
    ['1001 regIds', { registration_id: Array.from({ length: 1001 }, (_, i) => `r${i}`).join(',') }, 10017, /at most 1000/],
    ['a blank title', { title: '   ' }, 10017, /title/],
    ['no description', { description: '' }, 10017, /description/],
    ['a 51-character title', { title: 'x'.repeat(51) }, 65009, /title/],
    ['a 129-character description', { description: 'y'.repeat(129) }, 65009, /description/],
    ['a payload over 4 KB', { payload: encodeURIComponent('z'.repeat(4097)) }, 65009, /payload/],
    ['a payload not URL-encoded', { payload: '%E0%A4%A' }, 10017, /URL-encoded/],
    ['pass_through 2', { pass_through: '2' }, 10017, /pass_through/],
    ['notify_type 8', { notify_type: '8' }, 10017, /notify_type/],
    ['notify_id over int32', { notify_id: '2147483648' }, 10017, /notify_id/],
    ['a TTL over two weeks', { time_to_live: String(14 * 86_400_000 + 1) }, 10017, /time_to_live/],
    ['a send time beyond seven days', { time_to_send: String(NOW + 8 * 86_400_000) }, 10017, /time_to_send/],
    ['an unregistered channel', { 'extra.channel_id': 'nope' }, 27001, /nope/],
    ['notify_effect 2 without intent_uri', { 'extra.notify_effect': '2' }, 10016, /intent_uri/],
    ['notify_effect 4', { 'extra.notify_effect': '4' }, 10017, /notify_effect/],
    ['an extra value over 1024 characters', { 'extra.k': 'v'.repeat(1025) }, 65015, /1024/],
    ['a long callback param', { 'extra.callback': 'https://cb.example/x', 'extra.callback.param': 'p'.repeat(65) }, 65036, /callback/],
    ['a callback that is no URL', { 'extra.callback': 'ftp:nope' }, 65038, /callback/],
  ];
  for (const [name, change, code, reason] of cases) {
    test(`${name} answers ${code}`, async () => {
      const res = await post({ ...notification(), ...change });
      assert.equal(res.status, 200);
      assertCode(res.body, code, reason);
      assert.equal(emu.inbox('reg-a').length, 0);
    });
  }

  test('at most ten custom extras; Xiaomi’s own extras do not count', async () => {
    const custom = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`extra.k${i}`, 'v']));
    const ok = await post({ ...notification(), ...custom, 'extra.channel_id': 'chat', 'extra.notify_foreground': '1' });
    assert.equal(ok.body.code, 0);
    const tooMany = await post({ ...notification(), ...custom, 'extra.k10': 'v' });
    assertCode(tooMany.body, 65014, /11 custom/);
  });

  test('a JSON body is not a form', async () => {
    const res = await post(notification(), { contentType: 'application/json' });
    assertCode(res.body, 10012);
  });

  test('wrong method, unknown path and oversize bodies get HTTP errors', async () => {
    assert.equal((await fetch(`${emu.url}/v3/message/regid`, { headers: { authorization: `key=${SECRET}` } })).status, 405);
    assert.equal((await post(notification(), { path: '/v3/message/nothing' })).status, 404);
    const huge = await fetch(`${emu.url}/v3/message/regid`, {
      method: 'POST',
      headers: { authorization: `key=${SECRET}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `payload=${'a'.repeat(2 * 1024 * 1024 + 1)}`,
    });
    assert.equal(huge.status, 413);
  });
});

describe('faults', () => {
  test('a quota error with Retry-After, used up after `times`', async () => {
    emu.injectFault({ code: 10027, retryAfterSeconds: 7, times: 1 });
    const first = await post(notification());
    assert.equal(first.status, 200);
    assert.equal(first.retryAfter, '7');
    assertCode(first.body, 10027);
    const second = await post(notification());
    assert.equal(second.body.code, 0);
    assert.equal(emu.counters.errors['10027'], 1);
  });

  test('a bare 503 and a fault that only hits requests naming one regId', async () => {
    emu.injectFault({ status: 503, retryAfterSeconds: 2, times: 1 });
    const gateway = await post(notification());
    assert.equal(gateway.status, 503);
    assert.equal(gateway.retryAfter, '2');
    emu.injectFault({ regId: 'reg-b', code: 10029 });
    assert.equal((await post(notification({ registration_id: 'reg-a' }))).body.code, 0);
    assertCode((await post(notification({ registration_id: 'reg-a,reg-b' }))).body, 10029);
    emu.clearFaults();
    assert.equal((await post(notification({ registration_id: 'reg-a,reg-b' }))).body.code, 0);
  });

  test('latency delays every answer', async () => {
    emu.setLatency(150);
    const started = performance.now();
    await post(notification());
    assert.ok(performance.now() - started >= 140);
  });
});
