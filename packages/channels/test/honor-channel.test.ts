import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createHonorEmulator, type HonorEmulator } from '@herald/emulators/honor';
import type { ChannelNotification, DeliveryTarget, PushOutcome } from '../types.ts';
import {
  createHonorChannel,
  parseHonorCredential,
  shapeHonorText,
  validateHonorCredential,
  type HonorChannelOptions,
  type HonorCredential,
} from '../honor/index.ts';

const credential: HonorCredential = { appId: '104400001', clientId: 'c0ffee00c0ffee00c0ffee00c0ffee00', clientSecret: 'honor-secret' };

let now = Date.UTC(2024, 5, 1, 8, 0, 0);
const clock = () => now;
let counter = 0;

function notification(extra: Partial<ChannelNotification> = {}): ChannelNotification {
  return { payload: { data: '{"k":"v"}', android: { notification: { title: 'Hi', body: 'There', clickAction: { type: 3 }, importance: 'NORMAL' } } }, ...extra };
}

const kinds = (outcomes: PushOutcome[]) => outcomes.map((o) => o.kind);

describe('Honor channel against the emulator', () => {
  let emu: HonorEmulator;
  const channels: Array<{ close(): Promise<void> }> = [];

  function channel(o: Partial<HonorChannelOptions> = {}) {
    const ch = createHonorChannel({ credential, baseUrl: emu.url, authBaseUrl: emu.url, clock, ...o });
    channels.push(ch);
    return ch;
  }

  function devices(n: number): DeliveryTarget[] {
    return Array.from({ length: n }, () => {
      const vendorToken = `honor-token-${++counter}`;
      emu.registerDevice({ token: vendorToken, appId: credential.appId });
      return { token: `herald-${counter}`, vendorToken };
    });
  }

  before(async () => {
    emu = await createHonorEmulator({ clock });
    emu.registerApp(credential);
  });
  beforeEach(() => emu.reset());
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu.close();
  });

  it('delivers the camelCase body with the timestamp header; requestId is the vendorId', async () => {
    const ch = channel();
    const targets = devices(2);
    const outcomes = await ch.send(notification({ expiration: Math.floor(now / 1000) + 600 }), targets);
    assert.deepEqual(kinds(outcomes), ['delivered', 'delivered']);
    const got = emu.inbox(targets[1]!.vendorToken)[0]!;
    assert.deepEqual(got.body, {
      data: '{"k":"v"}',
      android: { notification: { title: 'Hi', body: 'There', clickAction: { type: 3 }, importance: 'NORMAL' }, ttl: '600s' },
    });
    assert.equal(got.timestamp, now);
    assert.equal(outcomes[1]!.kind === 'delivered' && outcomes[1]!.vendorId, got.requestId);
  });

  it('rejects expireTokens and, on partial success, failTokens; 80300007 rejects all', async () => {
    const ch = channel();
    const [live, old] = devices(2);
    emu.unregisterDevice(old!.vendorToken);
    const stranger = { token: 'herald-s', vendorToken: 'unknown-token' };
    const expiredOnly = await ch.send(notification(), [live!, old!]);
    assert.deepEqual(expiredOnly, [
      { kind: 'delivered', token: live!.token, vendorId: (expiredOnly[0] as { vendorId: string }).vendorId },
      { kind: 'rejected', token: old!.token, reason: 'ExpiredToken:200' },
    ]);
    const partial = await ch.send(notification(), [live!, old!, stranger]);
    assert.deepEqual(partial.map((o) => (o.kind === 'rejected' ? o.reason : o.kind)), ['delivered', 'ExpiredToken:80100000', 'IllegalToken:80100000']);
    const none = await ch.send(notification(), [stranger]);
    assert.deepEqual(none, [{ kind: 'rejected', token: stranger.token, reason: 'AllTokensInvalid:80300007' }]);
  });

  it('answers 503 with Retry-After as retry after that delay, from the send and the token endpoint', async () => {
    const ch = channel();
    const targets = devices(1);
    emu.injectFault({ status: 503, retryAfterSeconds: 4, times: 1 });
    assert.deepEqual(await ch.send(notification(), targets), [{ kind: 'retry', token: targets[0]!.token, reason: 'HTTP503', retryAfterMs: 4000 }]);
    const fresh = channel();
    emu.injectFault({ endpoint: 'token', status: 503, retryAfterSeconds: 6, times: 1 });
    assert.deepEqual(await fresh.send(notification(), targets), [{ kind: 'retry', token: targets[0]!.token, reason: 'OAuth:temporarily_unavailable', retryAfterMs: 6000 }]);
    assert.deepEqual(kinds(await fresh.send(notification(), targets)), ['delivered']);
  });

  it('fails channel-wide on a wrong secret', async () => {
    const ch = channel({ credential: { ...credential, clientSecret: 'wrong' } });
    const targets = devices(2);
    const outcomes = await ch.send(notification(), targets);
    assert.ok(outcomes.every((o) => o.kind === 'failed' && o.channelWide === true && o.reason === 'OAuth:invalid_client'));
    assert.equal(emu.counters.sendRequests, 0);
  });

  it('refreshes the token once when Honor calls it expired', async () => {
    const ch = channel();
    const targets = devices(1);
    await ch.send(notification(), targets);
    emu.expireAccessTokens();
    assert.deepEqual(kinds(await ch.send(notification(), targets)), ['delivered']);
    assert.equal(ch.stats.tokenRefreshes, 1);
    assert.equal(emu.counters.tokenRequests, 2);
  });

  it('batches 1,500 targets as 1,000 + 500 tokens', async () => {
    const ch = channel();
    const outcomes = await ch.send(notification(), devices(1500));
    assert.equal(outcomes.filter((o) => o.kind === 'delivered').length, 1500);
    assert.equal(emu.counters.sendRequests, 2);
    assert.equal(emu.counters.maxTokensSeen, 1000);
  });

  it('caps ttl at one day, cuts long text to 40 / 80 characters, refuses 4 KB bodies locally', async () => {
    const ch = channel();
    const targets = devices(1);
    await ch.send(
      { payload: { android: { notification: { title: 'T'.repeat(50), body: 'B'.repeat(90), clickAction: { type: 3 } } } }, expiration: Math.floor(now / 1000) + 259_200 },
      targets,
    );
    const android = emu.inbox(targets[0]!.vendorToken)[0]!.body['android'] as { ttl: string; notification: { title: string; body: string } };
    assert.equal(android.ttl, '86400s');
    assert.equal(android.notification.title, `${'T'.repeat(39)}…`);
    assert.equal(android.notification.body, `${'B'.repeat(79)}…`);
    assert.deepEqual(shapeHonorText({ title: 'a', body: 'b' }).truncated, false);
    assert.deepEqual(await ch.send({ payload: { data: 'x'.repeat(5000) } }, targets), [{ kind: 'failed', token: targets[0]!.token, reason: 'PayloadTooLarge' }]);
  });

  it('keeps to maxInFlight and counts delayed and dropped requests', async () => {
    const ch = channel({ maxTokensPerRequest: 1, maxInFlight: 1, maxQueued: 0 });
    emu.setLatency(20);
    const outcomes = await ch.send(notification(), devices(2));
    assert.deepEqual(kinds(outcomes), ['delivered', 'retry']);
    assert.equal(ch.stats.dropped, 1);
    assert.equal(ch.stats.delayed, 0);
  });
});

describe('Honor credentials', () => {
  let emu: HonorEmulator;
  before(async () => {
    emu = await createHonorEmulator();
    emu.registerApp(credential);
  });
  after(() => emu.close());

  it('validates with a real token request', async () => {
    assert.deepEqual(await validateHonorCredential(credential, { authBaseUrl: emu.url }), { ok: true, expiresInSec: 3600 });
    assert.deepEqual(await validateHonorCredential({ ...credential, clientSecret: 'nope' }, { authBaseUrl: emu.url }), {
      ok: false,
      retryable: false,
      reason: 'OAuth:invalid_client',
    });
  });

  it('parses and explains', () => {
    assert.deepEqual(parseHonorCredential({ appId: 104400001, clientId: ' abc ', clientSecret: 's' }), { appId: '104400001', clientId: 'abc', clientSecret: 's' });
    for (const [input, message] of [
      [{ clientId: 'a', clientSecret: 's' }, /honor\.appId: required/],
      [{ appId: 'x', clientId: 'a', clientSecret: 's' }, /honor\.appId: must be 1 to 64 digits/],
      [{ appId: '1', clientSecret: 's' }, /honor\.clientId: required/],
      [{ appId: '1', clientId: 'a' }, /honor\.clientSecret: required/],
      [[], /must be an object/],
    ] as Array<[unknown, RegExp]>) {
      assert.throws(() => parseHonorCredential(input), (e: unknown) => (e as { code: string }).code === 'CREDENTIAL_PARSE_FAILED' && message.test((e as Error).message));
    }
  });
});
