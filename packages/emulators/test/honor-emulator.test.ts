import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createHonorEmulator, type HonorEmulator } from '../honor/index.ts';

const APP = '104400001';
const CLIENT = 'b2c4e6f8a0b2c4e6f8a0b2c4e6f8a0b2';
const SECRET = 'honor-secret';
const OTHER = { appId: '104400002', clientId: 'other-client', clientSecret: 'other-secret' };

let now = Date.UTC(2024, 5, 1, 8, 0, 0);
let emu: HonorEmulator;

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(path: string, init: RequestInit): Promise<Reply> {
  const res = await fetch(`${emu.url}${path}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

function tokenRequest(form: Record<string, string>, path = '/auth/token'): Promise<Reply> {
  return call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
}

async function accessToken(clientId = CLIENT, secret = SECRET): Promise<string> {
  const r = await tokenRequest({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body['access_token'] as string;
}

function send(body: unknown, o: { token?: string; appId?: string; timestamp?: string | null } = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
  if (o.token !== undefined) headers['authorization'] = `Bearer ${o.token}`;
  if (o.timestamp !== null) headers['timestamp'] = o.timestamp ?? String(now);
  return call(`/api/v1/${o.appId ?? APP}/sendMessage`, { method: 'POST', headers, body: JSON.stringify(body) });
}

const body = (tokens: string[], notification: Record<string, unknown> = { title: 'Hi', body: 'There', clickAction: { type: 3 } }) => ({
  android: { notification },
  token: tokens,
});

before(async () => {
  emu = await createHonorEmulator({ clock: () => now });
  emu.registerApp({ appId: APP, clientId: CLIENT, clientSecret: SECRET });
  emu.registerApp(OTHER);
});
beforeEach(() => emu.reset());
after(() => emu.close());

describe('token endpoint', () => {
  test('both paths issue a bearer token; errors are OAuth style', async () => {
    for (const path of ['/auth/token', '/auth/realms/developer/protocol/openid-connect/token']) {
      const r = await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT, client_secret: SECRET }, path);
      assert.equal(r.status, 200);
      assert.equal(r.body['expires_in'], 3600);
      assert.equal(typeof r.body['access_token'], 'string');
    }
    const wrong = await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT, client_secret: 'nope' });
    assert.deepEqual([wrong.status, wrong.body['error']], [401, 'invalid_client']);
    const unknown = await tokenRequest({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: SECRET });
    assert.deepEqual([unknown.status, unknown.body['error']], [401, 'invalid_client']);
    const grant = await tokenRequest({ grant_type: 'authorization_code', client_id: CLIENT, client_secret: SECRET });
    assert.deepEqual([grant.status, grant.body['error']], [400, 'unsupported_grant_type']);
    const missing = await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT });
    assert.deepEqual([missing.status, missing.body['error']], [400, 'invalid_request']);
  });
});

describe('sendMessage', () => {
  test('delivers the camelCase body with the timestamp header; success reply carries data.requestId', async () => {
    emu.registerDevice({ token: 'h1', appId: APP });
    const sent = { data: '{"k":"v"}', android: { ttl: '3600s', notification: { title: 'Hi', body: 'There', clickAction: { type: 1, intent: 'intent:#Intent;end' }, badge: { addNum: 1, badgeClass: 'com.x.Main' }, importance: 'NORMAL' } } };
    const r = await send({ ...sent, token: ['h1'] }, { token: await accessToken() });
    assert.equal(r.status, 200);
    assert.equal(r.body['code'], 200);
    assert.equal(r.body['message'], 'Success');
    const data = r.body['data'] as Record<string, unknown>;
    assert.deepEqual({ ...data, requestId: 'x' }, { sendResult: true, requestId: 'x', failTokens: [], expireTokens: [], msgCode: 200 });
    const inbox = emu.inbox('h1');
    assert.equal(inbox.length, 1);
    assert.deepEqual(inbox[0]!.body, sent);
    assert.equal(inbox[0]!.timestamp, now);
    assert.equal(inbox[0]!.requestId, data['requestId']);
  });

  test('unregistered tokens come back in expireTokens, unknown ones in failTokens (partial success 80100000)', async () => {
    emu.registerDevice({ token: 'live', appId: APP });
    emu.registerDevice({ token: 'old', appId: APP });
    emu.unregisterDevice('old');
    const token = await accessToken();
    const expiredOnly = await send(body(['live', 'old']), { token });
    assert.equal(expiredOnly.body['code'], 200);
    assert.deepEqual((expiredOnly.body['data'] as { expireTokens: string[] }).expireTokens, ['old']);
    const partial = await send(body(['live', 'old', 'stranger']), { token });
    assert.equal(partial.status, 200);
    assert.equal(partial.body['code'], 80100000);
    const data = partial.body['data'] as { failTokens: string[]; expireTokens: string[]; sendResult: boolean };
    assert.deepEqual([data.failTokens, data.expireTokens, data.sendResult], [['stranger'], ['old'], true]);
    const none = await send(body(['stranger']), { token });
    assert.deepEqual([none.status, none.body['code']], [400, 80300007]);
    assert.equal(emu.inbox('live').length, 2);
  });

  test('authorisation: missing, unknown, expired, other app', async () => {
    emu.registerDevice({ token: 'h1', appId: APP });
    assert.equal((await send(body(['h1']))).body['code'], 80200001);
    assert.equal((await send(body(['h1']), { token: 'bogus' })).body['code'], 80200001);
    const other = await accessToken(OTHER.clientId, OTHER.clientSecret);
    const cross = await send(body(['h1']), { token: other });
    assert.deepEqual([cross.status, cross.body['code']], [401, 80200001]);
    const token = await accessToken();
    now += 3600_000;
    const expired = await send(body(['h1']), { token });
    assert.deepEqual([expired.status, expired.body['code']], [401, 80200003]);
  });

  test('the timestamp header is required; schema rules answer Huawei-family codes', async () => {
    emu.registerDevice({ token: 'h1', appId: APP });
    const token = await accessToken();
    assert.equal((await send(body(['h1']), { token, timestamp: null })).body['code'], 80100001);
    const cases: Array<[string, unknown, number]> = [
      ['no clickAction', body(['h1'], { title: 'a', body: 'b' }), 80100003],
      ['snake_case click_action is not Honor', body(['h1'], { title: 'a', body: 'b', click_action: { type: 3 } }), 80100003],
      ['1001 tokens', body(Array.from({ length: 1001 }, (_, i) => `t${i}`)), 80300010],
      ['over 4096 bytes', { ...body(['h1']), data: 'x'.repeat(4100) }, 80300008],
      ['importance HIGH', body(['h1'], { title: 'a', body: 'b', clickAction: { type: 3 }, importance: 'HIGH' }), 80100001],
      ['badge setNum 100', body(['h1'], { title: 'a', body: 'b', clickAction: { type: 3 }, badge: { setNum: 100, badgeClass: 'c' } }), 80100001],
    ];
    for (const [name, b, code] of cases) {
      const r = await send(b, { token });
      assert.equal(r.body['code'], code, `${name}: ${JSON.stringify(r.body)}`);
    }
    assert.equal(emu.inbox('h1').length, 0);
  });

  test('faults: 503 with Retry-After, then normal service', async () => {
    emu.registerDevice({ token: 'h1', appId: APP });
    const token = await accessToken();
    emu.injectFault({ status: 503, retryAfterSeconds: 12, times: 1 });
    const r = await send(body(['h1']), { token });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '12');
    assert.equal((await send(body(['h1']), { token })).body['code'], 200);
    emu.injectFault({ endpoint: 'token', status: 500, times: 1 });
    assert.equal((await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT, client_secret: SECRET })).status, 500);
    assert.equal(emu.counters.sendRequests, 2);
    assert.equal(emu.counters.delivered, 1);
  });
});
