import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createVivoEmulator, type VivoEmulator } from '@herald/emulators/vivo';
import type { ChannelNotification, DeliveryTarget, PushOutcome } from '../types.ts';
import { createVivoChannel, parseVivoCredential, validateVivoCredential, type VivoChannelOptions, type VivoCredential } from '../vivo/index.ts';

const credential: VivoCredential = parseVivoCredential({ appId: 10004, appKey: ' 25509283-3767-4b9e-83fe-b6e55ac6243e ', appSecret: 'a0b1c2d3-e4f5-4678-9abc-def012345678' });
// 12:00 in Beijing.
const NOON = Date.UTC(2024, 4, 31, 4, 0, 0);
const HOUR = 3_600_000;

let now = NOON;
let seq = 0;

function regId(): string {
  seq++;
  return String(10_000_000_000_000_000_000_000n + BigInt(seq));
}

const notification = (payload: Record<string, unknown> = {}): ChannelNotification => ({
  payload: { title: 'Hi', content: 'Body', classification: 1, ...payload },
  pushId: '4242',
});

function kinds(outcomes: PushOutcome[]): string[] {
  return outcomes.map((o) => (o.kind === 'failed' && o.channelWide ? 'failed*' : o.kind));
}

describe('vivo channel against the emulator', () => {
  let emu: VivoEmulator;
  const channels: Array<{ close(): Promise<void> }> = [];

  function channel(o: Partial<VivoChannelOptions> = {}) {
    const ch = createVivoChannel({ credential, baseUrl: emu.url, clock: () => now, ...o });
    channels.push(ch);
    return ch;
  }

  function targets(n: number, o: { test?: boolean } = {}): DeliveryTarget[] {
    return Array.from({ length: n }, () => {
      const id = regId();
      emu.registerDevice({ regId: id, appId: credential.appId, testDevice: o.test ?? false });
      return { token: `herald-${id.slice(-6)}`, vendorToken: id };
    });
  }

  before(async () => {
    emu = await createVivoEmulator({ clock: () => now, authCallsPerSecond: 10_000 });
    emu.registerApp(credential);
  });
  beforeEach(() => {
    now = NOON;
    emu.reset();
    emu.registerApp(credential);
  });
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu.close();
  });

  it('delivers one target through /message/send with its authToken, reusing the token', async () => {
    const ch = channel();
    const [t, u] = targets(2);
    const outcome = (await ch.send(notification({ clientCustomMap: { ext: '{"action":1}' }, category: 'IM' }), [t!]))[0]!;
    assert.equal(outcome.kind, 'delivered');
    const [got] = emu.inbox(t!.vendorToken);
    assert.ok(got);
    assert.equal(outcome.kind === 'delivered' && outcome.vendorId, got.taskId);
    assert.equal(got.via, 'send');
    assert.equal(got.title, 'Hi');
    assert.equal(got.content, 'Body');
    assert.equal(got.category, 'IM');
    assert.deepEqual(got.clientCustomMap, { ext: '{"action":1}' });
    // Defaults the channel fills in, and vivo's request fields.
    assert.equal(got.notifyType, 4);
    assert.equal(got.skipType, 1);
    assert.equal(got.body['appId'], 10004);
    assert.equal(got.pushMode, 0);
    assert.match(got.requestId, /^[0-9a-f-]{36}$/);
    assert.equal((await ch.send(notification(), [u!]))[0]!.kind, 'delivered');
    assert.equal(emu.counters.auths, 1);
    assert.equal(ch.stats.requests, 2);
  });

  it('sends several targets as one saveListPayload and pushToList, with per-regId results in order', async () => {
    const ch = channel();
    const [a, b, gone, stale] = targets(4);
    emu.unregisterDevice(gone!.vendorToken, 2);
    emu.unregisterDevice(stale!.vendorToken, 3);
    const unknown = { token: 'herald-unknown', vendorToken: '19999999999999999999999' };
    const dupe = { token: 'herald-dupe', vendorToken: a!.vendorToken };
    const outcomes = await ch.send(notification({ title: 'group' }), [a!, gone!, unknown, b!, stale!, dupe]);
    assert.deepEqual(kinds(outcomes), ['delivered', 'rejected', 'rejected', 'delivered', 'rejected', 'delivered']);
    assert.deepEqual(outcomes.map((o) => o.token), ['herald-' + a!.vendorToken.slice(-6), gone!.token, 'herald-unknown', b!.token, stale!.token, 'herald-dupe']);
    assert.deepEqual(
      outcomes.filter((o) => o.kind === 'rejected').map((o) => o.kind === 'rejected' && o.reason),
      ['UninstalledOrNotificationsOff(2)', 'UserNotFound(1)', 'InactiveFor90Days(3)'],
    );
    assert.equal(emu.counters.paths['/message/saveListPayload'], 1);
    assert.equal(emu.counters.paths['/message/pushToList'], 1);
    assert.equal(emu.inbox(a!.vendorToken).length, 1, 'a regId listed twice is pushed once');
    assert.equal(emu.inbox(b!.vendorToken)[0]!.title, 'group');
    const delivered = outcomes[0]!;
    assert.equal(delivered.kind === 'delivered' && delivered.vendorId, emu.inbox(b!.vendorToken)[0]!.taskId);
  });

  it('splits more than 1000 regIds into even pushToList calls over one saved payload', async () => {
    const ch = channel();
    const many = targets(1001);
    const outcomes = await ch.send(notification(), many);
    assert.equal(outcomes.filter((o) => o.kind === 'delivered').length, 1001);
    assert.equal(emu.counters.paths['/message/saveListPayload'], 1);
    assert.equal(emu.counters.paths['/message/pushToList'], 2);
  });

  it('rejects dead regIds on single sends, and fails (not rejects) a non-test device in test mode', async () => {
    const ch = channel();
    const [gone, alive] = targets(2);
    emu.unregisterDevice(gone!.vendorToken, 2);
    assert.deepEqual(await ch.send(notification(), [gone!]), [{ kind: 'rejected', token: gone!.token, reason: 'UninstalledOrNotificationsOff(2)' }]);
    const testMode = channel({ pushMode: 1 });
    assert.deepEqual(await testMode.send(notification(), [alive!]), [{ kind: 'failed', token: alive!.token, reason: 'NotATestDevice(4)' }]);
    const [testDevice] = targets(1, { test: true });
    assert.equal((await testMode.send(notification(), [testDevice!]))[0]!.kind, 'delivered');
  });

  it('refreshes the authToken when vivo refuses it, and before its day is up', async () => {
    const ch = channel();
    const [t] = targets(1);
    assert.equal((await ch.send(notification(), [t!]))[0]!.kind, 'delivered');
    emu.revokeTokens();
    assert.equal((await ch.send(notification(), [t!]))[0]!.kind, 'delivered');
    assert.equal(ch.stats.tokenRefreshes, 1);
    assert.equal(emu.counters.auths, 2);
    // 23 h later the cached token is within the refresh margin: a new one is fetched before sending.
    now += 23 * HOUR + 1;
    assert.equal((await ch.send(notification(), [t!]))[0]!.kind, 'delivered');
    assert.equal(emu.counters.auths, 3);
    assert.equal(emu.counters.results['10000'] ?? 0, 1);
  });

  it('a token refused twice in a row is a channel-wide failure', async () => {
    const ch = channel();
    const [t] = targets(1);
    emu.injectFault({ path: '/message/send', result: 10000, desc: '权限认证失败', times: 2 });
    assert.deepEqual(await ch.send(notification(), [t!]), [{ kind: 'failed', token: t!.token, reason: 'AuthTokenInvalid(10000)', channelWide: true }]);
  });

  it('bad credentials fail every target channel-wide', async () => {
    const cases: Array<[Partial<VivoCredential>, string]> = [
      [{ appSecret: 'wrong-secret' }, 'SignInvalid(10206)'],
      [{ appKey: 'wrong-key' }, 'AppKeyInvalid(10202)'],
      [{ appId: '77777' }, 'AppIdNotFound(10205)'],
    ];
    for (const [bad, reason] of cases) {
      const ch = channel({ credential: { ...credential, ...bad } });
      const ts = targets(3);
      const outcomes = await ch.send(notification(), ts);
      assert.deepEqual(outcomes, ts.map((t) => ({ kind: 'failed', token: t.token, reason, channelWide: true })));
    }
    // The app's clock ten minutes off vivo's is as fatal until fixed.
    const skewed = channel({ clock: () => now - 11 * 60_000 });
    const [t] = targets(1);
    assert.deepEqual(await skewed.send(notification(), [t!]), [{ kind: 'failed', token: t!.token, reason: 'TimestampInvalid(10207)', channelWide: true }]);
  });

  it('validates a credential with one real auth call', async () => {
    assert.deepEqual(await validateVivoCredential(credential, { baseUrl: emu.url, clock: () => now }), { ok: true });
    assert.deepEqual(await validateVivoCredential({ ...credential, appSecret: 'nope' }, { baseUrl: emu.url, clock: () => now }), {
      ok: false,
      reason: 'SignInvalid(10206)',
      transient: false,
    });
    const unreachable = await validateVivoCredential(credential, { baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    assert.equal(unreachable.ok, false);
    assert.equal(!unreachable.ok && unreachable.transient, true);
    assert.equal(emu.inbox('anything').length, 0);
  });

  it('retries 5xx and 429 after Retry-After, else with backoff, and times out slow answers', async () => {
    const ch = channel({ requestTimeoutMs: 200 });
    const [t] = targets(1);
    emu.injectFault({ httpStatus: 503, retryAfterSeconds: 7, times: 1 });
    assert.deepEqual(await ch.send(notification(), [t!]), [{ kind: 'retry', token: t!.token, reason: 'HTTP503', retryAfterMs: 7000 }]);
    emu.injectFault({ httpStatus: 429, retryAfterSeconds: 3, times: 1 });
    assert.deepEqual(await ch.send(notification(), [t!]), [{ kind: 'retry', token: t!.token, reason: 'HTTP429', retryAfterMs: 3000 }]);
    emu.injectFault({ httpStatus: 500, times: 1 });
    const backoff = (await ch.send(notification(), [t!]))[0]!;
    assert.equal(backoff.kind === 'retry' && backoff.reason, 'HTTP500');
    assert.ok(backoff.kind === 'retry' && backoff.retryAfterMs >= 1000);
    emu.setLatency(400);
    const slow = (await ch.send(notification(), [t!]))[0]!;
    assert.equal(slow.kind === 'retry' && slow.reason, 'Timeout');
    emu.setLatency(0);
    assert.equal((await ch.send(notification(), [t!]))[0]!.kind, 'delivered');
  });

  it('waits for quota resets and push hours in Beijing time', async () => {
    emu.registerApp({ ...credential, dailyOperationQuota: 1 });
    const ch = channel();
    const [t, u] = targets(2);
    assert.equal((await ch.send(notification({ classification: 0 }), [t!]))[0]!.kind, 'delivered');
    // The quota is spent at noon: vivo asks for no more calls until midnight Beijing time, 12 h away.
    assert.deepEqual(await ch.send(notification({ classification: 0 }), [u!]), [
      { kind: 'retry', token: u!.token, reason: 'OperationQuotaExceeded(10070)', retryAfterMs: 12 * HOUR },
    ]);
    // 23:30 Beijing: operation messages wait until 07:00, system messages go.
    now = Date.UTC(2024, 4, 31, 15, 30, 0);
    assert.deepEqual(await ch.send(notification({ classification: 0 }), targets(2)).then((o) => o.map((x) => x.kind === 'retry' && [x.reason, x.retryAfterMs])), [
      ['OutsidePushHours(10071)', 7.5 * HOUR],
      ['OutsidePushHours(10071)', 7.5 * HOUR],
    ]);
    assert.equal((await ch.send(notification({ category: 'IM', classification: undefined }), [u!]))[0]!.kind, 'delivered');
  });

  it('maps result codes of the whole request: bad fields fail, unknown codes fail, nothing throws', async () => {
    const ch = channel();
    const ts = targets(2);
    assert.deepEqual(kinds(await ch.send(notification({ category: 'chat' }), ts)), ['failed', 'failed']);
    assert.deepEqual(kinds(await ch.send(notification({ notifyType: 7 }), ts.slice(0, 1))), ['failed']);
    emu.injectFault({ path: '/message/pushToList', result: 10999, desc: '?', times: 1 });
    const odd = await ch.send(notification(), ts);
    assert.deepEqual(odd.map((o) => o.kind === 'failed' && o.reason), ['UnknownResult(10999)', 'UnknownResult(10999)']);
    emu.injectFault({ path: '/message/send', result: 10072, desc: '发送速度过快', retryAfterSeconds: 2, times: 1 });
    assert.deepEqual(await ch.send(notification(), ts.slice(0, 1)), [{ kind: 'retry', token: ts[0]!.token, reason: 'SendingTooFast(10072)', retryAfterMs: 2000 }]);
    emu.injectFault({ path: '/message/send', result: 10094, desc: 'appId', times: 1 });
    assert.deepEqual(kinds(await ch.send(notification(), ts.slice(0, 1))), ['failed*']);
  });

  it('cuts over-long titles and bodies to 40 and 100 characters, ellipsised', async () => {
    const ch = channel();
    const [t] = targets(1);
    const title = '长'.repeat(45);
    const content = 'x'.repeat(99) + '😀😀';
    assert.equal((await ch.send(notification({ title, content }), [t!]))[0]!.kind, 'delivered');
    const got = emu.inbox(t!.vendorToken)[0]!;
    assert.equal(got.title, '长'.repeat(39) + '…');
    assert.equal(got.content, 'x'.repeat(99) + '…');
    assert.equal(Array.from(got.content).length, 100);
  });

  it('limits requests in flight, counting what waited and what it refused', async () => {
    const limited: string[] = [];
    const ch = channel({ maxInFlight: 1, maxQueued: 1, observer: { onLimited: (_c, kind) => limited.push(kind) } });
    const ts = targets(3);
    await ch.send(notification(), ts.slice(0, 1)); // the token is cached before the race
    emu.setLatency(50);
    const outcomes = await Promise.all(ts.map((t) => ch.send(notification(), [t])));
    assert.deepEqual(outcomes.map((o) => o[0]!.kind).sort(), ['delivered', 'delivered', 'retry']);
    const busy = outcomes.flat().find((o) => o.kind === 'retry')!;
    assert.equal(busy.kind === 'retry' && busy.reason, 'ChannelBusy');
    assert.equal(ch.stats.delayed, 1);
    assert.equal(ch.stats.dropped, 1);
    assert.deepEqual(limited.sort(), ['delayed', 'dropped']);
  });

  it('reports every vivo round trip to the observer and answers retry once closed', async () => {
    const seen: Array<[string, number | string, string | undefined]> = [];
    const ch = channel({ observer: { onVendorResponse: (c, status, reason) => seen.push([c, status, reason]) } });
    const ts = targets(2);
    emu.unregisterDevice(ts[1]!.vendorToken, 3);
    await ch.send(notification(), [ts[0]!]);
    await ch.send(notification(), [ts[1]!]);
    assert.deepEqual(seen, [
      ['vivo', 200, undefined],
      ['vivo', 200, '10302'],
    ]);
    await ch.close();
    assert.deepEqual(await ch.send(notification(), [ts[0]!]), [{ kind: 'retry', token: ts[0]!.token, reason: 'ChannelClosed', retryAfterMs: 1000 }]);
  });

  it('parses credentials and names the wrong field', () => {
    assert.deepEqual(credential, { appId: '10004', appKey: '25509283-3767-4b9e-83fe-b6e55ac6243e', appSecret: 'a0b1c2d3-e4f5-4678-9abc-def012345678' });
    assert.throws(() => parseVivoCredential({ appId: '10a', appKey: 'k', appSecret: 's' }), /appId/);
    assert.throws(() => parseVivoCredential({ appId: 1, appSecret: 's' }), /appKey: required/);
    assert.throws(() => parseVivoCredential({ appId: 1, appKey: 'k', appSecret: 'with space' }), /appSecret/);
    assert.throws(() => parseVivoCredential(null), /vivo credential/);
  });
});
