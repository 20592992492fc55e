import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createHuaweiEmulator, type HuaweiEmulator } from '../huawei/index.ts';

const APP = '104000001';
const SECRET = 'secret-of-the-app';
const OTHER_APP = '104000002';

let now = Date.UTC(2024, 5, 1, 8, 0, 0);
let emu: HuaweiEmulator;

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(path: string, init: RequestInit): Promise<Reply> {
  const res = await fetch(`${emu.url}${path}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

function tokenRequest(form: Record<string, string>): Promise<Reply> {
  return call('/oauth2/v3/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
}

async function accessToken(clientId = APP, secret = SECRET): Promise<string> {
  const r = await tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body['access_token'] as string;
}

function sendRequest(body: unknown, o: { token?: string; clientId?: string; contentType?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/json;charset=UTF-8' };
  if (o.token !== undefined) headers['authorization'] = `Bearer ${o.token}`;
  return call(`/v1/${o.clientId ?? APP}/messages:send`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

const notification = (extra: Record<string, unknown> = {}) => ({
  title: 'Hi',
  body: 'There',
  click_action: { type: 3 },
  ...extra,
});

function message(tokens: string[], android: Record<string, unknown> = { notification: notification() }): Record<string, unknown> {
  return { token: tokens, android };
}

before(async () => {
  emu = await createHuaweiEmulator({ clock: () => now });
  emu.registerApp({ appId: APP, clientSecret: SECRET });
  emu.registerApp({ appId: OTHER_APP, clientSecret: 'other-secret' });
});
beforeEach(() => emu.reset());
after(() => emu.close());

describe('OAuth client credentials', () => {
  test('issues an hour-long bearer token for the right secret', async () => {
    const r = await tokenRequest({ grant_type: 'client_credentials', client_id: APP, client_secret: SECRET });
    assert.equal(r.status, 200);
    assert.equal(r.body['expires_in'], 3600);
    assert.equal(r.body['token_type'], 'Bearer');
    assert.match(r.body['access_token'] as string, /^[A-Za-z0-9+/]+=*$/);
    assert.equal(emu.counters.tokenRequests, 1);
  });

  test('refuses with Huawei 1101 sub-errors', async () => {
    const cases: Array<[Record<string, string>, number]> = [
      [{ grant_type: 'password', client_id: APP, client_secret: SECRET }, 20182],
      [{ grant_type: 'client_credentials', client_id: 'abc', client_secret: SECRET }, 20002],
      [{ grant_type: 'client_credentials', client_id: APP, client_secret: '' }, 20171],
      [{ grant_type: 'client_credentials', client_id: '999', client_secret: SECRET }, 20003],
      [{ grant_type: 'client_credentials', client_id: APP, client_secret: 'wrong' }, 12304],
    ];
    for (const [form, subError] of cases) {
      const r = await tokenRequest(form);
      assert.equal(r.status, 400);
      assert.equal(r.body['error'], 1101);
      assert.equal(r.body['sub_error'], subError, JSON.stringify(form));
      assert.equal(typeof r.body['error_description'], 'string');
    }
  });

  test('a JSON body is not a form: the grant type is missing', async () => {
    const r = await call('/oauth2/v3/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: APP, client_secret: SECRET }),
    });
    assert.equal(r.body['sub_error'], 20182);
  });

  test('a rotated secret refuses the old one', async () => {
    emu.setClientSecret(OTHER_APP, 'rotated');
    assert.equal((await tokenRequest({ grant_type: 'client_credentials', client_id: OTHER_APP, client_secret: 'other-secret' })).body['sub_error'], 12304);
    await accessToken(OTHER_APP, 'rotated');
    emu.setClientSecret(OTHER_APP, 'other-secret');
  });

  test('token faults with Retry-After', async () => {
    emu.injectFault({ endpoint: 'token', status: 503, retryAfterSeconds: 9, times: 1 });
    const r = await tokenRequest({ grant_type: 'client_credentials', client_id: APP, client_secret: SECRET });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '9');
    await accessToken();
  });
});

describe('send: authorisation', () => {
  test('no token, an unknown token, another app\'s token: 401 80200001', async () => {
    const body = { message: message(['t1']) };
    emu.registerDevice({ token: 't1', appId: APP });
    for (const token of [undefined, 'not-a-token', await accessToken(OTHER_APP, 'other-secret')]) {
      const r = await sendRequest(body, token === undefined ? {} : { token });
      assert.equal(r.status, 401);
      assert.equal(r.body['code'], '80200001');
      assert.equal(typeof r.body['requestId'], 'string');
    }
    assert.equal(emu.inbox('t1').length, 0);
  });

  test('an expired token: 401 80200003, by the clock and by expireAccessTokens', async () => {
    emu.registerDevice({ token: 't1', appId: APP });
    const body = { message: message(['t1']) };
    const token = await accessToken();
    now += 3600_000;
    let r = await sendRequest(body, { token });
    assert.equal(r.status, 401);
    assert.equal(r.body['code'], '80200003');
    const fresh = await accessToken();
    assert.equal((await sendRequest(body, { token: fresh })).body['code'], '80000000');
    emu.expireAccessTokens();
    r = await sendRequest(body, { token: fresh });
    assert.equal(r.body['code'], '80200003');
  });
});

describe('send: delivery and per-token results', () => {
  test('delivers the message, without its tokens, to each device inbox', async () => {
    emu.registerDevice({ token: 'tok-a', appId: APP });
    emu.registerDevice({ token: 'tok-b', appId: APP });
    const token = await accessToken();
    const msg = { data: '{"k":"v"}', android: { category: 'IM', ttl: '3600s', collapse_key: 0, notification: notification({ channel_id: 'chat', badge: { add_num: 1, class: 'com.x.Main' } }) } };
    const r = await sendRequest({ validate_only: false, message: { ...msg, token: ['tok-a', 'tok-b'] } }, { token });
    assert.equal(r.status, 200);
    assert.deepEqual({ code: r.body['code'], msg: r.body['msg'] }, { code: '80000000', msg: 'Success' });
    const inbox = emu.inbox('tok-a');
    assert.equal(inbox.length, 1);
    assert.deepEqual(inbox[0]!.message, msg);
    assert.equal(inbox[0]!.requestId, r.body['requestId']);
    assert.equal(inbox[0]!.appId, APP);
    assert.equal(inbox[0]!.receivedAt, now);
    assert.equal(emu.inbox('tok-b').length, 1);
  });

  test('partial success names the illegal tokens in msg, a JSON string', async () => {
    emu.registerDevice({ token: 'live', appId: APP });
    emu.registerDevice({ token: 'gone', appId: APP });
    emu.unregisterDevice('gone');
    emu.registerDevice({ token: 'foreign', appId: OTHER_APP });
    const r = await sendRequest({ message: message(['live', 'gone', 'foreign', 'unknown']) }, { token: await accessToken() });
    assert.equal(r.status, 200);
    assert.equal(r.body['code'], '80100000');
    assert.equal(typeof r.body['msg'], 'string');
    assert.deepEqual(JSON.parse(r.body['msg'] as string), { success: 1, failure: 3, illegal_tokens: ['gone', 'foreign', 'unknown'] });
    assert.equal(emu.inbox('live').length, 1);
    assert.equal(emu.inbox('gone').length, 0);
    assert.equal(emu.counters.illegalTokens, 3);
  });

  test('all tokens invalid: 80300007', async () => {
    const r = await sendRequest({ message: message(['x', 'y']) }, { token: await accessToken() });
    assert.equal(r.status, 400);
    assert.equal(r.body['code'], '80300007');
  });

  test('validate_only checks but delivers nothing; a token listed twice is delivered twice', async () => {
    emu.registerDevice({ token: 'd', appId: APP });
    const token = await accessToken();
    assert.equal((await sendRequest({ validate_only: true, message: message(['d']) }, { token })).body['code'], '80000000');
    assert.equal(emu.inbox('d').length, 0);
    await sendRequest({ message: message(['d', 'd']) }, { token });
    assert.equal(emu.inbox('d').length, 2);
  });

  test('acceptUnknownDevices delivers to any token; keepPayloads false only counts', async () => {
    const open = await createHuaweiEmulator({ acceptUnknownDevices: true, keepPayloads: false });
    try {
      open.registerApp({ appId: APP, clientSecret: SECRET });
      const t = await fetch(`${open.url}/oauth2/v3/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${APP}&client_secret=${SECRET}`,
      });
      const { access_token } = (await t.json()) as { access_token: string };
      const r = await fetch(`${open.url}/v1/${APP}/messages:send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: message(['anything']) }),
      });
      assert.equal(((await r.json()) as { code: string }).code, '80000000');
      assert.equal(open.counters.delivered, 1);
      assert.equal(open.inbox('anything').length, 0);
    } finally {
      await open.close();
    }
  });
});

describe('send: schema and limits', () => {
  test('each rule answers its Huawei code', async () => {
    emu.registerDevice({ token: 'd', appId: APP });
    const token = await accessToken();
    const big = 'x'.repeat(4100);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `t${i}`);
    const cases: Array<[string, unknown, string]> = [
      ['not JSON', '{"message":', '80100003'],
      ['no message', { validate_only: false }, '80100003'],
      ['validate_only not boolean', { validate_only: 'yes', message: message(['d']) }, '80100001'],
      ['no target', { message: { android: { notification: notification() } } }, '80100003'],
      ['token and topic', { message: { ...message(['d']), topic: 'news' } }, '80100003'],
      ['empty token list', { message: message([]) }, '80300010'],
      ['1001 tokens', { message: message(tooMany) }, '80300010'],
      ['over 4096 bytes', { message: { ...message(['d']), data: big } }, '80300008'],
      ['data not a string', { message: { ...message(['d']), data: { a: 1 } } }, '80100003'],
      ['no click_action', { message: message(['d'], { notification: { title: 'a', body: 'b' } }) }, '80100003'],
      ['no title anywhere', { message: message(['d'], { notification: { body: 'b', click_action: { type: 3 } } }) }, '80100003'],
      ['click type 2 without https', { message: message(['d'], { notification: notification({ click_action: { type: 2, url: 'http://x' } }) }) }, '80100001'],
      ['click type 1 without intent', { message: message(['d'], { notification: notification({ click_action: { type: 1 } }) }) }, '80100001'],
      ['collapse_key 101', { message: message(['d'], { collapse_key: 101, notification: notification() }) }, '80100013'],
      ['unknown category', { message: message(['d'], { category: 'CHAT', notification: notification() }) }, '80100001'],
      ['ttl over 15 days', { message: message(['d'], { ttl: '1296001s', notification: notification() }) }, '80100001'],
      ['ttl without unit', { message: message(['d'], { ttl: '3600', notification: notification() }) }, '80100001'],
      ['urgency', { message: message(['d'], { urgency: 'URGENT', notification: notification() }) }, '80100001'],
      ['importance', { message: message(['d'], { notification: notification({ importance: 'HIGH' }) }) }, '80100001'],
      ['badge add_num 100', { message: message(['d'], { notification: notification({ badge: { add_num: 100, class: 'c' } }) }) }, '80100001'],
      ['badge without class', { message: message(['d'], { notification: notification({ badge: { set_num: 1 } }) }) }, '80100001'],
      ['four buttons', { message: message(['d'], { notification: notification({ buttons: [1, 2, 3, 4].map(() => ({ name: 'b', action_type: 0 })) }) }) }, '80100001'],
      ['style 1 without big text', { message: message(['d'], { notification: notification({ style: 1 }) }) }, '80100001'],
      ['image over http', { message: message(['d'], { notification: notification({ image: 'http://x/y.png' }) }) }, '80100001'],
      ['notification without android', { message: { token: ['d'], notification: { title: 'a', body: 'b' } } }, '80100003'],
      ['nothing to send', { message: { token: ['d'], android: { urgency: 'HIGH' } } }, '80100003'],
    ];
    for (const [name, body, code] of cases) {
      const r = await sendRequest(body, { token });
      assert.equal(r.body['code'], code, `${name}: ${JSON.stringify(r.body)}`);
      assert.equal(r.status, 400, name);
    }
    assert.equal(emu.inbox('d').length, 0);
    // Title and body may come from message.notification; a data-only message needs no notification.
    assert.equal((await sendRequest({ message: { token: ['d'], notification: { title: 'a', body: 'b' }, android: { notification: { click_action: { type: 3 } } } } }, { token })).body['code'], '80000000');
    assert.equal((await sendRequest({ message: { token: ['d'], data: 'ping', android: { urgency: 'HIGH' } } }, { token })).body['code'], '80000000');
  });

  test('a non-JSON content type is refused', async () => {
    const r = await sendRequest({ message: message(['d']) }, { token: await accessToken(), contentType: 'text/plain' });
    assert.equal(r.body['code'], '80100003');
  });

  test('unknown paths answer 404', async () => {
    const r = await call('/v2/1/messages:send', { method: 'POST', body: '{}' });
    assert.equal(r.status, 404);
  });
});

describe('faults, latency and counters', () => {
  test('send faults answer in order with their status, code and Retry-After, then stop', async () => {
    emu.registerDevice({ token: 'd', appId: APP });
    const token = await accessToken();
    emu.injectFault({ status: 503, retryAfterSeconds: 30, times: 1 });
    emu.injectFault({ status: 500, code: '81000001', msg: 'Internal error', times: 1 });
    const first = await sendRequest({ message: message(['d']) }, { token });
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '30');
    const second = await sendRequest({ message: message(['d']) }, { token });
    assert.deepEqual([second.status, second.body['code']], [500, '81000001']);
    const third = await sendRequest({ message: message(['d']) }, { token });
    assert.equal(third.body['code'], '80000000');
    assert.equal(emu.inbox('d').length, 1);
    assert.equal(emu.counters.codes['81000001'], 1);
  });

  test('latency delays every reply; clearFaults removes unlimited faults', async () => {
    const token = await accessToken();
    emu.injectFault({ status: 429, retryAfterSeconds: 1 });
    assert.equal((await sendRequest({ message: message(['d']) }, { token })).status, 429);
    assert.equal((await sendRequest({ message: message(['d']) }, { token })).status, 429);
    emu.clearFaults();
    emu.registerDevice({ token: 'd', appId: APP });
    emu.setLatency(120);
    const started = Date.now();
    assert.equal((await sendRequest({ message: message(['d']) }, { token })).body['code'], '80000000');
    assert.ok(Date.now() - started >= 110);
  });

  test('counters count requests, deliveries and codes; reset clears them and issued tokens', async () => {
    emu.registerDevice({ token: 'd', appId: APP });
    const token = await accessToken();
    await sendRequest({ message: message(['d', 'e']) }, { token });
    assert.equal(emu.counters.sendRequests, 1);
    assert.equal(emu.counters.delivered, 1);
    assert.equal(emu.counters.maxTokensSeen, 2);
    assert.equal(emu.counters.codes['80100000'], 1);
    emu.reset();
    assert.equal(emu.counters.sendRequests, 0);
    assert.equal((await sendRequest({ message: message(['d']) }, { token })).body['code'], '80200001');
  });
});
