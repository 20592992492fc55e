import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createOppoEmulator, type OppoEmulator } from '../oppo/index.ts';

const APP_KEY = 'bc6b7Ab0a8cE4f2d8f0a3d0e';
const MASTER = '9f8a4c52e1b24e3f9a8b7c6d5e4f3a2b';
const REG = 'CN_078ad8b8a137cadb14ae5b70cf846312';
const REG_2 = 'CN_906bf7b0d76a5c0001668ddc410ab903';
const INTL_REG = 'IN_b457331fd7874d0200c595ebb8d39de8';
let now = Date.UTC(2024, 4, 31, 8, 0, 0);
let emu: OppoEmulator;

interface OppoBody {
  code: number;
  message: string;
  data?: unknown;
}

const sign = (appKey: string, timestamp: string, secret: string) => createHash('sha256').update(appKey + timestamp + secret).digest('hex');

async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as OppoBody };
}

async function auth(o: { appKey?: string; secret?: string; timestamp?: number } = {}) {
  const timestamp = String(o.timestamp ?? now);
  const appKey = o.appKey ?? APP_KEY;
  return post('/server/v1/auth', { app_key: appKey, timestamp, sign: sign(appKey, timestamp, o.secret ?? MASTER) });
}

async function token(): Promise<string> {
  const res = await auth();
  assert.equal(res.body.code, 0, JSON.stringify(res.body));
  return (res.body.data as { auth_token: string }).auth_token;
}

const notification = (extra: Record<string, unknown> = {}) => ({ title: '您的订单已取消', content: 'Order cancelled', channel_id: 'orders', ...extra });
const message = (regId = REG, n: Record<string, unknown> = notification()) => ({ target_type: 2, target_value: regId, notification: n });

async function unicast(authToken: string, m: unknown) {
  return post('/server/v1/message/notification/unicast', { auth_token: authToken, message: JSON.stringify(m) });
}

before(async () => {
  emu = await createOppoEmulator({ clock: () => now, region: 'cn' });
});
beforeEach(() => {
  now = Date.UTC(2024, 4, 31, 8, 0, 0);
  emu.reset();
  emu.registerApp({ appKey: APP_KEY, masterSecret: MASTER, appId: 'ZngnvJIM7wQusNtbqYnpH6XX', channelIds: ['orders', 'chat'] });
  emu.registerDevice({ registrationId: REG, appKey: APP_KEY });
  emu.registerDevice({ registrationId: REG_2, appKey: APP_KEY });
  emu.registerDevice({ registrationId: INTL_REG, appKey: APP_KEY });
});
after(() => emu.close());

describe('auth', () => {
  test('issues a token for a correct sha256 sign', async () => {
    const res = await auth();
    assert.equal(res.status, 200);
    assert.equal(res.body.code, 0);
    assert.equal(res.body.message, 'Success');
    const data = res.body.data as { auth_token: string; create_time: number };
    assert.match(data.auth_token, /^[0-9a-f]{36}$/);
    assert.equal(data.create_time, now);
    assert.equal(emu.counters.tokensIssued, 1);
  });

  test('answers OPPO’s public codes for every broken part', async () => {
    const ts = String(now);
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ timestamp: ts, sign: 'x' }, 15, 'Missing App Key'],
      [{ app_key: 'unknown', timestamp: ts, sign: sign('unknown', ts, MASTER) }, 14, 'Invalid App Key'],
      [{ app_key: APP_KEY, timestamp: ts }, 17, 'Missing Signature'],
      [{ app_key: APP_KEY, sign: 'x' }, 18, 'Missing Timestamp'],
      [{ app_key: APP_KEY, timestamp: 'yesterday', sign: 'x' }, 19, 'Invalid Timestamp'],
      [{ app_key: APP_KEY, timestamp: String(now - 10 * 60_000 - 1), sign: sign(APP_KEY, String(now - 10 * 60_000 - 1), MASTER) }, 19, 'Invalid Timestamp'],
      [{ app_key: APP_KEY, timestamp: ts, sign: sign(APP_KEY, ts, 'wrong-secret') }, 16, 'Invalid Signature'],
    ];
    for (const [form, code, text] of cases) {
      const res = await post('/server/v1/auth', form);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { code, message: text }, JSON.stringify(form));
    }
    // Inside the ±10 minute window, and with an upper-case sign, the call succeeds.
    const early = String(now + 9 * 60_000);
    const ok = await post('/server/v1/auth', { app_key: APP_KEY, timestamp: early, sign: sign(APP_KEY, early, MASTER).toUpperCase() });
    assert.equal(ok.body.code, 0);
  });

  test('tokens expire after 24 hours, or when told to, with 11 Invalid AuthToken', async () => {
    const t = await token();
    assert.equal((await unicast(t, message())).body.code, 0);
    now += 24 * 3_600_000;
    assert.deepEqual((await unicast(t, message())).body, { code: 11, message: 'Invalid AuthToken' });
    const fresh = await token();
    emu.expireTokens();
    assert.equal((await unicast(fresh, message())).body.code, 11);
  });

  test('a send without a token answers 29; the token may also come as a header', async () => {
    assert.deepEqual((await post('/server/v1/message/notification/unicast', { message: JSON.stringify(message()) })).body, { code: 29, message: 'Missing Auth Token' });
    const t = await token();
    const viaHeader = await post('/server/v1/message/notification/unicast', { message: JSON.stringify(message()) }, { auth_token: t });
    assert.equal(viaHeader.body.code, 0);
  });
});

describe('unicast and unicast_batch', () => {
  test('unicast delivers and answers the message id', async () => {
    const t = await token();
    const n = notification({ click_action_type: 4, click_action_activity: 'com.example.Main', action_parameters: '{"entity":"{\\"action\\":1}"}', category: 'IM', notify_level: 16 });
    const res = await unicast(t, { ...message(REG, n), verify_registration_id: true });
    assert.equal(res.body.code, 0);
    const id = (res.body.data as { messageId: string }).messageId;
    assert.match(id, /^ZngnvJIM7wQusNtbqYnpH6XX-1-1-[0-9a-f]{24}$/);
    const [got] = emu.inbox(REG);
    assert.ok(got);
    assert.equal(got.messageId, id);
    assert.equal(got.endpoint, 'unicast');
    assert.equal(got.title, '您的订单已取消');
    assert.equal(got.channelId, 'orders');
    assert.equal(got.category, 'IM');
    assert.equal(got.notifyLevel, 16);
    assert.equal(got.clickActionType, 4);
    assert.deepEqual(got.actionParameters, { entity: '{"action":1}' });
    assert.equal(got.verifyRegistrationId, true);
    assert.equal(got.receivedAt, now);
  });

  test('unicast to a dead, unknown, foreign-app or other-region id answers 10000', async () => {
    const t = await token();
    emu.unregisterDevice(REG_2);
    emu.registerApp({ appKey: 'other-app', masterSecret: MASTER });
    emu.registerDevice({ registrationId: 'CN_other', appKey: 'other-app' });
    for (const id of [REG_2, 'CN_unknown', 'CN_other', INTL_REG]) {
      assert.deepEqual((await unicast(t, message(id))).body, { code: 10000, message: 'Invalid Registration_id' }, id);
    }
    assert.equal(emu.inbox(REG_2).length, 0);
  });

  test('unicast_batch answers per message, in order', async () => {
    const t = await token();
    emu.unregisterDevice(REG_2);
    const res = await post('/server/v1/message/notification/unicast_batch', {
      auth_token: t,
      messages: JSON.stringify([message(REG), message(REG_2), message('CN_nobody')]),
    });
    assert.equal(res.body.code, 0);
    const data = res.body.data as Array<{ messageId: string; registrationId: string; errorCode?: number; errorMessage?: string }>;
    assert.deepEqual(
      data.map((d) => [d.registrationId, d.errorCode, d.errorMessage]),
      [
        [REG, undefined, undefined],
        [REG_2, 10000, 'Invalid Registration_id'],
        ['CN_nobody', 10000, 'Invalid Registration_id'],
      ],
    );
    assert.equal(emu.inbox(REG)[0]?.endpoint, 'unicast_batch');
    assert.equal(emu.inbox(REG)[0]?.messageId, data[0]?.messageId);
  });

  test('unicast_batch takes at most 1000 messages and checks every one', async () => {
    const t = await token();
    const batch = (ms: unknown[]) => post('/server/v1/message/notification/unicast_batch', { auth_token: t, messages: JSON.stringify(ms) });
    const tooMany = await batch(Array.from({ length: 1001 }, () => message()));
    assert.equal(tooMany.body.code, 41);
    assert.match(tooMany.body.message, /at most 1000/);
    const oneBad = await batch([message(), message(REG_2, notification({ title: '' }))]);
    assert.deepEqual(oneBad.body, { code: 40, message: 'Missing Required Arguments: messages[1]: title' });
    assert.equal(emu.inbox(REG).length, 0);
    assert.equal((await batch([])).body.code, 40);
    assert.equal((await post('/server/v1/message/notification/unicast_batch', { auth_token: t, messages: '{"not":"an array"}' })).body.code, 41);
  });

  test('the same app_message_id reaches a device once', async () => {
    const t = await token();
    for (let i = 0; i < 2; i++) assert.equal((await unicast(t, message(REG, notification({ app_message_id: 'dedupe-1' })))).body.code, 0);
    assert.equal(emu.inbox(REG).length, 1);
  });
});

describe('message schema and limits', () => {
  const cases: Array<[string, unknown, number, RegExp]> = [
    ['target_type 5 (alias)', { ...message(), target_type: 5 }, 41, /target_type/],
    ['no target_value', { target_type: 2, notification: notification() }, 40, /target_value/],
    ['no notification', { target_type: 2, target_value: REG }, 40, /notification/],
    ['verify_registration_id as a string', { ...message(), verify_registration_id: 'yes' }, 41, /verify_registration_id/],
    ['a 51-character title', message(REG, notification({ title: '字'.repeat(51) })), 41, /title longer than 50/],
    ['an 11-character sub_title', message(REG, notification({ sub_title: 's'.repeat(11) })), 41, /sub_title/],
    ['no content', message(REG, { title: 't' }), 40, /content/],
    ['201 characters of standard content', message(REG, notification({ content: 'c'.repeat(201) })), 41, /200 characters/],
    ['129 characters of long-text content', message(REG, notification({ style: 2, content: 'c'.repeat(129) })), 41, /128 characters/],
    ['big-picture style in a unicast', message(REG, notification({ style: 3 })), 41, /broadcasts only/],
    ['click_action_type 3', message(REG, notification({ click_action_type: 3 })), 41, /click_action_type/],
    ['an activity click without the activity', message(REG, notification({ click_action_type: 4 })), 40, /click_action_activity/],
    ['a URL click without the URL', message(REG, notification({ click_action_type: 2 })), 40, /click_action_url/],
    ['a 501-character URL', message(REG, notification({ click_action_type: 2, click_action_url: `https://x/${'u'.repeat(491)}` })), 41, /500/],
    ['action_parameters as an object', message(REG, notification({ action_parameters: { a: 1 } })), 41, /JSON string/],
    ['action_parameters that are not JSON', message(REG, notification({ action_parameters: '{nope' })), 41, /not JSON/],
    ['action_parameters over 4 K', message(REG, notification({ action_parameters: JSON.stringify({ k: 'v'.repeat(4096) }) })), 41, /4096/],
    ['an 11-day offline TTL', message(REG, notification({ off_line_ttl: 11 * 86_400 })), 41, /off_line_ttl/],
    ['a 5-hour show TTL', message(REG, notification({ show_ttl: 5 * 3600 })), 41, /show_ttl/],
    ['a long call_back_parameter', message(REG, notification({ call_back_parameter: 'p'.repeat(101) })), 41, /call_back_parameter/],
    ['an unknown channel', message(REG, notification({ channel_id: 'nope' })), 41, /channel_id nope/],
    ['an unknown category', message(REG, notification({ category: 'GAMES' })), 67, /category/],
    ['notify_level 3', message(REG, notification({ category: 'IM', notify_level: 3 })), 67, /notify_level/],
    ['notify_level without a category', message(REG, notification({ notify_level: 2 })), 67, /needs a category/],
    ['notify_level 16 outside IM', message(REG, notification({ category: 'NEWS', notify_level: 16 })), 67, /category IM/],
  ];
  for (const [name, m, code, reason] of cases) {
    test(`${name} answers ${code}`, async () => {
      const res = await unicast(await token(), m);
      assert.equal(res.status, 200);
      assert.equal(res.body.code, code, JSON.stringify(res.body));
      assert.match(res.body.message, reason);
      assert.equal(emu.inbox(REG).length, 0);
    });
  }

  test('emoji count as one character, as OPPO documents', async () => {
    const res = await unicast(await token(), message(REG, notification({ title: '😀'.repeat(50) })));
    assert.equal(res.body.code, 0);
  });

  test('malformed requests: not JSON, wrong method, wrong charset, unknown path', async () => {
    const t = await token();
    assert.equal((await post('/server/v1/message/notification/unicast', { auth_token: t, message: '{' })).body.code, 41);
    assert.equal((await post('/server/v1/message/notification/unicast', { auth_token: t })).body.code, 40);
    const get = await fetch(`${emu.url}/server/v1/auth`);
    assert.deepEqual(await get.json(), { code: 12, message: 'Http Action Not Allowed' });
    const gbk = await post('/server/v1/auth', {}, { 'content-type': 'application/x-www-form-urlencoded;charset=GBK' });
    assert.equal(gbk.body.code, 25);
    assert.equal((await post('/server/v1/nothing', {})).status, 404);
  });
});

describe('faults', () => {
  test('flow control with Retry-After on sends, used up after `times`', async () => {
    const t = await token();
    emu.injectFault({ code: -2, retryAfterSeconds: 4, times: 1 });
    const first = await unicast(t, message());
    assert.equal(first.retryAfter, '4');
    assert.deepEqual(first.body, { code: -2, message: 'Service in Flow Control' });
    assert.equal((await unicast(t, message())).body.code, 0);
  });

  test('a fault on the auth call, a bare 503, and one aimed at a registration id', async () => {
    emu.injectFault({ endpoint: 'auth', code: 28, times: 1 });
    assert.equal((await auth()).body.code, 28);
    const t = await token();
    emu.injectFault({ status: 503, times: 1 });
    assert.equal((await unicast(t, message())).status, 503);
    emu.injectFault({ registrationId: REG_2, code: 33 });
    assert.equal((await unicast(t, message(REG))).body.code, 0);
    assert.equal((await unicast(t, message(REG_2))).body.code, 33);
    emu.clearFaults();
    assert.equal((await unicast(t, message(REG_2))).body.code, 0);
  });

  test('a message-scoped fault answers only its registration id, inside a batch as errorCode', async () => {
    const t = await token();
    emu.injectFault({ registrationId: REG_2, scope: 'message', code: 55, times: 2 });
    const res = await post('/server/v1/message/notification/unicast_batch', { auth_token: t, messages: JSON.stringify([message(REG), message(REG_2)]) });
    const data = res.body.data as Array<{ registrationId: string; errorCode?: number; errorMessage?: string }>;
    assert.deepEqual(data.map((d) => [d.registrationId, d.errorCode, d.errorMessage]), [
      [REG, undefined, undefined],
      [REG_2, 55, 'App Call Frequency Limit'],
    ]);
    assert.equal((await unicast(t, message(REG_2))).body.code, 55);
    assert.equal((await unicast(t, message(REG_2))).body.code, 0);
    assert.throws(() => emu.injectFault({ scope: 'message', code: 55 }), /registrationId/);
  });

  test('latency delays every answer', async () => {
    emu.setLatency(150);
    const started = performance.now();
    await auth();
    assert.ok(performance.now() - started >= 140);
  });
});
