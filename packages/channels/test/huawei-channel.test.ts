import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createHuaweiEmulator, type HuaweiEmulator } from '@herald/emulators/huawei';
import type { ChannelNotification, DeliveryTarget, PushOutcome } from '../types.ts';
import {
  createHuaweiChannel,
  parseHuaweiCredential,
  shapeHuaweiText,
  validateHuaweiCredential,
  type HuaweiChannelOptions,
  type HuaweiCredential,
} from '../huawei/index.ts';

const APP = '104000001';
const credential: HuaweiCredential = { appId: APP, clientSecret: 'app-secret' };

let now = Date.UTC(2024, 5, 1, 8, 0, 0);
const clock = () => now;
let counter = 0;

function notification(extra: Partial<ChannelNotification> = {}): ChannelNotification {
  return {
    payload: { data: '{"k":"v"}', android: { category: 'IM', notification: { title: 'Hi', body: 'There', click_action: { type: 3 }, channel_id: 'chat' } } },
    ...extra,
  };
}

describe('Huawei channel against the emulator', () => {
  let emu: HuaweiEmulator;
  const channels: Array<{ close(): Promise<void> }> = [];

  function channel(o: Partial<HuaweiChannelOptions> = {}) {
    const ch = createHuaweiChannel({ credential, baseUrl: emu.url, authBaseUrl: emu.url, clock, ...o });
    channels.push(ch);
    return ch;
  }

  function devices(n: number): DeliveryTarget[] {
    const out: DeliveryTarget[] = [];
    for (let i = 0; i < n; i++) {
      const vendorToken = `IQAAAACy0${(++counter).toString(16).padStart(8, '0')}ZZ`;
      emu.registerDevice({ token: vendorToken, appId: APP });
      out.push({ token: `herald-${counter}`, vendorToken });
    }
    return out;
  }

  const kinds = (outcomes: PushOutcome[]) => outcomes.map((o) => o.kind);

  before(async () => {
    emu = await createHuaweiEmulator({ clock });
    emu.registerApp({ appId: APP, clientSecret: credential.clientSecret });
  });
  beforeEach(() => emu.reset());
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu.close();
  });

  it('delivers: one token request, the message as Huawei takes it, the requestId as vendorId', async () => {
    const ch = channel();
    const targets = devices(2);
    const outcomes = await ch.send(notification({ expiration: Math.floor(now / 1000) + 3600 }), targets);
    assert.deepEqual(kinds(outcomes), ['delivered', 'delivered']);
    const got = emu.inbox(targets[0]!.vendorToken);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0]!.message, {
      data: '{"k":"v"}',
      android: { category: 'IM', notification: { title: 'Hi', body: 'There', click_action: { type: 3 }, channel_id: 'chat' }, ttl: '3600s' },
    });
    assert.equal(outcomes[0]!.kind === 'delivered' && outcomes[0]!.vendorId, got[0]!.requestId);
    assert.equal(outcomes[0]!.token, targets[0]!.token);
    assert.equal(emu.counters.tokenRequests, 1);
    // The token is cached: a second send asks for none.
    await ch.send(notification(), devices(1));
    assert.equal(emu.counters.tokenRequests, 1);
    assert.equal(ch.stats.tokenFetches, 1);
  });

  it('maps each token rejection: partial success rejects only the illegal tokens; 80300007 rejects all', async () => {
    const ch = channel();
    const [live, gone, foreign] = devices(3);
    emu.unregisterDevice(gone!.vendorToken);
    emu.registerDevice({ token: foreign!.vendorToken, appId: '999' });
    const stranger = { token: 'herald-x', vendorToken: 'never-registered' };
    const outcomes = await ch.send(notification(), [live!, gone!, foreign!, stranger]);
    assert.deepEqual(kinds(outcomes), ['delivered', 'rejected', 'rejected', 'rejected']);
    assert.ok(outcomes.slice(1).every((o) => o.kind === 'rejected' && o.reason === 'IllegalToken:80100000'));
    assert.equal(emu.inbox(live!.vendorToken).length, 1);

    const all = await ch.send(notification(), [gone!, stranger]);
    assert.deepEqual(all, [
      { kind: 'rejected', token: gone!.token, reason: 'AllTokensInvalid:80300007' },
      { kind: 'rejected', token: stranger.token, reason: 'AllTokensInvalid:80300007' },
    ]);
  });

  it('answers 503 and 429 with Retry-After as retry after exactly that delay', async () => {
    const ch = channel();
    const targets = devices(2);
    emu.injectFault({ status: 503, retryAfterSeconds: 7, times: 1 });
    const busy = await ch.send(notification(), targets);
    assert.deepEqual(busy.map((o) => o.kind === 'retry' && [o.reason, o.retryAfterMs]), [
      ['HTTP503', 7000],
      ['HTTP503', 7000],
    ]);
    emu.injectFault({ status: 429, retryAfterSeconds: 2, times: 1 });
    const throttled = await ch.send(notification(), targets);
    assert.ok(throttled.every((o) => o.kind === 'retry' && o.retryAfterMs === 2000));
    // Nothing was resent inside the channel: one request per send.
    assert.equal(emu.counters.sendRequests, 2);
    assert.deepEqual(kinds(await ch.send(notification(), targets)), ['delivered', 'delivered']);
  });

  it('backs off without Retry-After (81000001, 500) and does not storm: one delay step per incident', async () => {
    const ch = channel({ maxTokensPerRequest: 1 });
    const targets = devices(4);
    emu.injectFault({ status: 500, code: '81000001', msg: 'Internal error', times: 4 });
    const outcomes = await ch.send(notification(), targets);
    assert.equal(emu.counters.sendRequests, 4);
    assert.ok(outcomes.every((o) => o.kind === 'retry' && o.reason === 'InternalError:81000001'));
    // Four failures inside one base interval count as one incident: the delay stays at the base.
    assert.deepEqual(new Set(outcomes.map((o) => o.kind === 'retry' && o.retryAfterMs)), new Set([1000]));
  });

  it('fails channel-wide on a wrong secret and on configuration codes', async () => {
    const bad = channel({ credential: { appId: APP, clientSecret: 'wrong' } });
    const targets = devices(2);
    assert.deepEqual(await bad.send(notification(), targets), targets.map((t) => ({ kind: 'failed', token: t.token, reason: 'OAuth:1101:12304', channelWide: true })));
    assert.equal(emu.counters.sendRequests, 0);

    const ch = channel();
    emu.injectFault({ status: 403, code: '80300002', msg: 'no permission', times: 1 });
    const denied = await ch.send(notification(), targets);
    assert.ok(denied.every((o) => o.kind === 'failed' && o.channelWide === true && o.reason === 'NoPushPermission:80300002'));
    emu.injectFault({ status: 400, code: '80600003', times: 1 });
    assert.ok((await ch.send(notification(), targets)).every((o) => o.kind === 'failed' && o.channelWide === true));
  });

  it('fails without tripping the breaker on message problems', async () => {
    const ch = channel();
    const targets = devices(1);
    const badCategory = await ch.send({ payload: { android: { category: 'CHAT', notification: { title: 'a', body: 'b', click_action: { type: 3 } } } } }, targets);
    // Huawei's msg names the field: it is kept in the reason for whoever reads the delivery record.
    assert.deepEqual(badCategory, [{ kind: 'failed', token: targets[0]!.token, reason: 'InvalidParameter:80100001: message.android.category: unknown category' }]);
    const badCollapse = await ch.send({ payload: { android: { collapse_key: 500, notification: { title: 'a', body: 'b', click_action: { type: 3 } } } } }, targets);
    assert.equal(badCollapse[0]!.kind === 'failed' && badCollapse[0]!.reason, 'InvalidCollapseKey:80100013: message.android.collapse_key: must be -1 to 100');
  });

  it('refuses locally what Huawei would refuse: over 4096 bytes, already expired', async () => {
    const ch = channel();
    const targets = devices(1);
    const big = await ch.send({ payload: { data: 'x'.repeat(4100) } }, targets);
    assert.deepEqual(big, [{ kind: 'failed', token: targets[0]!.token, reason: 'PayloadTooLarge' }]);
    const late = await ch.send(notification({ expiration: Math.floor(now / 1000) - 1 }), targets);
    assert.deepEqual(late, [{ kind: 'failed', token: targets[0]!.token, reason: 'Expired' }]);
    assert.equal(emu.counters.sendRequests, 0);
    // expiration 0 ("now or never") is the shortest TTL; a far deadline is capped at 15 days.
    await ch.send(notification({ expiration: 0 }), targets);
    await ch.send(notification({ expiration: Math.floor(now / 1000) + 30 * 86_400 }), targets);
    const ttls = emu.inbox(targets[0]!.vendorToken).map((m) => (m.message['android'] as { ttl: string }).ttl);
    assert.deepEqual(ttls, ['1s', '1296000s']);
  });

  it('refreshes the access token when Huawei calls it expired, and resends once', async () => {
    const ch = channel();
    const targets = devices(1);
    await ch.send(notification(), targets);
    emu.expireAccessTokens();
    const outcomes = await ch.send(notification(), targets);
    assert.deepEqual(kinds(outcomes), ['delivered']);
    assert.equal(ch.stats.tokenRefreshes, 1);
    assert.equal(emu.counters.tokenRequests, 2);
    assert.equal(emu.counters.codes['80200003'], 1);
    assert.equal(emu.inbox(targets[0]!.vendorToken).length, 2);
  });

  it('fetches a new token before the old one expires, by the clock', async () => {
    const ch = channel();
    const targets = devices(1);
    await ch.send(notification(), targets);
    now += 56 * 60_000;
    await ch.send(notification(), targets);
    assert.equal(emu.counters.tokenRequests, 2);
    assert.equal(emu.counters.codes['80200003'] ?? 0, 0);
    assert.equal(ch.stats.tokenRefreshes, 0);
  });

  it('fails channel-wide when even a fresh token is refused (another app\'s client ID)', async () => {
    emu.registerApp({ appId: '104000009', clientSecret: 's9' });
    const ch = channel({ credential: { appId: '104000009', clientSecret: 's9' } });
    // The emulator serves the send URL of client 104000009 only with its own tokens; make it refuse twice.
    emu.injectFault({ status: 401, code: '80200001', msg: 'Oauth authentication error', times: 2 });
    const targets = devices(1);
    const outcomes = await ch.send(notification(), targets);
    assert.deepEqual(outcomes, [{ kind: 'failed', token: targets[0]!.token, reason: 'OAuthAuthenticationError:80200001', channelWide: true }]);
    assert.equal(ch.stats.tokenRefreshes, 1);
    assert.equal(emu.counters.sendRequests, 2);
  });

  it('sends 2,500 targets as requests of at most 1,000 tokens, with mixed results and duplicates', async () => {
    const ch = channel();
    const targets = devices(2500);
    for (let i = 0; i < 2500; i += 100) emu.unregisterDevice(targets[i]!.vendorToken);
    // Two Herald tokens for one vendor token: sent once, both answered.
    const twin = { token: 'herald-twin', vendorToken: targets[1]!.vendorToken };
    const outcomes = await ch.send(notification(), [...targets, twin]);
    assert.equal(outcomes.length, 2501);
    assert.equal(emu.counters.sendRequests, 3);
    assert.equal(emu.counters.maxTokensSeen, 1000);
    assert.equal(outcomes.filter((o) => o.kind === 'rejected').length, 25);
    assert.equal(outcomes.filter((o) => o.kind === 'delivered').length, 2476);
    assert.equal(outcomes[0]!.kind, 'rejected');
    assert.equal(outcomes[2500]!.kind, 'delivered');
    assert.equal(outcomes[2500]!.token, 'herald-twin');
    assert.equal(emu.inbox(targets[1]!.vendorToken).length, 1);
    assert.ok(outcomes.every((o, i) => o.token === (i < 2500 ? targets[i]!.token : 'herald-twin')));
  });

  it('splits a request Huawei says holds too many tokens (80300010)', async () => {
    const small = await createHuaweiEmulator({ clock, maxTokensPerRequest: 300 });
    try {
      small.registerApp({ appId: APP, clientSecret: credential.clientSecret });
      const targets = Array.from({ length: 1000 }, (_, i) => ({ token: `h${i}`, vendorToken: `v${i}` }));
      for (const t of targets) small.registerDevice({ token: t.vendorToken, appId: APP });
      const ch = channel({ baseUrl: small.url, authBaseUrl: small.url });
      const outcomes = await ch.send(notification(), targets);
      assert.ok(outcomes.every((o) => o.kind === 'delivered'));
      assert.equal(ch.stats.splits, 3);
      assert.equal(small.counters.sendRequests, 7);
      assert.equal(small.counters.codes['80300010'], 3);
    } finally {
      await small.close();
    }
  });

  it('keeps to maxInFlight, counts what waited and what was dropped', async () => {
    const limited: string[] = [];
    const ch = channel({ maxTokensPerRequest: 1, maxInFlight: 1, maxQueued: 1, observer: { onLimited: (_c, kind) => limited.push(kind) } });
    emu.setLatency(30);
    const outcomes = await ch.send(notification(), devices(3));
    assert.deepEqual(kinds(outcomes), ['delivered', 'delivered', 'retry']);
    assert.deepEqual(outcomes[2], { kind: 'retry', token: outcomes[2]!.token, reason: 'ChannelBusy', retryAfterMs: 1000 });
    assert.equal(ch.stats.delayed, 1);
    assert.equal(ch.stats.dropped, 1);
    assert.deepEqual(limited.sort(), ['delayed', 'dropped']);
  });

  it('cuts over-long titles and bodies to 40 and 80 characters as TPNS documents', async () => {
    const ch = channel();
    const targets = devices(1);
    const title = '标题'.repeat(30);
    const body = '😀'.repeat(100);
    await ch.send({ payload: { android: { notification: { title, body, click_action: { type: 3 } } } } }, targets);
    const sent = emu.inbox(targets[0]!.vendorToken)[0]!.message['android'] as { notification: { title: string; body: string } };
    assert.equal(Array.from(sent.notification.title).length, 40);
    assert.ok(sent.notification.title.endsWith('…'));
    assert.equal(sent.notification.body, `${'😀'.repeat(79)}…`);
    assert.deepEqual(shapeHuaweiText({ title: 'short', body: 'ok' }), { title: 'short', body: 'ok', truncated: false });
  });

  it('answers retry when Huawei cannot be reached or does not answer in time', async () => {
    const dead = channel({ baseUrl: 'http://127.0.0.1:9', authBaseUrl: 'http://127.0.0.1:9' });
    const [t] = devices(1);
    const unreachable = await dead.send(notification(), [t!]);
    assert.equal(unreachable[0]!.kind === 'retry' && unreachable[0]!.reason, 'OAuth:NetworkError');
    const slow = channel({ requestTimeoutMs: 100 });
    await slow.send(notification(), [t!]);
    emu.setLatency(400);
    const late = await slow.send(notification(), [t!]);
    assert.equal(late[0]!.kind === 'retry' && late[0]!.reason, 'Timeout');
  });

  it('dry-runs with validate_only: checked by Huawei, delivered to nobody', async () => {
    const ch = channel({ validateOnly: true });
    const targets = devices(1);
    assert.deepEqual(kinds(await ch.send(notification(), targets)), ['delivered']);
    assert.equal(emu.inbox(targets[0]!.vendorToken).length, 0);
    assert.equal(emu.counters.codes['80000000'], 1);
  });

  it('reports vendor responses to the observer; answers retry once closed', async () => {
    const seen: Array<[string, number | 'error', string | undefined]> = [];
    const ch = channel({ observer: { onVendorResponse: (c, status, reason) => seen.push([c, status, reason]) } });
    const targets = devices(1);
    await ch.send(notification(), targets);
    emu.unregisterDevice(targets[0]!.vendorToken);
    await ch.send(notification(), targets);
    assert.deepEqual(seen, [
      ['huawei', 200, undefined],
      ['huawei', 400, 'AllTokensInvalid:80300007'],
    ]);
    await ch.close();
    assert.deepEqual(await ch.send(notification(), targets), [{ kind: 'retry', token: targets[0]!.token, reason: 'ChannelClosed', retryAfterMs: 1000 }]);
  });

  it('talks TLS to an HTTPS endpoint with the given CA', async () => {
    const secure = await createHuaweiEmulator({ clock, tls: true });
    try {
      secure.registerApp({ appId: APP, clientSecret: credential.clientSecret });
      secure.registerDevice({ token: 'tls-device', appId: APP });
      const ch = channel({ baseUrl: secure.url, authBaseUrl: secure.url, ca: secure.caCertPem! });
      assert.match(secure.url, /^https:/);
      assert.deepEqual(kinds(await ch.send(notification(), [{ token: 'h', vendorToken: 'tls-device' }])), ['delivered']);
      const untrusting = channel({ baseUrl: secure.url, authBaseUrl: secure.url });
      const refused = await untrusting.send(notification(), [{ token: 'h', vendorToken: 'tls-device' }]);
      assert.equal(refused[0]!.kind, 'retry');
    } finally {
      await secure.close();
    }
  });
});

describe('Huawei credentials', () => {
  let emu: HuaweiEmulator;
  before(async () => {
    emu = await createHuaweiEmulator();
    emu.registerApp({ appId: APP, clientSecret: credential.clientSecret });
  });
  after(() => emu.close());

  it('validates a credential with a real token request', async () => {
    assert.deepEqual(await validateHuaweiCredential(credential, { authBaseUrl: emu.url }), { ok: true, expiresInSec: 3600 });
    assert.deepEqual(await validateHuaweiCredential({ appId: APP, clientSecret: 'wrong' }, { authBaseUrl: emu.url }), {
      ok: false,
      retryable: false,
      reason: 'OAuth:1101:12304',
    });
    assert.deepEqual(await validateHuaweiCredential({ appId: '555', clientSecret: 'x' }, { authBaseUrl: emu.url }), {
      ok: false,
      retryable: false,
      reason: 'OAuth:1101:20003',
    });
    emu.injectFault({ endpoint: 'token', status: 503, times: 1 });
    const down = await validateHuaweiCredential(credential, { authBaseUrl: emu.url });
    assert.deepEqual(down, { ok: false, retryable: true, reason: 'OAuth:HTTP503' });
  });

  it('parses what users paste and explains what is wrong', () => {
    assert.deepEqual(parseHuaweiCredential({ appId: ' 104000001 ', clientSecret: 'abc ' }), { appId: APP, clientSecret: 'abc' });
    assert.deepEqual(parseHuaweiCredential({ appId: 104000001, clientId: '104000007', clientSecret: 'abc' }), { appId: APP, clientId: '104000007', clientSecret: 'abc' });
    assert.deepEqual(parseHuaweiCredential({ appId: APP, clientId: APP, clientSecret: 'abc' }), { appId: APP, clientSecret: 'abc' });
    const bad: Array<[unknown, RegExp]> = [
      [null, /must be an object/],
      [{ clientSecret: 'x' }, /huawei\.appId: required/],
      [{ appId: 'com.example', clientSecret: 'x' }, /huawei\.appId: must be 1 to 64 digits/],
      [{ appId: APP }, /huawei\.clientSecret: required/],
      [{ appId: APP, clientSecret: 'has space' }, /huawei\.clientSecret: must be/],
      [{ appId: APP, clientId: 'x1', clientSecret: 'a' }, /huawei\.clientId/],
    ];
    for (const [input, message] of bad) {
      assert.throws(() => parseHuaweiCredential(input), (e: unknown) => (e as { code: string }).code === 'CREDENTIAL_PARSE_FAILED' && message.test((e as Error).message));
    }
  });
});
