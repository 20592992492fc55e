import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createECDH } from 'node:crypto';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import webpush from 'web-push';
import { createWebPushEmulator, type EmulatorSubscription, type WebPushEmulator } from '@herald/emulators/webpush';
import { createTestPki } from '@herald/emulators/pki';
import { isHeraldError } from '@herald/protocol';
import type { ChannelObserver, DeliveryTarget, PushOutcome } from '../types.ts';
import {
  createWebPushChannel,
  encryptWebPushPayload,
  generateVapidKeys,
  parseWebPushCredential,
  parseWebPushSubscription,
  probeUnifiedPushEndpoint,
  shapeWebPushText,
  validateWebPushCredential,
  webPushTopic,
  webPushVendorToken,
  WEBPUSH_MAX_PLAINTEXT_BYTES,
  type WebPushChannelOptions,
  type WebPushCredential,
  type WebPushNotification,
} from '../webpush/index.ts';

const SUBJECT = 'mailto:ops@example.com';
const credential: WebPushCredential = { subject: SUBJECT, ...generateVapidKeys() };
const pki = createTestPki();

let counter = 0;
function targetFor(sub: EmulatorSubscription): DeliveryTarget {
  counter++;
  return { token: `herald-${String(counter).padStart(29, '0')}`, vendorToken: webPushVendorToken(parseWebPushSubscription(sub, { allowLoopbackHttp: true })) };
}

function only(outcomes: PushOutcome[]): PushOutcome {
  assert.equal(outcomes.length, 1);
  return outcomes[0]!;
}

const b64 = (s: string) => Buffer.from(s, 'base64url');

describe('Web Push building blocks', () => {
  it('encrypts the RFC 8291 Appendix A vector byte for byte', () => {
    const server = createECDH('prime256v1');
    server.setPrivateKey(b64('yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw'));
    const body = encryptWebPushPayload(
      b64('V2hlbiBJIGdyb3cgdXAsIEkgd2FudCB0byBiZSBhIHdhdGVybWVsb24'),
      b64('BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4'),
      b64('BTBZMqHH6r4Tts7J_aSIgg'),
      { serverKeys: server, salt: b64('DGv6ra1nlYgDCS1FRnbzlw') },
    );
    assert.equal(
      body.toString('base64url'),
      'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
    );
    assert.throws(() => encryptWebPushPayload(Buffer.alloc(WEBPUSH_MAX_PLAINTEXT_BYTES + 1), b64('BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4'), Buffer.alloc(16)), RangeError);
  });

  it('parses a browser subscription into the canonical vendor token', () => {
    const ua = createECDH('prime256v1');
    ua.generateKeys();
    const p256dh = ua.getPublicKey();
    // Some clients hand over padded standard base64 and an expirationTime: both normalise away.
    const sub = parseWebPushSubscription({
      endpoint: 'https://Push.Example.net/wpush/v2/abc?x=1',
      expirationTime: null,
      keys: { p256dh: p256dh.toString('base64'), auth: Buffer.alloc(16, 7).toString('base64') },
    });
    assert.deepEqual(sub, { endpoint: 'https://push.example.net/wpush/v2/abc?x=1', keys: { p256dh: p256dh.toString('base64url'), auth: Buffer.alloc(16, 7).toString('base64url') } });
    const token = webPushVendorToken(sub);
    assert.equal(token, JSON.stringify({ endpoint: sub.endpoint, keys: sub.keys }));
    assert.deepEqual(parseWebPushSubscription(token), sub);

    const bad = (input: unknown, o?: { allowLoopbackHttp?: boolean }, hint?: RegExp) =>
      assert.throws(() => parseWebPushSubscription(input, o), (e: unknown) => isHeraldError(e, 'DEVICE_TOKEN_INVALID') && (hint === undefined || hint.test(e.message)));
    const keys = sub.keys;
    bad('{not json', undefined, /JSON/);
    bad({ endpoint: 'http://push.example.net/x', keys }, undefined, /https/);
    bad({ endpoint: 'http://127.0.0.1:9/x', keys }, undefined, /https/);
    assert.equal(parseWebPushSubscription({ endpoint: 'http://127.0.0.1:9/x', keys }, { allowLoopbackHttp: true }).endpoint, 'http://127.0.0.1:9/x');
    bad({ endpoint: 'http://push.example.net/x', keys }, { allowLoopbackHttp: true }, /https/);
    bad({ endpoint: 'https://user:pw@push.example.net/x', keys }, undefined, /credentials/);
    bad({ endpoint: 'ftp://push.example.net/x', keys }, undefined, /https/);
    bad({ endpoint: `https://push.example.net/${'a'.repeat(2100)}`, keys }, undefined, /longer/);
    bad({ endpoint: 'https://push.example.net/x', keys: { ...keys, auth: Buffer.alloc(12).toString('base64url') } }, undefined, /auth must decode to 16/);
    bad({ endpoint: 'https://push.example.net/x', keys: { ...keys, p256dh: p256dh.subarray(0, 33).toString('base64url') } }, undefined, /p256dh must decode to 65/);
    const offCurve = Buffer.from(p256dh);
    offCurve[64] = (offCurve[64] ?? 0) ^ 1;
    bad({ endpoint: 'https://push.example.net/x', keys: { ...keys, p256dh: offCurve.toString('base64url') } }, undefined, /curve/);
    bad({ endpoint: 'https://push.example.net/x', keys: { ...keys, p256dh: 'not base64!' } }, undefined, /base64url/);
  });

  it('generates VAPID keys in web-push format and validates credentials as saved', async () => {
    const theirs = webpush.generateVAPIDKeys();
    assert.deepEqual(parseWebPushCredential({ subject: 'https://example.com/contact', ...theirs }), { subject: 'https://example.com/contact', ...theirs });
    const ours = generateVapidKeys();
    assert.equal(b64(ours.publicKey).length, 65);
    assert.equal(b64(ours.privateKey).length, 32);
    assert.deepEqual(await validateWebPushCredential({ subject: SUBJECT, ...ours }), { ok: true });

    const bad = (input: unknown, hint: RegExp) =>
      assert.throws(() => parseWebPushCredential(input), (e: unknown) => isHeraldError(e, 'CREDENTIAL_PARSE_FAILED') && hint.test(e.message));
    bad({ ...ours }, /subject is required/);
    bad({ subject: 'ops@example.com', ...ours }, /mailto: or https:/);
    bad({ subject: 'mailto:ops@localhost', ...ours }, /localhost/);
    bad({ subject: 'https://localhost/contact', ...ours }, /localhost/);
    bad({ subject: SUBJECT, publicKey: ours.publicKey, privateKey: theirs.privateKey }, /does not belong/);
    bad({ subject: SUBJECT, publicKey: ours.publicKey, privateKey: 'abc' }, /32 bytes/);
    bad({ subject: SUBJECT, publicKey: ours.publicKey.slice(0, 40), privateKey: ours.privateKey }, /65 bytes/);
    const wrong = await validateWebPushCredential({ subject: SUBJECT, publicKey: ours.publicKey, privateKey: theirs.privateKey });
    assert.equal(wrong.ok, false);
    assert.match(!wrong.ok ? wrong.message : '', /does not belong/);
    assert.equal(!wrong.ok && wrong.retryable, false);
  });

  it('makes every collapse id a Topic all push services take', () => {
    assert.equal(webPushTopic('chat42'), 'chat42');
    const hashed = webPushTopic('room-1:message/99');
    assert.match(hashed, /^[0-9a-f]{32}$/);
    assert.equal(webPushTopic('room-1:message/99'), hashed);
    assert.notEqual(webPushTopic('x'.repeat(33)), 'x'.repeat(33));
  });

  it('shapes over-long text into the payload budget, body first, with an ellipsis', () => {
    assert.deepEqual(shapeWebPushText({ title: 'Hi', body: 'short' }, 100), { title: 'Hi', body: 'short', truncated: false });
    const long = shapeWebPushText({ title: 'Title', body: 'ü'.repeat(100) }, 50);
    assert.equal(long.title, 'Title');
    assert.ok(long.body.endsWith('…'));
    assert.ok(Buffer.byteLength(JSON.stringify(long.title)) - 2 + Buffer.byteLength(JSON.stringify(long.body)) - 2 <= 50);
    // No surrogate pair is split.
    const emoji = shapeWebPushText({ title: '', body: '😀'.repeat(20) }, 13);
    assert.equal(emoji.body, '😀😀…');
    const titleOnly = shapeWebPushText({ title: 'T'.repeat(40), body: 'body' }, 10);
    assert.deepEqual(titleOnly, { title: 'TTTTTTT…', body: '', truncated: true });
  });
});

describe('Web Push channel against the emulator', () => {
  let emu: WebPushEmulator;
  const channels: Array<{ close(): Promise<void> }> = [];

  function channel(o: Partial<WebPushChannelOptions> = {}) {
    const ch = createWebPushChannel({ credential, ca: pki.caCertPem, ...o });
    channels.push(ch);
    return ch;
  }

  function targets(n: number, key = credential.publicKey): Array<DeliveryTarget & { endpoint: string }> {
    return Array.from({ length: n }, () => {
      const sub = emu.subscribe({ applicationServerKey: key });
      return { ...targetFor(sub), endpoint: sub.endpoint };
    });
  }

  before(async () => {
    emu = await createWebPushEmulator({ pki });
  });
  beforeEach(() => emu.reset());
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu.close();
  });

  it('delivers: the browser decrypts the payload, TTL, Urgency, Topic and VAPID land as sent', async () => {
    const seen: Array<[string, number | 'error', string | undefined]> = [];
    const observer: ChannelObserver = { onVendorResponse: (c, status, reason) => seen.push([c, status, reason]) };
    const ch = channel({ observer });
    const [t] = targets(1);
    const payload = { web_push: 8030, notification: { title: 'Hi', body: 'Ünïcode ✓', navigate: 'https://app.example.com/c/1' }, herald: { pid: '42' } };
    const notification: WebPushNotification = { payload, expiration: Math.floor(Date.now() / 1000) + 3600, urgency: 'high', collapseId: 'chat1' };
    const outcome = only(await ch.send(notification, [t!]));
    assert.equal(outcome.kind, 'delivered');
    const [got] = emu.inbox(t!.endpoint);
    assert.ok(got);
    assert.deepEqual(got.json, payload);
    assert.equal(got.decryptError, undefined);
    assert.ok(got.ttl > 3590 && got.ttl <= 3600, String(got.ttl));
    assert.equal(got.urgency, 'high');
    assert.equal(got.topic, 'chat1');
    assert.equal(outcome.kind === 'delivered' && outcome.vendorId, `${emu.origin}/m/${got.id}`);
    assert.equal(got.vapid?.aud, emu.origin);
    assert.equal(got.vapid?.sub, SUBJECT);
    assert.equal(got.vapid?.k, credential.publicKey);
    const hoursLeft = (got.vapid!.exp * 1000 - Date.now()) / 3_600_000;
    assert.ok(hoursLeft > 11.9 && hoursLeft <= 12, String(hoursLeft));
    assert.deepEqual(seen, [['webpush', 201, undefined]]);
    assert.equal(ch.stats.delivered, 1);
  });

  it('rejects dead subscriptions (410, 404) and vendor tokens that are not subscriptions, without sending for the latter', async () => {
    const ch = channel();
    const [gone, missing, ok] = targets(3);
    emu.unsubscribe(gone!.endpoint);
    emu.unsubscribe(missing!.endpoint, { status: 404 });
    const ua = createECDH('prime256v1');
    ua.generateKeys();
    const offCurve = ua.getPublicKey();
    offCurve[64] = (offCurve[64] ?? 0) ^ 1;
    const garbage: DeliveryTarget = { token: 'garbage', vendorToken: 'not a subscription' };
    const notOnCurve: DeliveryTarget = {
      token: 'off-curve',
      vendorToken: JSON.stringify({ endpoint: `${emu.origin}/push/x`, keys: { p256dh: offCurve.toString('base64url'), auth: Buffer.alloc(16).toString('base64url') } }),
    };
    const outcomes = await ch.send({ payload: { m: 1 } }, [gone!, missing!, garbage, notOnCurve, ok!]);
    assert.deepEqual(outcomes, [
      { kind: 'rejected', token: gone!.token, reason: 'Gone:errno103' },
      { kind: 'rejected', token: missing!.token, reason: 'NotFound:errno102' },
      { kind: 'rejected', token: 'garbage', reason: 'InvalidSubscription' },
      { kind: 'rejected', token: 'off-curve', reason: 'InvalidSubscription' },
      { kind: 'delivered', token: ok!.token, vendorId: (outcomes[4] as { vendorId: string }).vendorId },
    ]);
    assert.equal(emu.counters.requests, 3);
  });

  it('maps every status to one outcome per target, in order', async () => {
    const table: Array<[number, PushOutcome['kind'], string, boolean]> = [
      [400, 'failed', 'BadRequest', true],
      [401, 'failed', 'Unauthorized', true],
      [403, 'failed', 'Forbidden', true],
      [404, 'rejected', 'NotFound', false],
      [410, 'rejected', 'Gone', false],
      [413, 'failed', 'PayloadTooLarge', false],
      [429, 'retry', 'TooManyRequests', false],
      [500, 'retry', 'InternalServerError', false],
      [502, 'retry', 'BadGateway', false],
      [503, 'retry', 'ServiceUnavailable', false],
      [504, 'retry', 'GatewayTimeout', false],
      [507, 'retry', 'ServerError507', false],
      [301, 'failed', 'Redirect301', false],
      [418, 'failed', 'HTTP418', false],
    ];
    const ch = channel();
    const ts = targets(table.length + 1);
    table.forEach(([status], i) => emu.injectFault({ endpoint: ts[i]!.endpoint, status }));
    const outcomes = await ch.send({ payload: { m: 1 } }, ts);
    table.forEach(([status, kind, label, channelWide], i) => {
      const o = outcomes[i]!;
      assert.equal(o.token, ts[i]!.token);
      assert.equal(o.kind, kind, String(status));
      if (o.kind !== 'delivered') assert.ok(o.reason === label || o.reason.startsWith(`${label}:`), `${status}: ${o.reason}`);
      if (o.kind === 'failed') assert.equal(o.channelWide === true, channelWide, String(status));
      if (o.kind === 'retry') assert.ok(o.retryAfterMs >= 1000 && o.retryAfterMs <= 300_000, String(status));
    });
    assert.equal(outcomes[table.length]!.kind, 'delivered');
  });

  it('answers 429 with Retry-After as retry after exactly that delay, then delivers', async () => {
    const ch = channel();
    const [t] = targets(1);
    emu.injectFault({ endpoint: t!.endpoint, status: 429, retryAfterSeconds: 7, times: 1 });
    assert.deepEqual(only(await ch.send({ payload: { m: 1 } }, [t!])), { kind: 'retry', token: t!.token, reason: 'TooManyRequests', retryAfterMs: 7000 });
    assert.equal(only(await ch.send({ payload: { m: 1 } }, [t!])).kind, 'delivered');
  });

  it('holds an origin after 503 with Retry-After: the rest of the batch is not sent', async () => {
    let now = Date.now();
    const ch = channel({ maxInFlight: 1, clock: () => now });
    const ts = targets(3);
    emu.injectFault({ status: 503, retryAfterSeconds: 5, times: 1 });
    const outcomes = await ch.send({ payload: { m: 1 } }, ts);
    assert.deepEqual(outcomes[0], { kind: 'retry', token: ts[0]!.token, reason: 'ServiceUnavailable:errno201', retryAfterMs: 5000 });
    for (const o of outcomes.slice(1)) {
      assert.equal(o.kind, 'retry');
      assert.equal(o.kind === 'retry' && o.reason, 'ServiceUnavailable:held');
      assert.equal(o.kind === 'retry' && o.retryAfterMs, 5000);
    }
    assert.equal(emu.counters.requests, 1);
    assert.equal(ch.stats.held, 2);
    now += 5001;
    assert.deepEqual((await ch.send({ payload: { m: 1 } }, ts)).map((o) => o.kind), ['delivered', 'delivered', 'delivered']);
  });

  it('backs off exponentially per origin, capped, when no Retry-After comes', async () => {
    let now = Date.now();
    const ch = channel({ clock: () => now, maxRetryDelayMs: 4000 });
    const [t] = targets(1);
    emu.injectFault({ endpoint: t!.endpoint, status: 500 });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const o = only(await ch.send({ payload: { m: 1 } }, [t!]));
      assert.equal(o.kind, 'retry');
      if (o.kind === 'retry') delays.push(o.retryAfterMs);
      now += 10_000;
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 4000, 4000]);
  });

  it('fails channel-wide on a VAPID key the subscription was not made with, keeps the subscription, and re-signs next time', async () => {
    const other: WebPushCredential = { subject: SUBJECT, ...generateVapidKeys() };
    const ch = channel({ credential: other });
    const [t] = targets(1);
    const first = only(await ch.send({ payload: { m: 1 } }, [t!]));
    assert.deepEqual(first, { kind: 'failed', token: t!.token, reason: 'Forbidden:errno109', channelWide: true });
    assert.equal(ch.stats.vapidTokensMinted, 1);
    await ch.send({ payload: { m: 1 } }, [t!]);
    assert.equal(ch.stats.vapidTokensMinted, 2, 'the refused token is not reused');
    assert.deepEqual(emu.counters.rejected, { '403:109': 2 });
    // The right key still reaches the same subscription: it was never invalidated.
    assert.equal(only(await channel().send({ payload: { m: 1 } }, [t!])).kind, 'delivered');
  });

  it('reuses one VAPID token per origin for hours and renews it an hour before it expires', async () => {
    const start = Date.now();
    let now = start;
    const ch = channel({ clock: () => now });
    const [t] = targets(1);
    assert.equal(only(await ch.send({ payload: { m: 1 } }, [t!])).kind, 'delivered');
    now = start + 10 * 3_600_000;
    assert.equal(only(await ch.send({ payload: { m: 2 } }, [t!])).kind, 'delivered');
    assert.equal(ch.stats.vapidTokensMinted, 1);
    now = start + 11 * 3_600_000 + 60_000;
    // The channel's clock is 11 hours ahead: its fresh token must still be under the emulator's 24-hour cap.
    assert.equal(only(await ch.send({ payload: { m: 3 } }, [t!])).kind, 'delivered');
    assert.equal(ch.stats.vapidTokensMinted, 2);
    const [a, , c] = emu.inbox(t!.endpoint);
    assert.ok(c!.vapid!.exp > a!.vapid!.exp);
  });

  it('delivers 200 targets in one send over a bounded keep-alive pool', async () => {
    const ch = channel({ maxSocketsPerOrigin: 8 });
    const ts = targets(200);
    const outcomes = await ch.send({ payload: { n: 'hello' } }, ts);
    assert.equal(outcomes.filter((o) => o.kind === 'delivered').length, 200);
    for (const t of ts.slice(0, 5)) assert.deepEqual(emu.inbox(t.endpoint)[0]!.json, { n: 'hello' });
    assert.ok(emu.counters.connections <= 8, `connections ${emu.counters.connections}`);
    // Sequential sends reuse a kept-alive connection instead of opening new ones.
    const before = emu.counters.connections;
    for (const t of ts.slice(0, 10)) assert.equal(only(await ch.send({ payload: { m: 1 } }, [t])).kind, 'delivered');
    assert.equal(emu.counters.connections, before);
    assert.equal(ch.stats.connectionsOpened, emu.counters.connections);
  });

  it('signs one token per push-service origin when subscriptions live on different services', async () => {
    const second = await createWebPushEmulator({ pki });
    try {
      const ch = channel();
      const [a] = targets(1);
      const subB = second.subscribe({ applicationServerKey: credential.publicKey });
      const b = targetFor(subB);
      const outcomes = await ch.send({ payload: { m: 1 } }, [a!, b]);
      assert.deepEqual(outcomes.map((o) => o.kind), ['delivered', 'delivered']);
      assert.equal(emu.inbox(a!.endpoint)[0]!.vapid!.aud, emu.origin);
      assert.equal(second.inbox(subB.endpoint)[0]!.vapid!.aud, second.origin);
      assert.equal(ch.stats.vapidTokensMinted, 2);
    } finally {
      await second.close();
    }
  });

  it('counts what the concurrency limit delayed and dropped', async () => {
    const limited: string[] = [];
    const ch = channel({ maxInFlight: 2, maxQueued: 3, observer: { onLimited: (_c, kind) => limited.push(kind) } });
    emu.setLatency(50);
    const ts = targets(8);
    const outcomes = await ch.send({ payload: { m: 1 } }, ts);
    assert.equal(outcomes.filter((o) => o.kind === 'delivered').length, 5);
    const busy = outcomes.filter((o) => o.kind === 'retry');
    assert.equal(busy.length, 3);
    for (const o of busy) assert.deepEqual(o, { kind: 'retry', token: o.token, reason: 'ChannelBusy', retryAfterMs: 1000 });
    assert.equal(ch.stats.delayed, 3);
    assert.equal(ch.stats.dropped, 3);
    assert.deepEqual(limited.sort(), ['delayed', 'delayed', 'delayed', 'dropped', 'dropped', 'dropped']);
  });

  it('refuses an over-long payload locally and delivers the same text once shaped to the budget', async () => {
    const ch = channel();
    const [t] = targets(1);
    const body = `${'Long message '.repeat(400)}✓`;
    const raw = { notification: { title: 'Title', body }, herald: { pid: '1' } };
    assert.deepEqual(only(await ch.send({ payload: raw }, [t!])), { kind: 'failed', token: t!.token, reason: 'PayloadTooLarge' });
    assert.equal(emu.counters.requests, 0);

    const rest = Buffer.byteLength(JSON.stringify({ notification: { title: '', body: '' }, herald: { pid: '1' } }));
    const shaped = shapeWebPushText({ title: 'Title', body }, WEBPUSH_MAX_PLAINTEXT_BYTES - rest);
    assert.equal(shaped.truncated, true);
    const payload = { notification: { title: shaped.title, body: shaped.body }, herald: { pid: '1' } };
    assert.ok(Buffer.byteLength(JSON.stringify(payload)) <= WEBPUSH_MAX_PLAINTEXT_BYTES);
    assert.equal(only(await ch.send({ payload }, [t!])).kind, 'delivered');
    const got = emu.inbox(t!.endpoint)[0]!.json as { notification: { body: string } };
    assert.ok(got.notification.body.endsWith('…'));
    assert.ok(body.startsWith(got.notification.body.slice(0, -1)));
  });

  it('sends exactly 3993 bytes of plaintext, the most a 4096-byte record carries', async () => {
    const ch = channel();
    const [t] = targets(1);
    const pad = (n: number) => ({ p: 'x'.repeat(n - Buffer.byteLength('{"p":""}')) });
    assert.equal(only(await ch.send({ payload: pad(WEBPUSH_MAX_PLAINTEXT_BYTES) }, [t!])).kind, 'delivered');
    assert.equal(emu.inbox(t!.endpoint)[0]!.bodyBytes, 4096);
    assert.equal(only(await ch.send({ payload: pad(WEBPUSH_MAX_PLAINTEXT_BYTES + 1) }, [t!])).kind, 'failed');
  });

  it('turns the expiration into TTL: 0 means now or never, a past one fails without a request', async () => {
    const ch = channel();
    const [online, offline] = targets(2);
    emu.setBrowserState(offline!.endpoint, { online: false });
    const now0 = { payload: { m: 'now' }, expiration: 0 };
    assert.deepEqual((await ch.send(now0, [online!, offline!])).map((o) => o.kind), ['delivered', 'delivered']);
    assert.equal(emu.inbox(online!.endpoint)[0]!.ttl, 0);
    assert.equal(emu.pending(offline!.endpoint).length, 0);
    assert.equal(emu.counters.expired, 1);
    const past = only(await ch.send({ payload: { m: 1 }, expiration: Math.floor(Date.now() / 1000) - 10 }, [online!]));
    assert.deepEqual(past, { kind: 'failed', token: online!.token, reason: 'Expired' });
    assert.equal(only(await ch.send({ payload: { m: 1 }, urgency: 'urgent' } as unknown as WebPushNotification, [online!])).kind, 'failed');
  });

  it('answers a slow push service with retry (Timeout) and a dead one with retry (NetworkError)', async () => {
    const ch = channel({ requestTimeoutMs: 100 });
    const [t] = targets(1);
    emu.setLatency(400);
    const slow = only(await ch.send({ payload: { m: 1 } }, [t!]));
    assert.equal(slow.kind === 'retry' && slow.reason, 'Timeout');
    emu.setLatency(0);

    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as { port: number }).port;
    closed.close();
    const ua = createECDH('prime256v1');
    ua.generateKeys();
    const dead: DeliveryTarget = {
      token: 'dead',
      vendorToken: JSON.stringify({ endpoint: `https://127.0.0.1:${port}/push/x`, keys: { p256dh: ua.getPublicKey().toString('base64url'), auth: Buffer.alloc(16).toString('base64url') } }),
    };
    const o = only(await ch.send({ payload: { m: 1 } }, [dead]));
    assert.equal(o.kind === 'retry' && o.reason, 'NetworkError:ECONNREFUSED');
  });

  it('close() lets sent requests finish and answers later sends ChannelClosed', async () => {
    const ch = channel();
    const [t] = targets(1);
    emu.setLatency(100);
    const pending = ch.send({ payload: { m: 1 } }, [t!]);
    await new Promise((r) => setTimeout(r, 20));
    await ch.close();
    assert.equal(only(await pending).kind, 'delivered');
    assert.deepEqual(only(await ch.send({ payload: { m: 1 } }, [t!])), { kind: 'retry', token: t!.token, reason: 'ChannelClosed', retryAfterMs: 1000 });
  });
});

describe('Web Push channel and a UnifiedPush distributor on plain HTTP', () => {
  let distributor: WebPushEmulator;
  before(async () => {
    distributor = await createWebPushEmulator({ secure: false, unifiedPush: true });
  });
  after(() => distributor.close());

  it('delivers to a loopback http endpoint that speaks RFC 8030, as UnifiedPush distributors do', async () => {
    // Distributors hand out unrestricted endpoints; VAPID is sent anyway and checked when present.
    const sub = distributor.subscribe();
    assert.equal(await probeUnifiedPushEndpoint(sub.endpoint, { allowLoopbackHttp: true }), 1);
    const ch = createWebPushChannel({ credential, allowLoopbackHttp: true });
    try {
      const t = targetFor(sub);
      assert.equal(only(await ch.send({ payload: { up: 'hello' }, collapseId: 'u1' }, [t])).kind, 'delivered');
      const [got] = distributor.inbox(sub.endpoint);
      assert.deepEqual(got!.json, { up: 'hello' });
      assert.equal(got!.vapid?.aud, distributor.origin);
    } finally {
      await ch.close();
    }
    // Without the loopback allowance an http endpoint is not a subscription at all.
    const strict = createWebPushChannel({ credential });
    try {
      assert.deepEqual(only(await strict.send({ payload: { m: 1 } }, [targetFor(sub)])), { kind: 'rejected', token: `herald-${String(counter).padStart(29, '0')}`, reason: 'InvalidSubscription' });
    } finally {
      await strict.close();
    }
    assert.equal(await probeUnifiedPushEndpoint(sub.endpoint.replace('/push/', '/nothing/'), { allowLoopbackHttp: true }), undefined);
  });
});

describe('Web Push channel against web-push-testing (an independent push service)', () => {
  let child: ChildProcess;
  let base: string;

  async function freePort(): Promise<number> {
    const s = createServer();
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }

  async function call<T>(path: string, body: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json().catch(() => undefined)) as T };
  }

  before(async () => {
    const bin = createRequire(import.meta.url).resolve('web-push-testing/src/bin/server.js');
    const port = await freePort();
    child = spawn(process.execPath, [bin, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    // It logs every refused token to stderr; the test reads outcomes instead.
    child.stderr!.resume();
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`web-push-testing exited with ${code}`)));
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('running')) resolve();
      });
    });
    base = `http://127.0.0.1:${port}`;
  });
  after(() => {
    child.kill();
  });

  it('delivers what web-push-testing decrypts and VAPID-verifies; expired and foreign-key cases map to outcomes', async () => {
    const subscribe = async () => (await call<{ data: EmulatorSubscription & { clientHash: string } }>('/subscribe', { applicationServerKey: credential.publicKey })).json.data;
    const messages = async (clientHash: string) => (await call<{ data: { messages: string[] } }>('/get-notifications', { clientHash })).json.data.messages;
    const sub = await subscribe();
    const ch = createWebPushChannel({ credential, allowLoopbackHttp: true });
    try {
      const payload = { web_push: 8030, notification: { title: 'Hi', body: 'from Herald ✓', navigate: 'https://app.example.com/' } };
      const t = targetFor(sub);
      assert.equal(only(await ch.send({ payload, urgency: 'normal', collapseId: 'w1', expiration: Math.floor(Date.now() / 1000) + 600 }, [t])).kind, 'delivered');
      assert.deepEqual((await messages(sub.clientHash)).map((m) => JSON.parse(m)), [payload]);

      await call('/expire-subscription/' + sub.clientHash, {});
      const gone = only(await ch.send({ payload: { m: 1 } }, [t]));
      assert.equal(gone.kind, 'rejected');
      assert.equal(gone.kind === 'rejected' && gone.reason, 'Gone:Push subscription has unsubscribed or expired.');
    } finally {
      await ch.close();
    }
    // A token signed with another key fails its signature check there: a credential problem, channel-wide.
    const foreign = createWebPushChannel({ credential: { subject: SUBJECT, ...generateVapidKeys() }, allowLoopbackHttp: true });
    try {
      const o = only(await foreign.send({ payload: { m: 1 } }, [targetFor(await subscribe())]));
      assert.equal(o.kind, 'failed');
      assert.equal(o.kind === 'failed' && o.channelWide, true);
    } finally {
      await foreign.close();
    }
  });
});
