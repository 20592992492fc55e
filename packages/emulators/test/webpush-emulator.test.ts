import assert from 'node:assert/strict';
import { createECDH, generateKeyPairSync, type KeyObject } from 'node:crypto';
import https from 'node:https';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import webpush from 'web-push';
import { createWebPushEmulator, decryptAes128gcm, type EmulatorSubscription, type WebPushEmulator } from '../webpush/index.ts';

const SUBJECT = 'mailto:ops@example.com';
const vapid = webpush.generateVAPIDKeys();
const details = { subject: SUBJECT, publicKey: vapid.publicKey, privateKey: vapid.privateKey };

interface Answer {
  status: number;
  headers: Headers;
  json: { code?: number; errno?: number; error?: string; message?: string; more_info?: string } | undefined;
}

/** A request built by the web-push library (an independent client), sent with fetch, headers overridable. */
async function push(sub: EmulatorSubscription, payload: string | null, o: { headers?: Record<string, string | undefined>; options?: webpush.RequestOptions } = {}): Promise<Answer> {
  const options: webpush.RequestOptions = { vapidDetails: details, TTL: 60, ...o.options };
  const request: webpush.RequestDetails = payload === null ? webpush.generateRequestDetails(sub, null, options) : webpush.generateRequestDetails(sub, payload, options);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'content-length') headers[name.toLowerCase()] = String(value);
  }
  for (const [name, value] of Object.entries(o.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return send(request.endpoint, headers, request.body ?? undefined);
}

async function send(url: string, headers: Record<string, string>, body?: Buffer, method = 'POST'): Promise<Answer> {
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: new Uint8Array(body) } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : (JSON.parse(text) as Answer['json']) };
}

function assertError(a: Answer, status: number, errno: number | undefined, message?: string | RegExp): void {
  assert.equal(a.status, status, JSON.stringify(a.json));
  assert.equal(a.headers.get('content-type'), 'application/json');
  assert.equal(a.json?.code, status);
  assert.equal(a.json?.errno, errno);
  assert.equal(typeof a.json?.error, 'string');
  assert.match(a.json?.more_info ?? '', /autopush/);
  if (typeof message === 'string') assert.equal(a.json?.message, message);
  else if (message !== undefined) assert.match(a.json?.message ?? '', message);
}

/** An ES256 key pair with its raw 65-byte public point as `k`, signed with jose (not the code under test). */
function signer(): { privateKey: KeyObject; k: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const k = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]).toString('base64url');
  return { privateKey, k };
}

async function token(key: { privateKey: KeyObject; k: string }, claims: Record<string, unknown>, alg = 'ES256'): Promise<string> {
  const jwt = await new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg }).sign(key.privateKey);
  return `vapid t=${jwt}, k=${key.k}`;
}

test('the web-push library delivers over HTTPS and the virtual browser decrypts it', async () => {
  const emu = await createWebPushEmulator();
  const agent = new https.Agent({ ca: emu.caCertPem });
  try {
    const sub = emu.subscribe({ applicationServerKey: vapid.publicKey });
    assert.match(sub.endpoint, new RegExp(`^${emu.origin}/push/[A-Za-z0-9_-]{27}$`));
    assert.equal(Buffer.from(sub.keys.p256dh, 'base64url').length, 65);
    assert.equal(Buffer.from(sub.keys.auth, 'base64url').length, 16);
    const payload = JSON.stringify({ title: 'Hello', body: 'Grüße ✓' });
    const res = await webpush.sendNotification(sub, payload, { vapidDetails: details, TTL: 120, urgency: 'high', topic: 'greeting', agent });
    assert.equal(res.statusCode, 201);
    assert.match(res.headers['location'] ?? '', new RegExp(`^${emu.origin}/m/`));
    assert.equal(res.headers['ttl'], '120');
    const [got] = emu.inbox(sub.endpoint);
    assert.ok(got);
    assert.equal(got.text, payload);
    assert.deepEqual(got.json, { title: 'Hello', body: 'Grüße ✓' });
    assert.equal(got.ttl, 120);
    assert.equal(got.urgency, 'high');
    assert.equal(got.topic, 'greeting');
    assert.equal(got.vapid?.aud, emu.origin);
    assert.equal(got.vapid?.sub, SUBJECT);
    assert.equal(got.vapid?.k, vapid.publicKey);
    assert.equal(res.headers['location'], `${emu.origin}/m/${got.id}`);
  } finally {
    agent.destroy();
    await emu.close();
  }
});

test('decrypts the RFC 8291 Appendix A message', () => {
  const b = (s: string) => Buffer.from(s, 'base64url');
  const ua = createECDH('prime256v1');
  ua.setPrivateKey(b('q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94'));
  const body = b(
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
  );
  assert.equal(decryptAes128gcm(body, ua, b('BTBZMqHH6r4Tts7J_aSIgg')).toString(), 'When I grow up, I want to be a watermelon');
  const tampered = Buffer.from(body);
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
  assert.throws(() => decryptAes128gcm(tampered, ua, b('BTBZMqHH6r4Tts7J_aSIgg')), /authentication tag/);
});

describe('the push service over plain HTTP, driven by fetch', () => {
  let emu: WebPushEmulator;
  let now = Date.now();
  before(async () => {
    emu = await createWebPushEmulator({ secure: false, clock: () => now, maxTtlSeconds: 3600 });
  });
  beforeEach(() => {
    emu.reset();
    now = Date.now();
  });
  after(() => emu.close());

  test('VAPID: a restricted subscription takes only a valid token signed by its own key', async () => {
    const sub = emu.subscribe({ applicationServerKey: vapid.publicKey });
    assert.equal((await push(sub, 'ok')).status, 201);
    assertError(await push(sub, 'x', { headers: { authorization: undefined } }), 401, 109, 'authorization header must be specified');
    assertError(await push(sub, 'x', { headers: { authorization: 'WebPush abc' } }), 401, 109, /invalid format/);

    const mine = { privateKey: signer().privateKey, k: vapid.publicKey };
    const other = signer();
    const exp = Math.floor(now / 1000) + 3600;
    const aud = emu.origin;
    const cases: Array<[string, string | Promise<string>, string | RegExp]> = [
      ['signed by another key, sent with ours', token(mine, { aud, exp, sub: SUBJECT }), 'invalid JWT provided'],
      ['another valid key', token(other, { aud, exp, sub: SUBJECT }), /does not match/],
      ['wrong audience', token(other, { aud: 'https://push.example.net', exp, sub: SUBJECT }), /aud claim/],
      ['audience with a path', token(other, { aud: `${aud}/push`, exp, sub: SUBJECT }), /aud claim/],
      ['expired', token(other, { aud, exp: Math.floor(now / 1000) - 1, sub: SUBJECT }), 'token has expired'],
      ['more than 24 h ahead', token(other, { aud, exp: Math.floor(now / 1000) + 86_401, sub: SUBJECT }), /24 hours/],
      ['no exp', token(other, { aud, sub: SUBJECT }), 'exp claim is missing'],
      ['no sub', token(other, { aud, exp }), /sub claim/],
      ['sub at localhost', token(other, { aud, exp, sub: 'mailto:me@localhost' }), /sub claim/],
      ['no k', `vapid t=${(await token(other, { aud, exp, sub: SUBJECT })).split('t=')[1]!.split(',')[0]}`, /no public application server key/],
      ['short k', `vapid t=abc.def.ghi, k=${Buffer.alloc(33, 4).toString('base64url')}`, 'public key must be 65 bytes long'],
      ['k off the curve', `vapid t=abc.def.ghi, k=${Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url')}`, /P-256 curve/],
      ['not a JWT', `vapid t=abc, k=${other.k}`, 'invalid JWT provided'],
    ];
    for (const [name, header, message] of cases) {
      const a = await push(sub, 'x', { headers: { authorization: await header } });
      assert.equal(a.status, 403, name);
      assertError(a, 403, 109, message);
    }
    // The same token with `k` belonging to it, against a subscription made for that key: accepted.
    const restrictedToOther = emu.subscribe({ applicationServerKey: other.k });
    assert.equal((await push(restrictedToOther, 'ok', { headers: { authorization: await token(other, { aud, exp, sub: SUBJECT }) } })).status, 201);
    // Unrestricted subscriptions (UnifiedPush style) need no token at all.
    assert.equal((await push(emu.subscribe(), 'ok', { headers: { authorization: undefined } })).status, 201);
  });

  test('RFC 8030 headers and body: TTL, Urgency, Topic, encoding and the 4096-byte limit', async () => {
    const sub = emu.subscribe({ applicationServerKey: vapid.publicKey });
    assertError(await push(sub, 'x', { headers: { ttl: undefined } }), 400, 111);
    assertError(await push(sub, 'x', { headers: { ttl: '-1' } }), 400, 112);
    assertError(await push(sub, 'x', { headers: { ttl: 'soon' } }), 400, 112);
    assertError(await push(sub, 'x', { headers: { urgency: 'urgent' } }), 400, undefined, /very-low, low, normal or high/);
    assertError(await push(sub, 'x', { headers: { topic: 'a'.repeat(33) } }), 400, 113);
    assertError(await push(sub, 'x', { headers: { topic: 'has space' } }), 400, 113);
    // The legacy draft encoding (web-push sends it with `WebPush <JWT>` auth) is not taken; an unrestricted
    // subscription lets the encoding check speak without the VAPID check first.
    assertError(await push(emu.subscribe(), 'x', { options: { contentEncoding: 'aesgcm' }, headers: { authorization: undefined } }), 400, 110, /aes128gcm/);
    assertError(await push(sub, 'x', { headers: { 'content-encoding': undefined } }), 400, 101);
    // 4096 bytes of body are taken (RFC 8030 §7.2); one more is 413 errno 104.
    assert.equal((await push(sub, 'a'.repeat(3993))).status, 201);
    assertError(await push(sub, 'a'.repeat(3994)), 413, 104);
    // A push without data is allowed and keeps its headers.
    const empty = await push(sub, null, { options: { urgency: 'low', topic: 'Tick-1' } });
    assert.equal(empty.status, 201);
    const last = emu.inbox(sub.endpoint).at(-1)!;
    assert.deepEqual([last.text, last.bodyBytes, last.urgency, last.topic], [undefined, 0, 'low', 'Tick-1']);
    // A TTL above the service maximum is lowered and the kept value echoed (RFC 8030 §5.2).
    const long = await push(sub, 'x', { options: { TTL: 86_400 } });
    assert.equal(long.headers.get('ttl'), '3600');
    assert.equal(emu.inbox(sub.endpoint).at(-1)!.ttl, 3600);
    assert.deepEqual(emu.counters.rejected, { '400:111': 1, '400:112': 2, '400': 1, '400:113': 2, '400:110': 1, '400:101': 1, '413:104': 1 });
  });

  test('unknown endpoints answer 404, unsubscribed ones 410 (or 404), other methods 405', async () => {
    const sub = emu.subscribe({ applicationServerKey: vapid.publicKey });
    assertError(await push({ ...sub, endpoint: `${emu.origin}/push/unknown` }, 'x'), 404, 102);
    assertError(await send(`${emu.origin}/elsewhere`, { ttl: '0' }), 404, 102);
    assertError(await send(sub.endpoint, { ttl: '0' }, undefined, 'GET'), 405, undefined);
    emu.unsubscribe(sub.endpoint);
    assertError(await push(sub, 'x'), 410, 103);
    const other = emu.subscribe({ applicationServerKey: vapid.publicKey });
    emu.unsubscribe(other.endpoint, { status: 404 });
    assertError(await push(other, 'x'), 404, 102);
  });

  test('injected faults: 429 with Retry-After once, 5xx, per endpoint or for all, and latency', async () => {
    const [a, b] = [emu.subscribe({ applicationServerKey: vapid.publicKey }), emu.subscribe({ applicationServerKey: vapid.publicKey })];
    emu.injectFault({ endpoint: a.endpoint, status: 429, retryAfterSeconds: 30, times: 1 });
    const limited = await push(a, 'x');
    assertError(limited, 429, undefined);
    assert.equal(limited.headers.get('retry-after'), '30');
    assert.equal((await push(b, 'x')).status, 201, 'the fault was for a only');
    assert.equal((await push(a, 'x')).status, 201, 'used up');
    emu.injectFault({ status: 503, retryAfterSeconds: 5, times: 2 });
    assertError(await push(a, 'x'), 503, 201);
    assertError(await push(b, 'x'), 503, 201);
    assert.equal((await push(b, 'x')).status, 201);
    emu.injectFault({ status: 500, times: 1, errno: 999, message: 'boom' });
    assertError(await push(a, 'x'), 500, 999, 'boom');
    emu.setLatency(120);
    const started = Date.now();
    assert.equal((await push(a, 'x')).status, 201);
    assert.ok(Date.now() - started >= 110);
    emu.clearFaults();
    assert.equal(emu.counters.accepted, 4);
  });

  test('offline browsers: messages wait within TTL, a newer Topic replaces, TTL 0 is now or never', async () => {
    const sub = emu.subscribe({ applicationServerKey: vapid.publicKey, online: false });
    await push(sub, 'score 1-0', { options: { topic: 'score', TTL: 600 } });
    await push(sub, 'score 2-0', { options: { topic: 'score', TTL: 600 } });
    await push(sub, 'news', { options: { TTL: 30 } });
    await push(sub, 'ring', { options: { TTL: 0 } });
    assert.deepEqual(emu.pending(sub.endpoint).map((m) => m.text), ['score 2-0', 'news']);
    assert.equal(emu.counters.replaced, 1);
    assert.equal(emu.counters.expired, 1);
    assert.deepEqual(emu.inbox(sub.endpoint), []);
    now += 31_000;
    emu.setBrowserState(sub.endpoint, { online: true });
    assert.deepEqual(emu.inbox(sub.endpoint).map((m) => m.text), ['score 2-0']);
    assert.equal(emu.counters.expired, 2);
    assert.deepEqual(emu.pending(sub.endpoint), []);
  });

  test('a browser that asks for high urgency only gets lower ones when it lowers its floor', async () => {
    const sub = emu.subscribe({ applicationServerKey: vapid.publicKey, minUrgency: 'high' });
    await push(sub, 'call', { options: { urgency: 'high' } });
    await push(sub, 'promo', { options: { urgency: 'very-low' } });
    await push(sub, 'chat');
    assert.deepEqual(emu.inbox(sub.endpoint).map((m) => [m.text, m.urgency]), [['call', 'high']]);
    emu.setBrowserState(sub.endpoint, { minUrgency: 'normal' });
    assert.deepEqual(emu.inbox(sub.endpoint).map((m) => m.text), ['call', 'chat']);
    assert.deepEqual(emu.pending(sub.endpoint).map((m) => m.text), ['promo']);
  });

  test('a body the browser cannot decrypt is accepted, as a push service would, and marked', async () => {
    const a = emu.subscribe({ applicationServerKey: vapid.publicKey });
    const b = emu.subscribe({ applicationServerKey: vapid.publicKey });
    // Encrypted for b's keys, posted to a's endpoint.
    assert.equal((await push({ ...b, endpoint: a.endpoint }, 'secret')).status, 201);
    const [got] = emu.inbox(a.endpoint);
    assert.equal(got!.text, undefined);
    assert.match(got!.decryptError ?? '', /authentication tag/);
  });

  test('the VAPID key must not double as the message key (RFC 8292 §3.2)', async () => {
    const sub = emu.subscribe({ applicationServerKey: vapid.publicKey });
    const request = webpush.generateRequestDetails(sub, 'x', { vapidDetails: details, TTL: 60 });
    const body = Buffer.from(request.body!);
    // The VAPID public key where the ephemeral ECDH key (the keyid) goes: refused before any decryption.
    Buffer.from(vapid.publicKey, 'base64url').copy(body, 21);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([n]) => n !== 'Content-Length').map(([n, v]) => [n.toLowerCase(), String(v)]));
    assertError(await send(request.endpoint, headers, body), 400, 110, /RFC 8292/);
    assert.equal((await send(request.endpoint, headers, Buffer.from(request.body!))).status, 201);
  });

  test('keeps connections alive for a client that reuses them', async () => {
    const sub = emu.subscribe({ applicationServerKey: vapid.publicKey });
    for (let i = 0; i < 5; i++) assert.equal((await push(sub, `m${i}`)).status, 201);
    // fetch may still hold the connection an earlier test opened (reset() zeroed the count): at most one new.
    assert.ok(emu.counters.connections <= 1, String(emu.counters.connections));
    assert.equal(emu.inbox(sub.endpoint).length, 5);
  });
});

test('UnifiedPush distributor mode: discovery on GET and TTL: 0 on accepted pushes', async () => {
  const emu = await createWebPushEmulator({ secure: false, unifiedPush: true });
  try {
    assert.equal(emu.caCertPem, undefined);
    const sub = emu.subscribe();
    const discovery = await fetch(sub.endpoint);
    assert.equal(discovery.status, 200);
    assert.deepEqual(await discovery.json(), { unifiedpush: { version: 1 } });
    const a = await push(sub, JSON.stringify({ hi: 1 }), { options: { TTL: 300 } });
    assert.equal(a.status, 201);
    assert.equal(a.headers.get('ttl'), '0');
    assert.deepEqual(emu.inbox(sub.endpoint)[0]!.json, { hi: 1 });
  } finally {
    await emu.close();
  }
});
