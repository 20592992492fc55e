import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createMeizuEmulator, type MeizuEmulator } from '../meizu/index.ts';

const APP = { appId: '100999', appSecret: '0123456789abcdef0123456789abcdef' };
const OTHER_APP = { appId: '100998', appSecret: 'fedcba9876543210fedcba9876543210' };
const PUSH = '/garcia/api/server/push/varnished/pushByPushId';
const STATS = '/garcia/api/server/push/statistics/dailyPushStatics';
const NOW = Date.UTC(2024, 4, 31, 4, 0, 0);
const ALIVE = 'J0476035d625e6c64567f71487e040e7d017f0558675b';
const ALIVE_2 = 'J0476045d625e6c64567f71487e040e7d017f0558675b';
const GONE = 'RA50c6348036344485d01776773577c64740465480a6b';

let now = NOW;
let emu: MeizuEmulator;

type Json = Record<string, unknown>;

/** Written out here, independently of the channel's signer. */
function sign(params: Record<string, string>, secret: string): string {
  const base = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('');
  return createHash('md5').update(base + secret).digest('hex');
}

function bar(extra: Json = {}): Json {
  return { noticeBarInfo: { noticeBarType: 0, title: 'Hi', content: 'Body' }, ...extra };
}

async function push(pushIds: string[], message: Json | string, o: { app?: typeof APP; params?: Record<string, string>; tamper?: boolean } = {}) {
  const app = o.app ?? APP;
  const params: Record<string, string> = { appId: app.appId, pushIds: pushIds.join(','), messageJson: typeof message === 'string' ? message : JSON.stringify(message), ...o.params };
  params['sign'] = o.tamper ? 'x' + sign(params, app.appSecret).slice(1) : sign(params, app.appSecret);
  const res = await fetch(emu.url + PUSH, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, headers: res.headers, text: await res.clone().text(), json: (await res.json().catch(() => ({}))) as Json };
}

before(async () => {
  emu = await createMeizuEmulator({ clock: () => now });
  emu.registerApp(APP);
  emu.registerApp(OTHER_APP);
});
after(() => emu.close());
beforeEach(() => {
  now = NOW;
  emu.reset();
  emu.registerDevice({ pushId: ALIVE, appId: APP.appId });
  emu.registerDevice({ pushId: ALIVE_2, appId: APP.appId });
  emu.registerDevice({ pushId: GONE, appId: APP.appId });
  emu.unregisterDevice(GONE);
});

describe('signature and parameters', () => {
  test("Meizu's own worked example signs to the documented digest", () => {
    const params = {
      appId: '10000',
      pushIds: 'RA50c6348036344485d01776773577c64740465480a6b',
      messageJson: '{"title":"title","content":"content","pushTimeInfo":{"offLine":1,"validTime":24}}',
    };
    assert.equal(sign(params, '<APP_SECRET>'), 'ac076ff25d9900015a681cb5172aa53b');
  });

  test('a correct sign is accepted; a wrong sign, app or missing parameter is refused with its code', async () => {
    const ok = await push([ALIVE], bar());
    assert.equal(ok.json['code'], '200');
    assert.deepEqual(ok.json['value'], {});
    assert.match(ok.json['msgId'] as string, /^[0-9a-f]{32}$/);
    assert.deepEqual(await push([ALIVE], bar(), { tamper: true }).then((r) => [r.json['code'], r.json['message']]), ['1006', '签名认证失败']);
    assert.equal((await push([ALIVE], bar(), { app: { appId: '1', appSecret: APP.appSecret } })).json['code'], '110000');
    assert.equal((await push([ALIVE], bar(), { app: { ...APP, appSecret: OTHER_APP.appSecret } })).json['code'], '1006');
    assert.equal((await push([], bar())).json['code'], '110004');
    assert.equal((await push([ALIVE], '')).json['code'], '110004');
    // Every parameter sent is signed: an extra one changes the sign.
    assert.equal((await push([ALIVE], bar(), { params: { extra: 'x' } })).json['code'], '200');
    const unsignedExtra = await fetch(emu.url + PUSH, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ appId: APP.appId, pushIds: ALIVE, messageJson: JSON.stringify(bar()), sign: sign({ appId: APP.appId, pushIds: ALIVE, messageJson: JSON.stringify(bar()) }, APP.appSecret), extra: 'x' }).toString(),
    }).then((r) => r.json() as Promise<Json>);
    assert.equal(unsignedExtra['code'], '1006');
  });

  test('messageJson fields and limits give 1005 with the field named', async () => {
    const cases: Array<[Json | string, string]> = [
      ['{not json', 'messageJson'],
      [{}, 'noticeBarInfo'],
      [bar({ noticeBarInfo: { title: '', content: 'c' } }), 'title'],
      [bar({ noticeBarInfo: { title: '标'.repeat(33), content: 'c' } }), 'title'],
      [bar({ noticeBarInfo: { title: 't', content: 'c'.repeat(101) } }), 'content'],
      [bar({ noticeBarInfo: { title: 't', content: 'c', noticeBarType: 1 } }), 'noticeBarType'],
      [bar({ noticeExpandInfo: { noticeExpandType: 1 } }), 'noticeExpandContent'],
      [bar({ clickTypeInfo: { clickType: 1 } }), 'activity'],
      [bar({ clickTypeInfo: { clickType: 2 } }), 'url'],
      [bar({ clickTypeInfo: { clickType: 2, url: 'h'.repeat(1001) } }), 'url'],
      [bar({ clickTypeInfo: { clickType: 3 } }), 'customAttribute'],
      [bar({ clickTypeInfo: { clickType: 4 } }), 'clickType'],
      [bar({ clickTypeInfo: { clickType: 0, parameters: '[1]' } }), 'parameters'],
      [bar({ pushTimeInfo: { offLine: 1, validTime: 73 } }), 'validTime'],
      [bar({ pushTimeInfo: { offLine: 1, validTime: 0 } }), 'validTime'],
      [bar({ advanceInfo: { notifyKey: 'toolongkey' } }), 'notifyKey'],
      [bar({ advanceInfo: { notificationType: { vibrate: 2 } } }), 'notificationType'],
      [bar({ extra: { callback: 'h'.repeat(129) } }), 'callback'],
    ];
    for (const [message, field] of cases) {
      const r = await push([ALIVE], message);
      assert.equal(r.json['code'], '1005', `${JSON.stringify(message)} → ${JSON.stringify(r.json)}`);
      assert.ok((r.json['message'] as string).includes(field), `${r.json['message']} should name ${field}`);
    }
    assert.equal(emu.inbox(ALIVE).length, 0);
    const many = Array.from({ length: 1001 }, (_, i) => `P${i}`);
    assert.equal((await push(many, bar())).json['code'], '1005');
  });
});

describe('delivery', () => {
  test('delivers a full notification, parsed, and lists only the failed pushIds by code', async () => {
    const message = {
      noticeBarInfo: { noticeBarType: 0, title: '标题 ✓', content: '内容' },
      noticeExpandInfo: { noticeExpandType: 1, noticeExpandContent: 'long text' },
      clickTypeInfo: { clickType: 1, activity: 'com.example.chat.ChatActivity', parameters: { ext: '{"action":1}' } },
      pushTimeInfo: { offLine: 1, validTime: 12 },
      advanceInfo: { suspend: 0, clearNoticeBar: 1, notificationType: { vibrate: 0, lights: 1, sound: 1 }, notifyKey: 'chat_42' },
      extra: { callback: 'https://cb.example/mz', 'callback.param': 'p', 'callback.type': 3 },
    };
    const stranger = 'Z9999999999999999999999999999999999999999999';
    const r = await push([ALIVE, GONE, ALIVE_2, stranger], message);
    assert.equal(r.json['code'], '200');
    assert.deepEqual(r.json['value'], { '110002': [GONE], '110003': [stranger] });
    const [got] = emu.inbox(ALIVE);
    assert.ok(got);
    assert.equal(got.msgId, r.json['msgId']);
    assert.equal(got.title, '标题 ✓');
    assert.equal(got.content, '内容');
    assert.equal(got.noticeExpandType, 1);
    assert.equal(got.noticeExpandContent, 'long text');
    assert.equal(got.clickType, 1);
    assert.equal(got.activity, 'com.example.chat.ChatActivity');
    assert.deepEqual(got.parameters, { ext: '{"action":1}' });
    assert.equal(got.validTime, 12);
    assert.equal(got.notifyKey, 'chat_42');
    assert.equal(got.suspend, 0);
    assert.deepEqual(got.notificationType, { vibrate: 0, lights: 1, sound: 1 });
    assert.deepEqual(got.message, message);
    assert.equal(got.receivedAt, NOW);
    assert.equal(emu.inbox(ALIVE_2).length, 1);
    // Defaults Meizu documents: offline for 24 h, open the app.
    await push([ALIVE_2], bar());
    const plain = emu.inbox(ALIVE_2)[1]!;
    assert.deepEqual([plain.offLine, plain.validTime, plain.clickType, plain.suspend, plain.clearNoticeBar], [1, 24, 0, 1, 1]);
  });

  test("another app's pushIds are illegal for this app", async () => {
    assert.deepEqual((await push([ALIVE], bar(), { app: OTHER_APP })).json['value'], { '110003': [ALIVE] });
  });

  test('more than five messages to one device within a minute are folded (520)', async () => {
    for (let i = 0; i < 5; i++) assert.deepEqual((await push([ALIVE], bar())).json['value'], {});
    assert.deepEqual((await push([ALIVE, ALIVE_2], bar())).json['value'], { '520': [ALIVE] });
    assert.equal(emu.inbox(ALIVE).length, 5);
    assert.equal(emu.counters.folded, 1);
    now += 60_000;
    assert.deepEqual((await push([ALIVE], bar())).json['value'], {});
  });

  test('the app request rate limit answers 110010', async () => {
    const limited = await createMeizuEmulator({ clock: () => now, requestsPerSecond: 1 });
    try {
      limited.registerApp(APP);
      limited.registerDevice({ pushId: ALIVE, appId: APP.appId });
      const call = () => {
        const params: Record<string, string> = { appId: APP.appId, pushIds: ALIVE, messageJson: JSON.stringify(bar()) };
        params['sign'] = sign(params, APP.appSecret);
        return fetch(limited.url + PUSH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() }).then(
          (r) => r.json() as Promise<Json>,
        );
      };
      assert.equal((await call())['code'], '200');
      assert.deepEqual(await call(), { code: '110010', message: '应用请求频率超过限制', value: '', redirect: '' });
      now += 1000;
      assert.equal((await call())['code'], '200');
    } finally {
      await limited.close();
    }
  });
});

describe('statistics and faults', () => {
  test('the signed statistics GET proves a credential and reports what was pushed', async () => {
    await push([ALIVE, ALIVE_2], bar());
    const get = (params: Record<string, string>, secret = APP.appSecret) =>
      fetch(`${emu.url}${STATS}?${new URLSearchParams({ ...params, sign: sign(params, secret) })}`).then((r) => r.json() as Promise<Json>);
    const ok = await get({ appId: APP.appId, startTime: '20240531', endTime: '20240531' });
    assert.equal(ok['code'], '200');
    assert.deepEqual((ok['value'] as Json[]).map((d) => [d['date'], d['pushedNo']]), [['2024-05-31', 2]]);
    assert.equal((await get({ appId: APP.appId, startTime: '20240531', endTime: '20240531' }, 'wrong'))['code'], '1006');
    assert.equal((await get({ appId: '5', startTime: '20240531', endTime: '20240531' }))['code'], '110000');
    assert.equal((await get({ appId: APP.appId, startTime: '20240601', endTime: '20240531' }))['code'], '500');
  });

  test('injected HTTP errors with Retry-After, return codes and per-pushId codes, and latency', async () => {
    emu.injectFault({ httpStatus: 503, retryAfterSeconds: 5, times: 1 });
    const down = await push([ALIVE], bar());
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('retry-after'), '5');
    emu.injectFault({ code: '110010', message: '应用请求频率超过限制', retryAfterSeconds: 2, times: 1 });
    const busy = await push([ALIVE], bar());
    assert.deepEqual(busy.json, { code: '110010', message: '应用请求频率超过限制', value: '', redirect: '' });
    assert.equal(busy.headers.get('retry-after'), '2');
    emu.injectFault({ pushId: ALIVE_2, valueCode: '513', times: 1 });
    assert.deepEqual((await push([ALIVE, ALIVE_2], bar())).json['value'], { '513': [ALIVE_2] });
    assert.equal(emu.inbox(ALIVE_2).length, 0);
    emu.setLatency(60);
    const started = performance.now();
    assert.equal((await push([ALIVE], bar())).json['code'], '200');
    assert.ok(performance.now() - started >= 55);
  });

  test('wrong paths, methods and content types', async () => {
    assert.equal((await fetch(emu.url + '/garcia/nope')).status, 404);
    assert.equal((await fetch(emu.url + PUSH)).status, 405);
    const json = await fetch(emu.url + PUSH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json() as Promise<Json>);
    assert.equal(json['code'], '110004');
  });
});
