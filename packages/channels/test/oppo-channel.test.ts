import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOppoEmulator, type OppoEmulator } from '@herald/emulators/oppo';
import type { ChannelObserver, DeliveryTarget, PushOutcome } from '../types.ts';
import {
  createOppoChannel,
  OPPO_BODY_MAX,
  OPPO_TITLE_MAX,
  oppoRegionOf,
  parseOppoCredential,
  validateOppoCredential,
  type OppoChannelOptions,
  type OppoCredential,
} from '../oppo/index.ts';

const credential: OppoCredential = parseOppoCredential({ appKey: 'bc6b7Ab0a8cE4f2d8f0a3d0e', masterSecret: '9f8a4c52e1b24e3f9a8b7c6d5e4f3a2b', appId: '30012345' });
const notification = { title: 'Hi', content: 'Body', channel_id: 'chat' };
const HOUR = 3_600_000;

let counter = 0;
function target(emu: OppoEmulator, o: { register?: boolean; prefix?: string } = {}): DeliveryTarget {
  counter++;
  const vendorToken = `${o.prefix ?? 'CN_'}${counter.toString(16).padStart(32, '0')}`;
  if (o.register !== false) emu.registerDevice({ registrationId: vendorToken, appKey: credential.appKey });
  return { token: `herald-${String(counter).padStart(4, '0')}`, vendorToken };
}

function kinds(outcomes: PushOutcome[]): string[] {
  return outcomes.map((o) => o.kind);
}

async function closedUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('OPPO channel against the emulator', () => {
  let emu: OppoEmulator;
  let intl: OppoEmulator;
  let now = Date.now();
  const channels: Array<{ close(): Promise<void> }> = [];

  function channel(o: Partial<OppoChannelOptions> = {}) {
    const ch = createOppoChannel({ credential, baseUrl: emu.url, intlBaseUrl: intl.url, clock: () => now, ...o });
    channels.push(ch);
    return ch;
  }

  before(async () => {
    emu = await createOppoEmulator({ region: 'cn', clock: () => now });
    intl = await createOppoEmulator({ region: 'intl', clock: () => now });
  });
  beforeEach(() => {
    now = Date.now();
    for (const e of [emu, intl]) {
      e.reset();
      e.registerApp({ appKey: credential.appKey, masterSecret: credential.masterSecret, appId: credential.appId!, channelIds: ['chat'] });
    }
  });
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await Promise.all([emu.close(), intl.close()]);
  });

  it('fetches one auth token and unicasts a single target with the notification as sent', async () => {
    const ch = channel({ verifyRegistrationId: true });
    const t = target(emu);
    const payload = { ...notification, category: 'IM', notify_level: 16, click_action_type: 4, click_action_activity: 'com.example.Main', action_parameters: { entity: '{"action":1}' } };
    const [outcome] = await ch.send({ payload, expiration: Math.floor(now / 1000) + 3600, collapseId: '12' }, [t]);
    assert.equal(outcome?.kind, 'delivered');
    const [got] = emu.inbox(t.vendorToken);
    assert.ok(got);
    assert.equal(got.endpoint, 'unicast');
    assert.equal(outcome?.kind === 'delivered' && outcome.vendorId, got.messageId);
    assert.match(got.messageId, /^30012345-1-1-/);
    assert.equal(got.title, 'Hi');
    assert.equal(got.channelId, 'chat');
    assert.equal(got.category, 'IM');
    assert.equal(got.notifyLevel, 16);
    assert.deepEqual(got.actionParameters, { entity: '{"action":1}' });
    assert.equal(got.verifyRegistrationId, true);
    assert.equal(got.notification['off_line_ttl'], 3600);
    assert.equal(got.notification['notify_id'], 12);
    await ch.send({ payload: notification }, [target(emu)]);
    assert.equal(emu.counters.tokensIssued, 1);
    assert.equal(ch.stats.tokensFetched, 1);
  });

  it('sends "now or never" with off_line false', async () => {
    const ch = channel();
    const t = target(emu);
    await ch.send({ payload: notification, expiration: 0 }, [t]);
    assert.equal(emu.inbox(t.vendorToken)[0]?.notification['off_line'], false);
  });

  it('uses unicast_batch for several targets, with one outcome per target in order', async () => {
    const ch = channel({ batchSize: 3 });
    const good = [target(emu), target(emu), target(emu)];
    const dead = target(emu);
    emu.unregisterDevice(dead.vendorToken);
    const unknown = target(emu, { register: false });
    const twin: DeliveryTarget = { token: 'herald-twin', vendorToken: good[1]!.vendorToken };
    const targets = [good[0]!, dead, good[1]!, unknown, twin, good[2]!];
    const outcomes = await ch.send({ payload: notification }, targets);
    assert.deepEqual(kinds(outcomes), ['delivered', 'rejected', 'delivered', 'rejected', 'delivered', 'delivered']);
    assert.deepEqual(outcomes.map((o) => o.token), targets.map((t) => t.token));
    assert.equal(outcomes[1]?.kind === 'rejected' && outcomes[1].reason, 'InvalidRegistrationId(10000)');
    // Five distinct ids in batches of three: one batch of 3, one of 2.
    assert.equal(ch.stats.requests, 2);
    assert.equal(emu.inbox(good[0]!.vendorToken)[0]?.endpoint, 'unicast_batch');
    assert.equal(emu.inbox(good[1]!.vendorToken).length, 1);
  });

  it('routes overseas registration ids to the overseas host with its own token', async () => {
    const ch = channel();
    assert.equal(oppoRegionOf('OPPO_CN_abc'), 'cn');
    assert.equal(oppoRegionOf('abc'), 'cn');
    assert.equal(oppoRegionOf('IN_abc'), 'intl');
    const cn = target(emu);
    const abroad = target(intl, { prefix: 'SG_' });
    const outcomes = await ch.send({ payload: notification }, [abroad, cn]);
    assert.deepEqual(kinds(outcomes), ['delivered', 'delivered']);
    assert.equal(intl.inbox(abroad.vendorToken).length, 1);
    assert.equal(emu.inbox(cn.vendorToken).length, 1);
    assert.equal(emu.counters.tokensIssued, 1);
    assert.equal(intl.counters.tokensIssued, 1);
  });

  it('unicast to a dead id is rejected', async () => {
    const ch = channel();
    const t = target(emu);
    emu.unregisterDevice(t.vendorToken);
    const [o] = await ch.send({ payload: notification }, [t]);
    assert.deepEqual(o, { kind: 'rejected', token: t.token, reason: 'InvalidRegistrationId(10000)' });
  });

  it('refetches the token when OPPO calls it invalid, and resends once', async () => {
    const ch = channel();
    const t = target(emu);
    assert.equal((await ch.send({ payload: notification }, [t]))[0]?.kind, 'delivered');
    emu.expireTokens();
    const [o] = await ch.send({ payload: notification }, [t]);
    assert.equal(o?.kind, 'delivered');
    assert.equal(ch.stats.tokenRefreshes, 1);
    assert.equal(emu.counters.tokensIssued, 2);
    assert.equal(emu.inbox(t.vendorToken).length, 2);
  });

  it('fetches a new token before the old one runs out', async () => {
    const ch = channel();
    const t = target(emu);
    await ch.send({ payload: notification }, [t]);
    now += 23 * HOUR + 56 * 60_000;
    assert.equal((await ch.send({ payload: notification }, [t]))[0]?.kind, 'delivered');
    assert.equal(emu.counters.tokensIssued, 2);
    assert.equal(ch.stats.tokenRefreshes, 0);
  });

  it('gives up as channel-wide when even a fresh token is refused', async () => {
    const ch = channel();
    emu.injectFault({ code: 11, times: 2 });
    const [o] = await ch.send({ payload: notification }, [target(emu)]);
    assert.deepEqual(o, { kind: 'failed', token: o!.token, reason: 'InvalidAuthToken(11)', channelWide: true });
  });

  it('reports a wrong master secret or app key as channel-wide failures', async () => {
    const wrongSecret = channel({ credential: { ...credential, masterSecret: 'wrong' } });
    const targets = [target(emu), target(emu)];
    for (const o of await wrongSecret.send({ payload: notification }, targets)) {
      assert.deepEqual(o, { kind: 'failed', token: o.token, reason: 'InvalidSignature(16)', channelWide: true });
    }
    const wrongKey = channel({ credential: { ...credential, appKey: 'nobody' } });
    const [o] = await wrongKey.send({ payload: notification }, [target(emu)]);
    assert.deepEqual(o, { kind: 'failed', token: o!.token, reason: 'InvalidAppKey(14)', channelWide: true });
    assert.equal(emu.counters.delivered, 0);
  });

  it('a skewed clock is a channel-wide problem', async () => {
    const ch = channel({ clock: () => now - 11 * 60_000 });
    const [o] = await ch.send({ payload: notification }, [target(emu)]);
    assert.deepEqual(o, { kind: 'failed', token: o!.token, reason: 'InvalidTimestamp(19)', channelWide: true });
  });

  it('retries flow control and 5xx after the Retry-After the vendor gave, on sends and on auth', async () => {
    const ch = channel();
    const t = target(emu);
    emu.injectFault({ code: -2, retryAfterSeconds: 6, times: 1 });
    assert.deepEqual((await ch.send({ payload: notification }, [t]))[0], { kind: 'retry', token: t.token, reason: 'ServiceInFlowControl(-2)', retryAfterMs: 6000 });
    emu.injectFault({ status: 503, retryAfterSeconds: 2, times: 1 });
    assert.deepEqual((await ch.send({ payload: notification }, [t]))[0], { kind: 'retry', token: t.token, reason: 'HTTP503', retryAfterMs: 2000 });
    emu.expireTokens();
    const fresh = channel();
    emu.injectFault({ endpoint: 'auth', status: 502, retryAfterSeconds: 9, times: 1 });
    assert.deepEqual((await fresh.send({ payload: notification }, [t]))[0], { kind: 'retry', token: t.token, reason: 'HTTP502', retryAfterMs: 9000 });
    // The failed fetch is not cached: the next send gets a token and goes through.
    assert.equal((await fresh.send({ payload: notification }, [t]))[0]?.kind, 'delivered');
  });

  it('backs off without Retry-After instead of storming', async () => {
    const ch = channel();
    const t = target(emu);
    emu.injectFault({ code: -1 });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [o] = await ch.send({ payload: notification }, [t]);
      delays.push(o?.kind === 'retry' ? o.retryAfterMs : -1);
      now += 60_000;
    }
    assert.deepEqual(delays, [1000, 2000, 4000]);
    // Each send is one request: the channel never retries on its own.
    assert.equal(ch.stats.requests, 3);
  });

  it('waits for midnight China time when the daily limit is spent', async () => {
    now = Date.UTC(2024, 4, 31, 13, 30, 0);
    const ch = channel();
    const [a, b] = [target(emu), target(emu)];
    emu.injectFault({ code: 33, times: 1 });
    const outcomes = await ch.send({ payload: notification }, [a!, b!]);
    for (const o of outcomes) assert.deepEqual(o, { kind: 'retry', token: o.token, reason: 'DailyLimitExceeded(33)', retryAfterMs: 2.5 * HOUR });
  });

  it('maps each batch item’s errorCode on its own', async () => {
    const ch = channel();
    const [a, b, c] = [target(emu), target(emu), target(emu)];
    emu.injectFault({ registrationId: b!.vendorToken, scope: 'message', code: 13, times: 1 });
    emu.injectFault({ registrationId: c!.vendorToken, scope: 'message', code: 41, times: 1 });
    const outcomes = await ch.send({ payload: notification }, [a!, b!, c!]);
    assert.deepEqual(outcomes, [
      { kind: 'delivered', token: a!.token, vendorId: emu.inbox(a!.vendorToken)[0]!.messageId },
      { kind: 'retry', token: b!.token, reason: 'AppCallLimited(13)', retryAfterMs: 5000 },
      { kind: 'failed', token: c!.token, reason: 'InvalidArguments(41)' },
    ]);
  });

  it('fails a notification OPPO refuses without blaming the credential', async () => {
    const ch = channel();
    const [category] = await ch.send({ payload: { ...notification, category: 'GAMES' } }, [target(emu)]);
    assert.deepEqual(category, { kind: 'failed', token: category!.token, reason: 'CategoryError(67)' });
    const [channelId] = await ch.send({ payload: { ...notification, channel_id: 'nope' } }, [target(emu)]);
    assert.deepEqual(channelId, { kind: 'failed', token: channelId!.token, reason: 'InvalidArguments(41)' });
    const [shape] = await ch.send({ payload: { ...notification, action_parameters: [1] } }, [target(emu)]);
    assert.deepEqual(shape, { kind: 'failed', token: shape!.token, reason: 'InvalidNotification:action_parameters' });
  });

  it('shortens over-long titles and bodies to TPNS’s OPPO limits, counting an emoji as one', async () => {
    const ch = channel();
    const t = target(emu);
    const title = '😀'.repeat(40);
    const content = '字'.repeat(250);
    assert.equal((await ch.send({ payload: { ...notification, title, content } }, [t]))[0]?.kind, 'delivered');
    const got = emu.inbox(t.vendorToken)[0]!;
    assert.equal(Array.from(got.title).length, OPPO_TITLE_MAX);
    assert.equal(got.title, '😀'.repeat(OPPO_TITLE_MAX - 1) + '…');
    assert.equal(Array.from(got.content).length, OPPO_BODY_MAX);
    assert.ok(got.content.endsWith('字…'));
  });

  it('answers timeouts and refused connections with retry', async () => {
    const ch = channel({ requestTimeoutMs: 50 });
    const t = target(emu);
    emu.setLatency(300);
    const [timeout] = await ch.send({ payload: notification }, [t]);
    assert.equal(timeout?.kind === 'retry' && timeout.reason, 'Timeout');
    emu.setLatency(0);
    const nowhere = channel({ baseUrl: await closedUrl() });
    const [refused] = await nowhere.send({ payload: notification }, [t]);
    assert.equal(refused?.kind === 'retry' && refused.reason, 'NetworkError:ECONNREFUSED');
  });

  it('counts what the per-app limit delayed and dropped', async () => {
    const limited: string[] = [];
    const observer: ChannelObserver = { onLimited: (_c, kind) => limited.push(kind) };
    const ch = channel({ maxInFlight: 1, maxQueued: 1, observer });
    // The token first, so the three sends meet at the limiter.
    await ch.send({ payload: notification }, [target(emu)]);
    emu.setLatency(100);
    const all = (await Promise.all([1, 2, 3].map(() => ch.send({ payload: notification }, [target(emu)])))).flat();
    assert.deepEqual(kinds(all).sort(), ['delivered', 'delivered', 'retry']);
    const busy = all.find((o) => o.kind === 'retry');
    assert.deepEqual(busy, { kind: 'retry', token: busy!.token, reason: 'ChannelBusy', retryAfterMs: 1000 });
    assert.deepEqual([ch.stats.delayed, ch.stats.dropped], [1, 1]);
    assert.deepEqual(limited.sort(), ['delayed', 'dropped']);
  });

  it('reports each send round trip to the observer', async () => {
    const seen: Array<[string, number | 'error', string | undefined]> = [];
    const ch = channel({ observer: { onVendorResponse: (c, status, reason) => seen.push([c, status, reason]) } });
    await ch.send({ payload: notification }, [target(emu)]);
    await ch.send({ payload: notification }, [target(emu, { register: false })]);
    assert.deepEqual(seen, [
      ['oppo', 200, undefined],
      ['oppo', 200, '10000'],
    ]);
  });
});

describe('OPPO credentials', () => {
  let emu: OppoEmulator;
  before(async () => {
    emu = await createOppoEmulator();
    emu.registerApp({ appKey: credential.appKey, masterSecret: credential.masterSecret });
  });
  after(() => emu.close());

  it('parses and names what is wrong', () => {
    assert.deepEqual(parseOppoCredential({ appKey: ' k ', masterSecret: 'm', appSecret: 's' }), { appKey: 'k', masterSecret: 'm', appSecret: 's' });
    assert.throws(() => parseOppoCredential('k:m'), /object/);
    assert.throws(() => parseOppoCredential({ appKey: 'k' }), /oppo\.masterSecret: required/);
    assert.throws(() => parseOppoCredential({ appKey: 'k k', masterSecret: 'm' }), /oppo\.appKey/);
    assert.throws(() => parseOppoCredential({ appKey: 'k', masterSecret: 7 }), /oppo\.masterSecret: must be a string/);
  });

  it('validates by fetching an auth token', async () => {
    assert.deepEqual(await validateOppoCredential(credential, { baseUrl: emu.url }), { ok: true });
    assert.deepEqual(await validateOppoCredential({ ...credential, masterSecret: 'wrong' }, { baseUrl: emu.url }), {
      ok: false,
      reason: 'InvalidSignature(16)',
      vendorCode: 16,
      transient: false,
    });
    emu.injectFault({ endpoint: 'auth', code: -2, times: 1 });
    const busy = await validateOppoCredential(credential, { baseUrl: emu.url });
    assert.equal(busy.ok === false && busy.transient, true);
    assert.deepEqual(await validateOppoCredential(credential, { baseUrl: await closedUrl() }), { ok: false, reason: 'NetworkError:ECONNREFUSED', transient: true });
  });
});
