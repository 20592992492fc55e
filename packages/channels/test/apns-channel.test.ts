import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createApnsEmulator, type ApnsEmulator } from '@herald/emulators/apns';
import { createTestPki, generateP8, makeP12 } from '@herald/emulators/pki';
import type { ChannelObserver, DeliveryTarget, PushOutcome } from '../types.ts';
import { createApnsChannel, createApnsProviderTokens, parseP12, parseP8, type ApnsChannelOptions, type ApnsCredential } from '../apns/index.ts';

const BUNDLE = 'com.example.herald';
const TEAM = 'TEAM123456';
const MINUTE = 60_000;

const pki = createTestPki();
const p8 = generateP8();
const tokenCredential: ApnsCredential = {
  kind: 'p8',
  keyId: p8.keyId,
  teamId: TEAM,
  privateKeyPem: parseP8(p8.privateKeyPem, p8.keyId, TEAM).privateKeyPem,
  bundleId: BUNDLE,
};

let counter = 0;
/** A fresh 64-hex device token. */
function deviceToken(): string {
  counter++;
  return counter.toString(16).padStart(64, '0');
}

/** Devices of the app; `topic` `${BUNDLE}.voip` makes PushKit (VoIP) tokens, which take VoIP pushes only. */
function targetsFor(emu: ApnsEmulator, n: number, env: 'dev' | 'product' = 'dev', topic = BUNDLE): DeliveryTarget[] {
  const out: DeliveryTarget[] = [];
  for (let i = 0; i < n; i++) {
    const vendorToken = deviceToken();
    emu.registerDevice({ token: vendorToken, topic, environment: env });
    out.push({ token: `herald-${vendorToken.slice(-8)}`, vendorToken });
  }
  return out;
}

function only(outcomes: PushOutcome[]): PushOutcome {
  assert.equal(outcomes.length, 1);
  return outcomes[0]!;
}

describe('APNs channel against the emulator', () => {
  let emu: ApnsEmulator;
  const channels: Array<{ close(): Promise<void> }> = [];

  function channel(o: Partial<ApnsChannelOptions> = {}) {
    const ch = createApnsChannel({
      credential: tokenCredential,
      environment: 'dev',
      baseUrl: emu.urlFor(o.environment ?? 'dev'),
      ca: emu.caCertPem,
      ...o,
    });
    channels.push(ch);
    return ch;
  }

  before(async () => {
    emu = await createApnsEmulator({ pki });
    emu.registerKey({ keyId: p8.keyId, teamId: TEAM, publicKeyPem: p8.publicKeyPem });
    emu.trustClientCa(pki.caCertPem);
  });
  beforeEach(() => emu.reset());
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu.close();
  });

  it('delivers in token mode: payload and headers land exactly', async () => {
    const ch = channel();
    const [t] = targetsFor(emu, 1);
    const payload = { aps: { alert: { title: 'Hi', body: 'Ünïcode ✓' }, badge: 3 }, ext: '{"action":1}' };
    const outcome = only(await ch.send({ payload, pushType: 'alert', priority: 5, expiration: 1_900_000_000, collapseId: 'chat-1' }, [t!]));
    assert.equal(outcome.kind, 'delivered');
    const inbox = emu.inbox(t!.vendorToken);
    assert.equal(inbox.length, 1);
    const got = inbox[0]!;
    assert.deepEqual(got.payload, payload);
    assert.equal(outcome.kind === 'delivered' && outcome.vendorId, got.apnsId);
    assert.deepEqual(got.headers, {
      'apns-topic': BUNDLE,
      'apns-push-type': 'alert',
      'apns-priority': '5',
      'apns-expiration': '1900000000',
      'apns-collapse-id': 'chat-1',
    });
    // No apns-id is sent: APNs assigns one and returns it, and that is the outcome's vendorId.
    assert.match(got.apnsId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('adds the push-type suffix to the topic and infers background pushes', async () => {
    const ch = channel();
    const [a] = targetsFor(emu, 1, 'dev', `${BUNDLE}.voip`);
    const [b] = targetsFor(emu, 1);
    assert.equal(only(await ch.send({ payload: { aps: { alert: 'ring' } }, pushType: 'voip' }, [a!])).kind, 'delivered');
    assert.equal(emu.inbox(a!.vendorToken)[0]!.topic, `${BUNDLE}.voip`);
    assert.equal(only(await ch.send({ payload: { aps: { 'content-available': 1 } } }, [b!])).kind, 'delivered');
    const bg = emu.inbox(b!.vendorToken)[0]!;
    assert.equal(bg.pushType, 'background');
    assert.equal(bg.priority, 5);
  });

  it('delivers in certificate mode with a legacy Keychain .p12', async () => {
    const cert = pki.issueApnsClientCert({ bundleId: BUNDLE, environment: 'universal' });
    const { keyPem, certPem } = parseP12(makeP12({ keyPem: cert.keyPem, certPem: cert.certPem, password: 'pw', legacy: true }), 'pw');
    const ch = channel({ credential: { kind: 'p12', keyPem, certPem, bundleId: BUNDLE }, environment: 'product' });
    const targets = targetsFor(emu, 3, 'product');
    const outcomes = await ch.send({ payload: { aps: { alert: 'cert' } } }, targets);
    assert.deepEqual(outcomes.map((o) => o.kind), ['delivered', 'delivered', 'delivered']);
    assert.deepEqual(emu.inbox(targets[0]!.vendorToken)[0]!.payload, { aps: { alert: 'cert' } });
    assert.equal(emu.inbox(targets[0]!.vendorToken)[0]!.environment, 'product');
  });

  it('maps every APNs reason to the right outcome, one outcome per target, in order', async () => {
    const table: Array<[number, string, PushOutcome['kind'], boolean]> = [
      [400, 'BadDeviceToken', 'rejected', false],
      [400, 'DeviceTokenNotForTopic', 'rejected', false],
      [410, 'Unregistered', 'rejected', false],
      [410, 'ExpiredToken', 'rejected', false],
      [429, 'TooManyRequests', 'retry', false],
      [500, 'InternalServerError', 'retry', false],
      [503, 'ServiceUnavailable', 'retry', false],
      [403, 'InvalidProviderToken', 'failed', true],
      [403, 'BadCertificate', 'failed', true],
      [403, 'BadCertificateEnvironment', 'failed', true],
      [403, 'MissingProviderToken', 'failed', true],
      [403, 'Forbidden', 'failed', true],
      [400, 'TopicDisallowed', 'failed', true],
      [400, 'BadTopic', 'failed', true],
      [413, 'PayloadTooLarge', 'failed', false],
      [400, 'BadCollapseId', 'failed', false],
      [400, 'BadPriority', 'failed', false],
      [400, 'BadExpirationDate', 'failed', false],
      [400, 'SomethingApple Adds Later', 'failed', false],
    ];
    const ch = channel();
    const targets = targetsFor(emu, table.length + 1);
    table.forEach(([status, reason], i) => emu.injectFault({ token: targets[i]!.vendorToken, status, reason }));
    const outcomes = await ch.send({ payload: { aps: { alert: 'x' } } }, targets);
    table.forEach(([, reason, kind, channelWide], i) => {
      const o = outcomes[i]!;
      assert.equal(o.token, targets[i]!.token);
      assert.equal(o.kind, kind, reason);
      if (o.kind !== 'delivered') assert.equal(o.reason, reason);
      if (o.kind === 'failed') assert.equal(o.channelWide === true, channelWide, reason);
      if (o.kind === 'retry') assert.ok(o.retryAfterMs > 0 && o.retryAfterMs <= 300_000, reason);
    });
    assert.equal(outcomes[table.length]!.kind, 'delivered');
  });

  it('rejects a token APNs unregistered (410 with timestamp)', async () => {
    const ch = channel();
    const [t] = targetsFor(emu, 1);
    emu.unregisterDevice(t!.vendorToken);
    assert.deepEqual(only(await ch.send({ payload: { aps: { alert: 'x' } } }, [t!])), { kind: 'rejected', token: t!.token, reason: 'Unregistered' });
  });

  it('answers 429 with Retry-After as retry after exactly that delay', async () => {
    const ch = channel();
    const [t] = targetsFor(emu, 1);
    emu.injectFault({ token: t!.vendorToken, status: 429, reason: 'TooManyRequests', retryAfterSeconds: 7, times: 1 });
    assert.deepEqual(only(await ch.send({ payload: { aps: { alert: 'x' } } }, [t!])), {
      kind: 'retry',
      token: t!.token,
      reason: 'TooManyRequests',
      retryAfterMs: 7000,
    });
    // The fault is used up: the retry goes through.
    assert.equal(only(await ch.send({ payload: { aps: { alert: 'x' } } }, [t!])).kind, 'delivered');
  });

  it('backs off exponentially, capped, without Retry-After', async () => {
    let now = Date.now();
    const ch = channel({ clock: () => now, maxRetryDelayMs: 4000 });
    const [t] = targetsFor(emu, 1);
    emu.injectFault({ token: t!.vendorToken, status: 503, reason: 'ServiceUnavailable' });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const o = only(await ch.send({ payload: { aps: { alert: 'x' } } }, [t!]));
      assert.equal(o.kind, 'retry');
      if (o.kind === 'retry') delays.push(o.retryAfterMs);
      now += 10_000;
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 4000, 4000]);
  });

  it('refuses a payload over 4 KB locally (5 KB for VoIP)', async () => {
    const ch = channel();
    const [t] = targetsFor(emu, 1, 'dev', `${BUNDLE}.voip`);
    const big = { aps: { alert: 'x'.repeat(4200) } };
    assert.deepEqual(only(await ch.send({ payload: big }, [t!])), { kind: 'failed', token: t!.token, reason: 'PayloadTooLarge' });
    assert.equal(emu.counters.requests, 0);
    assert.equal(only(await ch.send({ payload: big, pushType: 'voip' }, [t!])).kind, 'delivered');
    const huge = { aps: { alert: 'x'.repeat(5200) } };
    assert.equal(only(await ch.send({ payload: huge, pushType: 'voip' }, [t!])).kind, 'failed');
    assert.equal(emu.counters.requests, 1);
  });

  it('delivers 1,000 targets in one send', async () => {
    const ch = channel();
    const targets = targetsFor(emu, 1000);
    const outcomes = await ch.send({ payload: { aps: { alert: 'fan-out' } } }, targets);
    assert.equal(outcomes.length, 1000);
    assert.ok(outcomes.every((o, i) => o.kind === 'delivered' && o.token === targets[i]!.token));
    assert.equal(emu.counters.accepted, 1000);
    assert.equal(emu.inbox(targets[999]!.vendorToken).length, 1);
  });

  it('spreads streams over several sessions when asked', async () => {
    const ch = channel({ sessions: 3 });
    const targets = targetsFor(emu, 90);
    const outcomes = await ch.send({ payload: { aps: { alert: 'spread' } } }, targets);
    assert.ok(outcomes.every((o) => o.kind === 'delivered'));
    assert.equal(emu.counters.connections, 3);
    assert.equal(ch.stats.sessionsOpened, 3);
  });

  it('shuts down cleanly and answers later sends with retry', async () => {
    const ch = createApnsChannel({ credential: tokenCredential, environment: 'dev', baseUrl: emu.urlFor('dev'), ca: emu.caCertPem });
    const [t] = targetsFor(emu, 1);
    assert.equal(only(await ch.send({ payload: { aps: { alert: 'x' } } }, [t!])).kind, 'delivered');
    await ch.close();
    assert.equal(only(await ch.send({ payload: { aps: { alert: 'x' } } }, [t!])).kind, 'retry');
  });

  it('reconnects after a GOAWAY Shutdown and after a 503 Shutdown', async () => {
    const ch = channel();
    const [a, b, c] = targetsFor(emu, 3);
    assert.equal(only(await ch.send({ payload: { aps: { alert: '1' } } }, [a!])).kind, 'delivered');
    emu.shutdown();
    assert.equal(only(await ch.send({ payload: { aps: { alert: '2' } } }, [b!])).kind, 'delivered');
    emu.injectFault({ token: c!.vendorToken, status: 503, reason: 'Shutdown', times: 1 });
    assert.equal(only(await ch.send({ payload: { aps: { alert: '3' } } }, [c!])).kind, 'delivered');
    assert.equal(ch.stats.sessionsOpened, 3);
    // The 503 Shutdown is resent; so is push 2 if it left before the GOAWAY reached the client.
    assert.ok(ch.stats.resent >= 1 && ch.stats.resent <= 2);
    assert.equal(emu.inbox(c!.vendorToken).length, 1);
  });

  it('answers retry when APNs cannot be reached or does not answer in time', async () => {
    const down = channel({ baseUrl: 'https://127.0.0.1:1' });
    const [t] = targetsFor(emu, 1);
    const o = only(await down.send({ payload: { aps: { alert: 'x' } } }, [t!]));
    assert.equal(o.kind, 'retry');
    assert.match(o.kind === 'retry' ? o.reason : '', /^ConnectionError/);
    // Straight after a failed connection the channel backs off instead of hammering the host.
    const again = only(await down.send({ payload: { aps: { alert: 'x' } } }, [t!]));
    assert.match(again.kind === 'retry' ? again.reason : '', /^ConnectionError/);

    const slow = channel({ requestTimeoutMs: 50 });
    emu.setLatency(1000);
    const timedOut = only(await slow.send({ payload: { aps: { alert: 'x' } } }, [t!]));
    emu.setLatency(0);
    assert.equal(timedOut.kind, 'retry');
    assert.equal(timedOut.kind === 'retry' && timedOut.reason, 'Timeout');
  });

  it('reports vendor responses to the observer', async () => {
    const seen: Array<[number | 'error', string | undefined]> = [];
    const observer: ChannelObserver = { onVendorResponse: (ch, status, reason, seconds) => {
      assert.equal(ch, 'apns');
      assert.ok(seconds >= 0);
      seen.push([status, reason]);
    } };
    const ch = channel({ observer });
    const [a, b] = targetsFor(emu, 2);
    emu.unregisterDevice(b!.vendorToken);
    await ch.send({ payload: { aps: { alert: 'x' } } }, [a!, b!]);
    assert.deepEqual(seen.sort(), [[200, undefined], [410, 'Unregistered']]);
  });
});

describe('APNs channel stream limits', () => {
  let emu: ApnsEmulator;
  before(async () => {
    // Few streams and some latency, so every granted stream is in use at once.
    emu = await createApnsEmulator({ pki, initialStreams: 1, authorizedStreams: 4 });
    emu.registerKey({ keyId: p8.keyId, teamId: TEAM, publicKeyPem: p8.publicKeyPem });
    emu.setLatency(5);
  });
  after(() => emu.close());

  it('never opens more streams than the server grants, and uses them all once granted', async () => {
    const ch = createApnsChannel({ credential: tokenCredential, environment: 'dev', baseUrl: emu.urlFor('dev'), ca: emu.caCertPem });
    try {
      const targets = targetsFor(emu, 60);
      const outcomes = await ch.send({ payload: { aps: { alert: 'x' } } }, targets);
      assert.ok(outcomes.every((o) => o.kind === 'delivered'));
      assert.equal(emu.counters.maxStreamsSeen, 4);
      assert.equal(ch.stats.grantedStreams, 4);
      assert.ok(ch.stats.peakStreams <= 4);
      assert.equal(emu.counters.rejected['RefusedStream'] ?? 0, 0);
    } finally {
      await ch.close();
    }
  });

  it('keeps to maxInFlight and counts the wait; refuses beyond maxQueued', async () => {
    const limited: Array<'delayed' | 'dropped'> = [];
    const ch = createApnsChannel({
      credential: tokenCredential,
      environment: 'dev',
      baseUrl: emu.urlFor('dev'),
      ca: emu.caCertPem,
      maxInFlight: 2,
      maxQueued: 10,
      observer: { onLimited: (_c, kind) => limited.push(kind) },
    });
    try {
      emu.reset();
      emu.setLatency(5);
      const targets = targetsFor(emu, 25);
      const outcomes = await ch.send({ payload: { aps: { alert: 'x' } } }, targets);
      assert.equal(outcomes.filter((o) => o.kind === 'delivered').length, 10);
      const dropped = outcomes.filter((o) => o.kind === 'retry');
      assert.equal(dropped.length, 15);
      assert.ok(dropped.every((o) => o.kind === 'retry' && o.reason === 'ChannelBusy' && o.retryAfterMs > 0));
      assert.ok(emu.counters.maxStreamsSeen <= 2);
      assert.equal(ch.stats.dropped, 15);
      assert.equal(ch.stats.delayed, 8);
      assert.equal(limited.filter((k) => k === 'dropped').length, 15);
    } finally {
      await ch.close();
    }
  });
});

describe('APNs provider tokens', () => {
  let emu: ApnsEmulator;
  let vendorNow = Date.now();
  before(async () => {
    emu = await createApnsEmulator({ pki, clock: () => vendorNow });
    emu.registerKey({ keyId: p8.keyId, teamId: TEAM, publicKeyPem: p8.publicKeyPem });
  });
  after(() => emu.close());

  it('reuses one token, refreshes it after ExpiredProviderToken and resends once', async () => {
    const start = vendorNow;
    let now = start;
    const tokens = createApnsProviderTokens({ clock: () => now });
    const ch = createApnsChannel({ credential: tokenCredential, environment: 'dev', baseUrl: emu.urlFor('dev'), ca: emu.caCertPem, clock: () => now, tokenProvider: tokens });
    try {
      const [t] = targetsFor(emu, 1);
      const push = { payload: { aps: { alert: 'x' } } };
      assert.equal(only(await ch.send(push, [t!])).kind, 'delivered');
      assert.equal(only(await ch.send(push, [t!])).kind, 'delivered');
      assert.equal(tokens.minted, 1);

      // APNs' clock is an hour past the token's iat; ours has moved only 5 minutes, so the cache still
      // trusts its token and only APNs' answer can make it mint a new one.
      vendorNow = start + 61 * MINUTE;
      now = start + 5 * MINUTE;
      assert.equal(only(await ch.send(push, [t!])).kind, 'delivered');
      assert.equal(emu.counters.rejected['ExpiredProviderToken'], 1);
      assert.equal(tokens.minted, 2);
      assert.equal(ch.stats.tokenRefreshes, 1);
      assert.equal(ch.stats.resent, 1);

      // Past 50 minutes the cache refreshes on its own, before APNs complains.
      vendorNow = start + 130 * MINUTE;
      now = start + 75 * MINUTE;
      assert.equal(only(await ch.send(push, [t!])).kind, 'delivered');
      assert.equal(tokens.minted, 3);
      assert.equal(emu.counters.rejected['ExpiredProviderToken'], 1);
      assert.equal(emu.counters.rejected['TooManyProviderTokenUpdates'] ?? 0, 0);
      assert.equal(emu.inbox(t!.vendorToken).length, 4);
    } finally {
      await ch.close();
    }
  });

  it('fails channel-wide when even a fresh token is called expired (clock far off)', async () => {
    const tokens = createApnsProviderTokens({ clock: () => vendorNow - 3 * 60 * MINUTE });
    const ch = createApnsChannel({ credential: tokenCredential, environment: 'dev', baseUrl: emu.urlFor('dev'), ca: emu.caCertPem, tokenProvider: tokens });
    try {
      const [t] = targetsFor(emu, 1);
      const o = only(await ch.send({ payload: { aps: { alert: 'x' } } }, [t!]));
      assert.deepEqual(o, { kind: 'failed', token: t!.token, reason: 'ExpiredProviderToken', channelWide: true });
    } finally {
      await ch.close();
    }
  });

  it('shares one token between channels of the same key and never mints more than once per 20 minutes', async () => {
    let now = 5_000_000_000;
    const tokens = createApnsProviderTokens({ clock: () => now });
    const key = { teamId: TEAM, keyId: p8.keyId, privateKeyPem: tokenCredential.kind === 'p8' ? tokenCredential.privateKeyPem : '' };
    const [a, b] = await Promise.all([tokens.get(key), tokens.get(key)]);
    assert.equal(a, b);
    now += 19 * MINUTE;
    assert.equal(await tokens.get(key), a);
    now += 32 * MINUTE;
    const c = await tokens.get(key);
    assert.notEqual(c, a);
    assert.equal(c.issuedAt, now);
    // Someone else already replaced the stale token: no second mint.
    assert.equal(await tokens.refresh(key, a.jwt), c);
    assert.equal(tokens.minted, 2);
    const [header, claims] = c.jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    assert.deepEqual(header, { alg: 'ES256', kid: p8.keyId });
    assert.deepEqual(claims, { iss: TEAM, iat: Math.floor(now / 1000) });
  });
});
