import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createXiaomiEmulator, type XiaomiEmulator } from '@herald/emulators/xiaomi';
import type { ChannelObserver, DeliveryTarget, PushOutcome } from '../types.ts';
import {
  createXiaomiChannel,
  parseXiaomiCredential,
  validateXiaomiCredential,
  XIAOMI_BODY_MAX,
  XIAOMI_TITLE_MAX,
  type XiaomiChannelOptions,
  type XiaomiCredential,
} from '../xiaomi/index.ts';

const PKG = 'com.example.herald';
const credential: XiaomiCredential = parseXiaomiCredential({ appSecret: 'c2VjcmV0LXhpYW9taS1hcHA=', packageName: PKG, appId: '2882303761517', appKey: '5601758899517' });
const message = { title: 'Hi', description: 'Body', extra: { channel_id: 'chat' } };

let counter = 0;
function target(emu: XiaomiEmulator, register = true): DeliveryTarget {
  counter++;
  const vendorToken = `regid-${counter}-${'x'.repeat(40)}`;
  if (register) emu.registerDevice({ regId: vendorToken, packageName: PKG });
  return { token: `herald-${String(counter).padStart(4, '0')}`, vendorToken };
}

/** A loopback URL nothing listens on (fetch refuses the well-known "bad ports" outright). */
async function closedUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function kinds(outcomes: PushOutcome[]): string[] {
  return outcomes.map((o) => o.kind);
}

describe('Xiaomi channel against the emulator', () => {
  let emu: XiaomiEmulator;
  const channels: Array<{ close(): Promise<void> }> = [];

  function channel(o: Partial<XiaomiChannelOptions> = {}) {
    const ch = createXiaomiChannel({ credential, baseUrl: emu.url, ...o });
    channels.push(ch);
    return ch;
  }

  before(async () => {
    emu = await createXiaomiEmulator();
    emu.registerApp({ appSecret: credential.appSecret, packageNames: [PKG], channelIds: ['chat'] });
  });
  beforeEach(() => emu.reset());
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu.close();
  });

  it('delivers: the form lands as sent, with TTL and notify_id from the notification', async () => {
    const ch = channel();
    const t = target(emu);
    const now = Date.now();
    const payload = { ...message, payload: { herald: { pid: '42' } }, notify_type: -1 };
    const [outcome] = await ch.send({ payload, expiration: Math.floor(now / 1000) + 3600, collapseId: '77' }, [t]);
    assert.equal(outcome?.kind, 'delivered');
    const [got] = emu.inbox(t.vendorToken);
    assert.ok(got);
    assert.equal(outcome?.kind === 'delivered' && outcome.vendorId, got.messageId);
    assert.equal(got.title, 'Hi');
    assert.equal(got.description, 'Body');
    assert.equal(got.passThrough, false);
    assert.equal(got.payload, '{"herald":{"pid":"42"}}');
    assert.equal(got.notifyType, -1);
    assert.equal(got.notifyId, 77);
    assert.ok(got.timeToLive !== undefined && got.timeToLive > 3_590_000 && got.timeToLive <= 3_600_000, String(got.timeToLive));
    assert.deepEqual(got.extra, { channel_id: 'chat' });
    assert.equal(got.fields['restricted_package_name'], PKG);
    assert.equal(ch.stats.requests, 1);
  });

  it('sends "now or never" as only_send_once', async () => {
    const ch = channel();
    const t = target(emu);
    await ch.send({ payload: message, expiration: 0 }, [t]);
    assert.equal(emu.inbox(t.vendorToken)[0]?.extra['only_send_once'], '1');
    assert.equal(emu.inbox(t.vendorToken)[0]?.timeToLive, undefined);
  });

  it('batches up to batchSize regIds per request with one outcome per target, in order', async () => {
    const ch = channel({ batchSize: 2 });
    const good = [target(emu), target(emu), target(emu)];
    const dead = target(emu);
    emu.unregisterDevice(dead.vendorToken);
    const unknown = target(emu, false);
    // A second Herald token on the same device shares its result.
    const twin: DeliveryTarget = { token: 'herald-twin', vendorToken: good[0]!.vendorToken };
    const targets = [good[0]!, dead, good[1]!, twin, unknown, good[2]!];
    const outcomes = await ch.send({ payload: message }, targets);
    assert.deepEqual(kinds(outcomes), ['delivered', 'rejected', 'delivered', 'delivered', 'rejected', 'delivered']);
    assert.deepEqual(outcomes.map((o) => o.token), targets.map((t) => t.token));
    assert.equal(outcomes[1]?.kind === 'rejected' && outcomes[1].reason, 'InvalidRegId');
    // Five distinct regIds in batches of two.
    assert.equal(ch.stats.requests, 3);
    assert.equal(emu.inbox(good[0]!.vendorToken).length, 1);
    assert.deepEqual({ delivered: ch.stats.delivered, rejected: ch.stats.rejected }, { delivered: 4, rejected: 2 });
  });

  it('unbinds every target when Xiaomi finds no valid regId (20301 "No valid targets!")', async () => {
    const ch = channel();
    const targets = [target(emu, false), target(emu, false)];
    const outcomes = await ch.send({ payload: message }, targets);
    assert.deepEqual(kinds(outcomes), ['rejected', 'rejected']);
    assert.equal(outcomes[0]?.kind === 'rejected' && outcomes[0].reason, 'NoValidTargets(20301)');
  });

  it('rejects strings that cannot be regIds without asking Xiaomi', async () => {
    const ch = channel();
    const outcomes = await ch.send({ payload: message }, [{ token: 't1', vendorToken: 'a,b' }, { token: 't2', vendorToken: ' ' }]);
    assert.deepEqual(kinds(outcomes), ['rejected', 'rejected']);
    assert.equal(ch.stats.requests, 0);
  });

  it('resends a batch one regId at a time after 10029 and unbinds only the illegal device', async () => {
    const ch = channel();
    const [a, b, c] = [target(emu), target(emu), target(emu)];
    emu.injectFault({ regId: b!.vendorToken, code: 10029, times: 2 });
    const outcomes = await ch.send({ payload: message }, [a!, b!, c!]);
    assert.deepEqual(kinds(outcomes), ['delivered', 'rejected', 'delivered']);
    assert.equal(outcomes[1]?.kind === 'rejected' && outcomes[1].reason, 'IllegalDevice(10029)');
    assert.equal(ch.stats.splits, 1);
    assert.equal(ch.stats.requests, 4);
  });

  it('retries quota and 5xx answers after the Retry-After the vendor gave', async () => {
    const ch = channel();
    const t = target(emu);
    emu.injectFault({ code: 10027, retryAfterSeconds: 7, times: 1 });
    const [quota] = await ch.send({ payload: message }, [t]);
    assert.deepEqual(quota, { kind: 'retry', token: t.token, reason: 'TooManyRequests(10027)', retryAfterMs: 7000 });
    emu.injectFault({ status: 503, retryAfterSeconds: 3, times: 1 });
    const [gateway] = await ch.send({ payload: message }, [t]);
    assert.deepEqual(gateway, { kind: 'retry', token: t.token, reason: 'HTTP503', retryAfterMs: 3000 });
    // Each send made exactly one request: the channel itself never retries.
    assert.equal(ch.stats.requests, 2);
    assert.equal(emu.inbox(t.vendorToken).length, 0);
  });

  it('backs off without Retry-After instead of storming, and starts over after a success', async () => {
    let now = 1_000_000;
    const ch = channel({ clock: () => now });
    const t = target(emu);
    emu.injectFault({ code: 10002 });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [o] = await ch.send({ payload: message }, [t]);
      assert.equal(o?.kind, 'retry');
      delays.push(o?.kind === 'retry' ? o.retryAfterMs : -1);
      now += 60_000;
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000]);
    emu.clearFaults();
    assert.equal((await ch.send({ payload: message }, [t]))[0]?.kind, 'delivered');
    emu.injectFault({ code: 10002, times: 1 });
    const [again] = await ch.send({ payload: message }, [t]);
    assert.equal(again?.kind === 'retry' && again.retryAfterMs, 1000);
  });

  it('waits for midnight China time when the daily quota is spent', async () => {
    // 2024-05-31 20:00 in Beijing: four hours to the reset.
    const ch = channel({ clock: () => Date.UTC(2024, 4, 31, 12, 0, 0) });
    emu.injectFault({ code: 10034, times: 1 });
    const [o] = await ch.send({ payload: message }, [target(emu)]);
    assert.equal(o?.kind === 'retry' && o.retryAfterMs, 4 * 3_600_000);
  });

  it('reports bad credentials as channel-wide failures', async () => {
    const wrongSecret = channel({ credential: { ...credential, appSecret: 'wrong-secret' } });
    const targets = [target(emu), target(emu)];
    const outcomes = await wrongSecret.send({ payload: message }, targets);
    for (const o of outcomes) assert.deepEqual(o, { kind: 'failed', token: o.token, reason: 'AuthenticationFailed(21301)', channelWide: true });
    const wrongPackage = channel({ credential: { ...credential, packageName: 'com.example.nope' } });
    const [pkg] = await wrongPackage.send({ payload: message }, [target(emu)]);
    assert.deepEqual(pkg, { kind: 'failed', token: pkg!.token, reason: 'InvalidPackageName(22022)', channelWide: true });
  });

  it('fails a notification Xiaomi refuses, without blaming the credential', async () => {
    const ch = channel();
    const [channelMismatch] = await ch.send({ payload: { ...message, extra: { channel_id: 'unknown' } } }, [target(emu)]);
    assert.deepEqual(channelMismatch, { kind: 'failed', token: channelMismatch!.token, reason: 'ChannelMismatch(27001)' });
    const [shape] = await ch.send({ payload: { ...message, extra: 'nope' } }, [target(emu)]);
    assert.deepEqual(shape, { kind: 'failed', token: shape!.token, reason: 'InvalidNotification:extra' });
  });

  it('shortens over-long titles and bodies to the Mi limits with an ellipsis', async () => {
    const ch = channel();
    const t = target(emu);
    const title = '标题'.repeat(40);
    const body = 'b'.repeat(126) + '😀😀';
    const [o] = await ch.send({ payload: { title, description: body } }, [t]);
    assert.equal(o?.kind, 'delivered');
    const got = emu.inbox(t.vendorToken)[0]!;
    assert.equal(got.title?.length, XIAOMI_TITLE_MAX);
    assert.equal(got.title, title.slice(0, XIAOMI_TITLE_MAX - 1) + '…');
    assert.ok((got.description?.length ?? 0) <= XIAOMI_BODY_MAX);
    // The emoji at the cut is dropped whole, never split into a lone surrogate.
    assert.equal(got.description, 'b'.repeat(126) + '…');
  });

  it('answers timeouts and refused connections with retry', async () => {
    emu.setLatency(300);
    const slow = channel({ requestTimeoutMs: 50 });
    const [timeout] = await slow.send({ payload: message }, [target(emu)]);
    assert.equal(timeout?.kind === 'retry' && timeout.reason, 'Timeout');
    emu.setLatency(0);
    const nowhere = channel({ baseUrl: await closedUrl() });
    const [refused] = await nowhere.send({ payload: message }, [target(emu)]);
    assert.equal(refused?.kind === 'retry' && refused.reason, 'NetworkError:ECONNREFUSED');
  });

  it('counts what the per-app limit delayed and dropped', async () => {
    const limited: string[] = [];
    const observer: ChannelObserver = { onLimited: (_channel, kind) => limited.push(kind) };
    const ch = channel({ maxInFlight: 1, maxQueued: 1, observer });
    emu.setLatency(100);
    const results = await Promise.all([1, 2, 3].map(() => ch.send({ payload: message }, [target(emu)])));
    const all = results.flat();
    assert.deepEqual(kinds(all).sort(), ['delivered', 'delivered', 'retry']);
    const busy = all.find((o) => o.kind === 'retry');
    assert.deepEqual(busy, { kind: 'retry', token: busy!.token, reason: 'ChannelBusy', retryAfterMs: 1000 });
    assert.equal(ch.stats.delayed, 1);
    assert.equal(ch.stats.dropped, 1);
    assert.deepEqual(limited.sort(), ['delayed', 'dropped']);
  });

  it('reports each vendor round trip to the observer', async () => {
    const seen: Array<[string, number | 'error', string | undefined]> = [];
    const ch = channel({ observer: { onVendorResponse: (c, status, reason) => seen.push([c, status, reason]) } });
    await ch.send({ payload: message }, [target(emu)]);
    await ch.send({ payload: message }, [target(emu, false)]);
    assert.deepEqual(seen, [
      ['xiaomi', 200, undefined],
      ['xiaomi', 200, '20301'],
    ]);
  });

  it('answers retry after close', async () => {
    const ch = channel();
    await ch.close();
    const [o] = await ch.send({ payload: message }, [target(emu)]);
    assert.equal(o?.kind === 'retry' && o.reason, 'ChannelClosed');
  });
});

describe('Xiaomi credentials', () => {
  let emu: XiaomiEmulator;
  before(async () => {
    emu = await createXiaomiEmulator();
    emu.registerApp({ appSecret: credential.appSecret, packageNames: [PKG] });
  });
  after(() => emu.close());

  it('parses and names what is wrong', () => {
    assert.deepEqual(parseXiaomiCredential({ appSecret: ' s3cret ', packageName: PKG }), { appSecret: 's3cret', packageName: PKG });
    assert.throws(() => parseXiaomiCredential(null), /CREDENTIAL|object/);
    assert.throws(() => parseXiaomiCredential({ packageName: PKG }), /xiaomi\.appSecret: required/);
    assert.throws(() => parseXiaomiCredential({ appSecret: 'has space', packageName: PKG }), /xiaomi\.appSecret/);
    assert.throws(() => parseXiaomiCredential({ appSecret: 's', packageName: 'nodots' }), /xiaomi\.packageName/);
    assert.throws(() => parseXiaomiCredential({ appSecret: 's', packageName: PKG, appId: 'abc' }), /xiaomi\.appId/);
  });

  it('validates against the vendor without sending anything', async () => {
    assert.deepEqual(await validateXiaomiCredential(credential, { baseUrl: emu.url }), { ok: true });
    assert.deepEqual(await validateXiaomiCredential({ ...credential, appSecret: 'wrong' }, { baseUrl: emu.url }), {
      ok: false,
      reason: 'AuthenticationFailed(21301)',
      vendorCode: 21301,
      transient: false,
    });
    const pkg = await validateXiaomiCredential({ ...credential, packageName: 'com.example.nope' }, { baseUrl: emu.url });
    assert.equal(pkg.ok === false && pkg.vendorCode, 22022);
    const down = await validateXiaomiCredential(credential, { baseUrl: await closedUrl() });
    assert.deepEqual(down, { ok: false, reason: 'NetworkError:ECONNREFUSED', transient: true });
    assert.equal(emu.counters.delivered, 0);
  });
});
