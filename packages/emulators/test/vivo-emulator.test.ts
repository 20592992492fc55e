import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createVivoEmulator, type VivoEmulator } from '../vivo/index.ts';

const APP = { appId: '10004', appKey: '25509283-3767-4b9e-83fe-b6e55ac6243e', appSecret: 'a0b1c2d3-e4f5-4678-9abc-def012345678' };
const OTHER_APP = { appId: '10005', appKey: 'other-key', appSecret: 'other-secret' };
// 12:00 in Beijing: operation messages are allowed.
const NOON = Date.UTC(2024, 4, 31, 4, 0, 0);
const HOUR = 3_600_000;
const ALIVE = '12345678901234567890123';
const ALIVE_2 = '12345678901234567890124';
const TEST_DEVICE = '12345678901234567890125';
const GONE = '15638535410301000000001';
const STALE = '15638535410301000000002';

let now = NOON;
let emu: VivoEmulator;

type Json = Record<string, unknown>;

async function post(path: string, body: unknown, authToken?: string): Promise<{ status: number; json: Json; headers: Headers; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authToken !== undefined) headers['authToken'] = authToken;
  const res = await fetch(emu.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = {};
  }
  return { status: res.status, json, headers: res.headers, text };
}

function authBody(app = APP, timestamp = now, secret = app.appSecret): Json {
  const sign = createHash('md5').update(app.appId + app.appKey + String(timestamp) + secret).digest('hex');
  return { appId: Number(app.appId), appKey: app.appKey, timestamp, sign };
}

async function token(app = APP): Promise<string> {
  const r = await post('/message/auth', authBody(app));
  assert.equal(r.json['result'], 0, JSON.stringify(r.json));
  return r.json['authToken'] as string;
}

function message(extra: Json = {}): Json {
  return { notifyType: 4, title: 'Hi', content: 'Body', skipType: 1, requestId: `r-${Math.random()}`, classification: 1, ...extra };
}

before(async () => {
  emu = await createVivoEmulator({ clock: () => now, authCallsPerSecond: 1000 });
  emu.registerApp(APP);
  emu.registerApp(OTHER_APP);
});
after(() => emu.close());

beforeEach(() => {
  now = NOON;
  emu.reset();
  emu.registerDevice({ regId: ALIVE, appId: APP.appId });
  emu.registerDevice({ regId: ALIVE_2, appId: APP.appId });
  emu.registerDevice({ regId: TEST_DEVICE, appId: APP.appId, testDevice: true });
  emu.registerDevice({ regId: GONE, appId: APP.appId });
  emu.unregisterDevice(GONE, 2);
  emu.registerDevice({ regId: STALE, appId: APP.appId });
  emu.unregisterDevice(STALE, 3);
});

describe('auth', () => {
  test('a correct sign gets an authToken', async () => {
    const r = await post('/message/auth', authBody());
    assert.equal(r.status, 200);
    assert.equal(r.json['result'], 0);
    assert.equal(r.json['desc'], '请求成功');
    assert.match(r.json['authToken'] as string, /^[0-9a-f]{40}$/);
  });

  test('every auth refusal has its code', async () => {
    const cases: Array<[Json, number]> = [
      [{ ...authBody(), appId: '' }, 10200],
      [{ ...authBody(), appKey: '' }, 10201],
      [{ ...authBody(), appKey: 'wrong' }, 10202],
      [{ ...authBody(), timestamp: '' }, 10203],
      [{ ...authBody(), sign: '' }, 10204],
      [{ ...authBody(), appId: 99999 }, 10205],
      [authBody(APP, now, 'wrong-secret'), 10206],
      [authBody(APP, now - 11 * 60_000), 10207],
    ];
    for (const [body, code] of cases) {
      const r = await post('/message/auth', body);
      assert.equal(r.json['result'], code, `${JSON.stringify(body)} → ${JSON.stringify(r.json)}`);
      assert.equal(r.json['authToken'], undefined);
    }
    // The sign is vivo's lower-case hex: the same digest in upper case is refused.
    const upper = authBody();
    upper['sign'] = (upper['sign'] as string).toUpperCase();
    assert.equal((await post('/message/auth', upper)).json['result'], 10206);
    // Within the ten-minute window a skewed clock is fine.
    assert.equal((await post('/message/auth', authBody(APP, now + 9 * 60_000))).json['result'], 0);
  });

  test('auth calls beyond the per-second limit get 10250', async () => {
    const limited = await createVivoEmulator({ clock: () => now, authCallsPerSecond: 2 });
    try {
      limited.registerApp(APP);
      const call = () => fetch(limited.url + '/message/auth', { method: 'POST', body: JSON.stringify(authBody()) }).then((r) => r.json() as Promise<Json>);
      assert.equal((await call())['result'], 0);
      assert.equal((await call())['result'], 0);
      assert.equal((await call())['result'], 10250);
      now += 1000;
      assert.equal((await call())['result'], 0);
    } finally {
      await limited.close();
    }
  });

  test('sends need a live authToken: missing, unknown, expired and revoked tokens get 10000', async () => {
    const t = await token();
    assert.equal((await post('/message/send', { ...message(), regId: ALIVE })).json['result'], 10000);
    assert.equal((await post('/message/send', { ...message(), regId: ALIVE }, 'nope')).json['result'], 10000);
    assert.equal((await post('/message/send', { ...message(), regId: ALIVE }, t)).json['result'], 0);
    now += 24 * HOUR;
    assert.equal((await post('/message/send', { ...message(), regId: ALIVE }, t)).json['result'], 10000);
    const t2 = await token();
    emu.revokeTokens(APP.appId);
    assert.equal((await post('/message/send', { ...message(), regId: ALIVE }, t2)).json['result'], 10000);
  });
});

describe('single send', () => {
  test('delivers to the device inbox, fully parsed', async () => {
    const t = await token();
    const body = message({
      appId: Number(APP.appId),
      regId: ALIVE,
      title: '标题1 ✓',
      content: '内容1',
      timeToLive: 3600,
      skipType: 2,
      skipContent: 'https://www.vivo.com',
      networkType: '1',
      category: 'IM',
      classification: undefined,
      clientCustomMap: { ext: '{"action":1}' },
      extra: { callback: 'https://cb.example/vivo', 'callback.param': 'p' },
      pushMode: 0,
    });
    const r = await post('/message/send', body, t);
    assert.equal(r.json['result'], 0);
    assert.equal(r.json['desc'], '请求成功');
    assert.match(r.json['taskId'] as string, /^\d+$/);
    const [got] = emu.inbox(ALIVE);
    assert.ok(got);
    assert.equal(got.taskId, r.json['taskId']);
    assert.equal(got.via, 'send');
    assert.equal(got.title, '标题1 ✓');
    assert.equal(got.content, '内容1');
    assert.equal(got.skipType, 2);
    assert.equal(got.skipContent, 'https://www.vivo.com');
    assert.equal(got.timeToLive, 3600);
    assert.equal(got.classification, 1);
    assert.equal(got.category, 'IM');
    assert.deepEqual(got.clientCustomMap, { ext: '{"action":1}' });
    assert.equal(got.requestId, body['requestId']);
    assert.equal(got.body['regId'], undefined);
  });

  test('checks fields and lengths with vivo codes', async () => {
    const t = await token();
    const cases: Array<[Json, number]> = [
      [{ ...message(), regId: undefined }, 10050],
      [{ ...message({ notifyType: 5 }), regId: ALIVE }, 10054],
      [{ ...message({ notifyType: undefined }), regId: ALIVE }, 10054],
      [{ ...message({ title: '' }), regId: ALIVE }, 10055],
      [{ ...message({ title: 'x'.repeat(41) }), regId: ALIVE }, 10056],
      [{ ...message({ content: ' ' }), regId: ALIVE }, 10057],
      [{ ...message({ content: '长'.repeat(101) }), regId: ALIVE }, 10058],
      [{ ...message({ skipType: 9 }), regId: ALIVE }, 10059],
      [{ ...message({ skipType: 2 }), regId: ALIVE }, 10061],
      [{ ...message({ skipType: 2, skipContent: 'https://x/' + 'a'.repeat(1000) }), regId: ALIVE }, 10061],
      [{ ...message({ timeToLive: 30 }), regId: ALIVE }, 10062],
      [{ ...message({ timeToLive: 8 * 86_400 }), regId: ALIVE }, 10062],
      [{ ...message({ requestId: undefined }), regId: ALIVE }, 10063],
      [{ ...message({ requestId: 'r'.repeat(65) }), regId: ALIVE }, 10063],
      [{ ...message({ clientCustomMap: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])) }), regId: ALIVE }, 10065],
      [{ ...message({ clientCustomMap: { k: 'v'.repeat(1024) } }), regId: ALIVE }, 10065],
      [{ ...message({ clientCustomMap: { k: 1 } }), regId: ALIVE }, 10065],
      [{ ...message({ classification: 2 }), regId: ALIVE }, 10066],
      [{ ...message({ pushMode: 3 }), regId: ALIVE }, 10069],
      [{ ...message({ category: 'im' }), regId: ALIVE }, 10096],
      [{ ...message({ appId: Number(OTHER_APP.appId) }), regId: ALIVE }, 10094],
    ];
    for (const [body, code] of cases) {
      const r = await post('/message/send', body, t);
      assert.equal(r.json['result'], code, `${JSON.stringify(body).slice(0, 120)} → ${JSON.stringify(r.json)}`);
    }
    // 40 characters of any script are fine: vivo counts characters, not bytes.
    assert.equal((await post('/message/send', { ...message({ title: '长'.repeat(40), content: '😀'.repeat(100) }), regId: ALIVE }, t)).json['result'], 0);
    assert.equal(emu.inbox(ALIVE).length, 1);
    assert.equal(emu.counters.results['10056'], 1);
  });

  test('dead, unknown, foreign and non-test regIds are reported in invalidUser', async () => {
    const t = await token();
    const cases: Array<[string, Json, number]> = [
      ['15638535410301000009999', {}, 1],
      [GONE, {}, 2],
      [STALE, {}, 3],
      [ALIVE, { pushMode: 1 }, 4],
    ];
    for (const [regId, extra, status] of cases) {
      const r = await post('/message/send', { ...message(extra), regId }, t);
      assert.equal(r.json['result'], 10302);
      assert.equal(r.json['desc'], 'regId不合法');
      assert.deepEqual(r.json['invalidUser'], { status, userid: regId });
    }
    const otherToken = await token(OTHER_APP);
    assert.deepEqual((await post('/message/send', { ...message(), regId: ALIVE }, otherToken)).json['invalidUser'], { status: 1, userid: ALIVE });
    assert.equal((await post('/message/send', { ...message({ pushMode: 1 }), regId: TEST_DEVICE }, t)).json['result'], 0);
    assert.equal(emu.inbox(TEST_DEVICE)[0]!.pushMode, 1);
  });
});

describe("vivo's delivery rules", () => {
  test('operation messages are refused from 23:00 to 07:00 Beijing time; system messages are not', async () => {
    const t = await token();
    const send = (extra: Json) => post('/message/send', { ...message(extra), regId: ALIVE }, t).then((r) => r.json['result']);
    now = Date.UTC(2024, 4, 31, 15, 0, 0); // 23:00 Beijing
    assert.equal(await send({ classification: 0 }), 10071);
    assert.equal(await send({ classification: undefined }), 10071, 'no classification means operation');
    assert.equal(await send({ category: 'MARKETING', classification: undefined }), 10071);
    assert.equal(await send({ classification: 1 }), 0);
    assert.equal(await send({ category: 'IM', classification: 0 }), 0, 'the category decides');
    now = Date.UTC(2024, 4, 30, 22, 59, 0); // 06:59 Beijing
    assert.equal(await send({ classification: 0 }), 10071);
    now = Date.UTC(2024, 4, 30, 23, 0, 0); // 07:00 Beijing
    assert.equal(await send({ classification: 0 }), 0);
  });

  test('the app-wide daily quota of each class is enforced per Beijing day', async () => {
    emu.registerApp({ ...APP, dailyOperationQuota: 2, dailySystemQuota: 1 });
    try {
      const t = await token();
      const send = (classification: number, regId = ALIVE) => post('/message/send', { ...message({ classification }), regId }, t).then((r) => r.json['result']);
      assert.equal(await send(0), 0);
      assert.equal(await send(0, ALIVE_2), 0);
      assert.equal(await send(0), 10070);
      assert.equal(await send(1), 0);
      assert.equal(await send(1), 10073);
      // Midnight in Beijing (16:00 UTC) starts a new day.
      now = Date.UTC(2024, 4, 31, 16, 0, 0) + 7 * HOUR;
      const t2 = await token();
      assert.equal((await post('/message/send', { ...message({ classification: 0 }), regId: ALIVE }, t2)).json['result'], 0);
    } finally {
      emu.registerApp(APP);
    }
  });

  test('a device gets at most five operation messages a day; the rest are accepted and held back', async () => {
    const t = await token();
    for (let i = 0; i < 7; i++) {
      assert.equal((await post('/message/send', { ...message({ classification: 0, title: `m${i}` }), regId: ALIVE }, t)).json['result'], 0);
    }
    assert.equal((await post('/message/send', { ...message({ classification: 1, title: 'system' }), regId: ALIVE }, t)).json['result'], 0);
    assert.deepEqual(emu.inbox(ALIVE).map((n) => n.title), ['m0', 'm1', 'm2', 'm3', 'm4', 'system']);
    assert.equal(emu.counters.controlled, 2);
  });
});

describe('list push', () => {
  test('saveListPayload then pushToList reports invalid regIds and delivers the rest', async () => {
    const t = await token();
    const saved = await post('/message/saveListPayload', message({ title: 'group', appId: Number(APP.appId) }), t);
    assert.equal(saved.json['result'], 0);
    const taskId = saved.json['taskId'] as string;
    assert.match(taskId, /^\d+$/);
    const unknown = '99999999999999999999999';
    const r = await post('/message/pushToList', { appId: Number(APP.appId), regIds: [ALIVE, GONE, ALIVE_2, unknown], taskId, requestId: 'req-1', pushMode: 0 }, t);
    assert.equal(r.json['result'], 0);
    assert.equal(r.json['requestId'], 'req-1');
    assert.deepEqual(r.json['invalidUsers'], [
      { status: 2, userid: GONE },
      { status: 1, userid: unknown },
    ]);
    assert.equal(emu.inbox(ALIVE)[0]!.title, 'group');
    assert.equal(emu.inbox(ALIVE)[0]!.via, 'pushToList');
    assert.equal(emu.inbox(ALIVE_2)[0]!.taskId, taskId);
  });

  test('pushToList checks its list, task and quota', async () => {
    const t = await token();
    const saved = await post('/message/saveListPayload', message({ classification: 0 }), t);
    const taskId = saved.json['taskId'] as string;
    const list = (regIds: unknown, extra: Json = {}) => post('/message/pushToList', { regIds, taskId, requestId: 'r', ...extra }, t).then((r) => r.json['result']);
    assert.equal(await list([ALIVE]), 10301);
    assert.equal(await list(Array.from({ length: 1001 }, (_, i) => String(i))), 10301);
    assert.equal(await list([ALIVE, ALIVE_2], { taskId: '1' }), 10300);
    assert.equal(await list([ALIVE, ALIVE_2], { requestId: '' }), 10063);
    assert.equal(await list([ALIVE, ALIVE_2], { appId: Number(OTHER_APP.appId) }), 10094);
    now = Date.UTC(2024, 4, 31, 16, 30, 0); // 00:30 Beijing
    assert.equal(await list([ALIVE, ALIVE_2]), 10071);
    // Another app cannot use this app's task.
    const other = await token(OTHER_APP);
    now = NOON;
    assert.equal((await post('/message/pushToList', { regIds: [ALIVE, ALIVE_2], taskId, requestId: 'r' }, other)).json['result'], 10300);
  });

  test('saveListPayload validates its body and counts against its daily limit', async () => {
    emu.registerApp({ ...APP, dailyListPayloadQuota: 1 });
    try {
      const t = await token();
      assert.equal((await post('/message/saveListPayload', message({ title: '' }), t)).json['result'], 10055);
      assert.equal((await post('/message/saveListPayload', message(), t)).json['result'], 0);
      assert.equal((await post('/message/saveListPayload', message(), t)).json['result'], 10252);
    } finally {
      emu.registerApp(APP);
    }
  });
});

describe('faults and transport', () => {
  test('injected 5xx with Retry-After, result codes per regId, and latency', async () => {
    const t = await token();
    emu.injectFault({ path: '/message/send', httpStatus: 503, retryAfterSeconds: 7, times: 1 });
    const down = await post('/message/send', { ...message(), regId: ALIVE }, t);
    assert.equal(down.status, 503);
    assert.equal(down.text, 'Internet server error!');
    assert.equal(down.headers.get('retry-after'), '7');
    assert.equal((await post('/message/send', { ...message(), regId: ALIVE }, t)).json['result'], 0);

    emu.injectFault({ regId: ALIVE_2, result: 10072, desc: '发送速度过快', retryAfterSeconds: 2 });
    const slow = await post('/message/send', { ...message(), regId: ALIVE_2 }, t);
    assert.deepEqual(slow.json, { result: 10072, desc: '发送速度过快' });
    assert.equal(slow.headers.get('retry-after'), '2');
    assert.equal((await post('/message/send', { ...message(), regId: ALIVE }, t)).json['result'], 0);
    emu.clearFaults();

    emu.setLatency(60);
    const started = performance.now();
    assert.equal((await post('/message/send', { ...message(), regId: ALIVE }, t)).json['result'], 0);
    assert.ok(performance.now() - started >= 55);
  });

  test('unknown paths, wrong methods, broken JSON and huge bodies are HTTP errors', async () => {
    assert.equal((await post('/message/nope', {})).status, 404);
    assert.equal((await fetch(emu.url + '/message/send')).status, 405);
    assert.equal((await post('/message/send', '{not json')).status, 400);
    assert.equal((await post('/message/send', { content: 'x'.repeat(70 * 1024) })).status, 413);
  });
});
