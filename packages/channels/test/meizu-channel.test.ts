import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createMeizuEmulator, type MeizuEmulator } from '@herald/emulators/meizu';
import type { ChannelNotification, DeliveryTarget, PushOutcome } from '../types.ts';
import { createMeizuChannel, meizuSign, parseMeizuCredential, validateMeizuCredential, type MeizuChannelOptions, type MeizuCredential } from '../meizu/index.ts';

const credential: MeizuCredential = parseMeizuCredential({ appId: 100999, appKey: 'a1b2c3d4e5f6', appSecret: ' 0123456789abcdef0123456789abcdef ' });
const NOW = Date.UTC(2024, 4, 31, 4, 0, 0);

let now = NOW;
let seq = 0;

const notification = (payload: Record<string, unknown> = {}): ChannelNotification => ({
  payload: { noticeBarInfo: { title: 'Hi', content: 'Body' }, ...payload },
  pushId: '4242',
});

function kinds(outcomes: PushOutcome[]): string[] {
  return outcomes.map((o) => (o.kind === 'failed' && o.channelWide ? 'failed*' : o.kind));
}

describe('Meizu channel against the emulator', () => {
  let emu: MeizuEmulator;
  const channels: Array<{ close(): Promise<void> }> = [];

  function channel(o: Partial<MeizuChannelOptions> = {}) {
    const ch = createMeizuChannel({ credential, baseUrl: emu.url, clock: () => now, ...o });
    channels.push(ch);
    return ch;
  }

  function targets(n: number): DeliveryTarget[] {
    return Array.from({ length: n }, () => {
      seq++;
      const pushId = `J${seq.toString(16).padStart(44, '0')}`;
      emu.registerDevice({ pushId, appId: credential.appId });
      return { token: `herald-${seq}`, vendorToken: pushId };
    });
  }

  before(async () => {
    emu = await createMeizuEmulator({ clock: () => now });
    emu.registerApp(credential);
  });
  beforeEach(() => {
    now = NOW;
    emu.reset();
  });
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu.close();
  });

  it("signs like Meizu's worked example", () => {
    const params = {
      appId: '10000',
      pushIds: 'RA50c6348036344485d01776773577c64740465480a6b',
      messageJson: '{"title":"title","content":"content","pushTimeInfo":{"offLine":1,"validTime":24}}',
    };
    assert.equal(meizuSign(params, '<APP_SECRET>'), 'ac076ff25d9900015a681cb5172aa53b');
    assert.equal(meizuSign({ ...params, sign: 'ignored' }, '<APP_SECRET>'), 'ac076ff25d9900015a681cb5172aa53b');
  });

  it('delivers a batch in one signed call; failed pushIds are rejected in order, the rest delivered', async () => {
    const ch = channel();
    const [a, b, gone] = targets(3);
    emu.unregisterDevice(gone!.vendorToken);
    const stranger = { token: 'herald-stranger', vendorToken: 'Z0000000000000000000000000000000000000000000' };
    const payload = {
      noticeBarInfo: { noticeBarType: 0, title: 'Hi', content: 'Body' },
      clickTypeInfo: { clickType: 2, url: 'herald://chat/42', parameters: { ext: '{"action":1}' } },
      pushTimeInfo: { offLine: 1, validTime: 12 },
      advanceInfo: { notifyKey: 'k42' },
    };
    const outcomes = await ch.send({ payload }, [a!, gone!, stranger, b!, { token: 'herald-dupe', vendorToken: a!.vendorToken }]);
    assert.deepEqual(kinds(outcomes), ['delivered', 'rejected', 'rejected', 'delivered', 'delivered']);
    assert.deepEqual(
      outcomes.filter((o) => o.kind === 'rejected').map((o) => o.kind === 'rejected' && o.reason),
      ['PushIdUnsubscribed(110002)', 'PushIdInvalid(110003)'],
    );
    const [got] = emu.inbox(a!.vendorToken);
    assert.ok(got);
    assert.equal(outcomes[0]!.kind === 'delivered' && outcomes[0]!.vendorId, got.msgId);
    assert.deepEqual(got.message, payload);
    assert.equal(emu.inbox(a!.vendorToken).length, 1, 'a pushId listed twice is pushed once');
    assert.equal(emu.counters.requests, 1);
    assert.equal(ch.stats.requests, 1);
  });

  it('splits more than 1000 pushIds into calls of at most 1000', async () => {
    const ch = channel();
    const outcomes = await ch.send(notification(), targets(1001));
    assert.equal(outcomes.filter((o) => o.kind === 'delivered').length, 1001);
    assert.equal(emu.counters.requests, 2);
  });

  it('bad credentials fail every target channel-wide, and validation says so without pushing', async () => {
    for (const [bad, reason] of [
      [{ appSecret: 'ffffffffffffffffffffffffffffffff' }, 'SignatureInvalid(1006)'],
      [{ appId: '424242' }, 'AppIdInvalid(110000)'],
    ] as const) {
      const ch = channel({ credential: { ...credential, ...bad } });
      const ts = targets(2);
      assert.deepEqual(await ch.send(notification(), ts), ts.map((t) => ({ kind: 'failed', token: t.token, reason, channelWide: true })));
    }
    emu.injectFault({ code: '110009', message: '应用被加入黑名单', times: 1 });
    assert.deepEqual(kinds(await channel().send(notification(), targets(1))), ['failed*']);

    assert.deepEqual(await validateMeizuCredential(credential, { baseUrl: emu.url, clock: () => now }), { ok: true });
    assert.deepEqual(await validateMeizuCredential({ ...credential, appSecret: 'nope' }, { baseUrl: emu.url, clock: () => now }), {
      ok: false,
      reason: 'SignatureInvalid(1006)',
      transient: false,
    });
    emu.injectFault({ httpStatus: 502, times: 1 });
    assert.deepEqual(await validateMeizuCredential(credential, { baseUrl: emu.url }), { ok: false, reason: 'HTTP502', transient: true });
    assert.equal(emu.counters.delivered, 0);
  });

  it('retries rate limits, busy servers and 5xx after Retry-After or with backoff', async () => {
    const ch = channel({ requestTimeoutMs: 200 });
    const [t] = targets(1);
    emu.injectFault({ code: '110010', message: '应用请求频率超过限制', retryAfterSeconds: 4, times: 1 });
    assert.deepEqual(await ch.send(notification(), [t!]), [{ kind: 'retry', token: t!.token, reason: 'RateLimited(110010)', retryAfterMs: 4000 }]);
    emu.injectFault({ httpStatus: 503, retryAfterSeconds: 6, times: 1 });
    assert.deepEqual(await ch.send(notification(), [t!]), [{ kind: 'retry', token: t!.token, reason: 'HTTP503', retryAfterMs: 6000 }]);
    emu.injectFault({ code: '1003', message: '服务器忙', times: 1 });
    const busy = (await ch.send(notification(), [t!]))[0]!;
    assert.ok(busy.kind === 'retry' && busy.reason === 'ServerBusy(1003)' && busy.retryAfterMs >= 1000);
    emu.setLatency(400);
    const slow = (await ch.send(notification(), [t!]))[0]!;
    assert.equal(slow.kind === 'retry' && slow.reason, 'Timeout');
    emu.setLatency(0);
    assert.equal((await ch.send(notification(), [t!]))[0]!.kind, 'delivered');
  });

  it('maps per-pushId codes: transient ones retry, folding fails, the rest are delivered', async () => {
    const ch = channel();
    const [a, b] = targets(2);
    emu.injectFault({ pushId: b!.vendorToken, valueCode: '519', times: 1 });
    const outcomes = await ch.send(notification(), [a!, b!]);
    assert.deepEqual(kinds(outcomes), ['delivered', 'retry']);
    assert.equal(outcomes[1]!.kind === 'retry' && outcomes[1]!.reason, 'Overloaded(519)');
    for (let i = 0; i < 4; i++) await ch.send(notification(), [a!]);
    assert.deepEqual(await ch.send(notification(), [a!]), [{ kind: 'failed', token: a!.token, reason: 'Folded(520)' }]);
    emu.injectFault({ code: '1005', message: '参数错误', times: 1 });
    assert.deepEqual(kinds(await ch.send(notification(), [b!])), ['failed']);
  });

  it('cuts over-long titles and bodies to 32 and 100 characters, ellipsised, and fills noticeBarType', async () => {
    const ch = channel();
    const [t] = targets(1);
    const outcome = (await ch.send(notification({ noticeBarInfo: { title: '魅'.repeat(40), content: 'y'.repeat(120) } }), [t!]))[0]!;
    assert.equal(outcome.kind, 'delivered');
    const got = emu.inbox(t!.vendorToken)[0]!;
    assert.equal(got.title, '魅'.repeat(31) + '…');
    assert.equal(got.content, 'y'.repeat(99) + '…');
    assert.equal(got.noticeBarType, 0);
  });

  it('limits requests in flight, counting what waited and what it refused', async () => {
    const limited: string[] = [];
    const ch = channel({ maxInFlight: 1, maxQueued: 1, observer: { onLimited: (_c, kind) => limited.push(kind) } });
    const ts = targets(3);
    emu.setLatency(50);
    const outcomes = await Promise.all(ts.map((t) => ch.send(notification(), [t])));
    assert.deepEqual(outcomes.map((o) => o[0]!.kind).sort(), ['delivered', 'delivered', 'retry']);
    const busy = outcomes.flat().find((o) => o.kind === 'retry')!;
    assert.equal(busy.kind === 'retry' && busy.reason, 'ChannelBusy');
    assert.equal(ch.stats.delayed, 1);
    assert.equal(ch.stats.dropped, 1);
    assert.deepEqual(limited.sort(), ['delayed', 'dropped']);
  });

  it('reports round trips to the observer and answers retry once closed', async () => {
    const seen: Array<[string, number | string, string | undefined]> = [];
    const ch = channel({ observer: { onVendorResponse: (c, status, reason) => seen.push([c, status, reason]) } });
    const [t] = targets(1);
    await ch.send(notification(), [t!]);
    emu.injectFault({ code: '1001', message: '系统错误', times: 1 });
    await ch.send(notification(), [t!]);
    assert.deepEqual(seen, [
      ['meizu', 200, undefined],
      ['meizu', 200, '1001'],
    ]);
    await ch.close();
    assert.deepEqual(await ch.send(notification(), [t!]), [{ kind: 'retry', token: t!.token, reason: 'ChannelClosed', retryAfterMs: 1000 }]);
  });

  it('parses credentials and names the wrong field', () => {
    assert.deepEqual(parseMeizuCredential({ appId: '42', appSecret: 's' }), { appId: '42', appSecret: 's' });
    assert.throws(() => parseMeizuCredential({ appId: 'abc', appSecret: 's' }), /appId/);
    assert.throws(() => parseMeizuCredential({ appId: '42' }), /appSecret: required/);
    assert.throws(() => parseMeizuCredential({ appId: '42', appSecret: 'has space' }), /appSecret/);
    assert.throws(() => parseMeizuCredential('x'), /Meizu credential/);
  });
});
