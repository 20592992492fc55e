import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type http2 from 'node:http2';
import { SignJWT } from 'jose';
import { createApnsEmulator, type ApnsEmulator } from '../apns/index.ts';
import { createTestPki, generateP8 } from '../pki/index.ts';
import { closeSession, connect, mintToken, post, type BareResponse } from './apns-bare-client.ts';

const TEAM = 'TEAM123456';
const OTHER_TEAM = 'OTHER12345';
const TOPIC = 'com.example.app';
const PROD_TOKEN = 'a'.repeat(64);
const DEV_TOKEN = 'b'.repeat(64);
const GONE_TOKEN = 'c'.repeat(64);
const OTHER_APP_TOKEN = 'd'.repeat(64);
const UNKNOWN_TOKEN = 'e'.repeat(64);
/** A PushKit token of the app: registered under `.voip`, it takes VoIP pushes only. */
const VOIP_TOKEN = 'f0'.repeat(32);
const APNS_ID = '8f9a4c52-1b2d-4e3f-9a8b-7c6d5e4f3a2b';
const GONE_AT = 1_700_000_000_123;

const pki = createTestPki();
const key = generateP8();
const otherTeamKey = generateP8();
const scopedKey = generateP8();
let now = Date.now();
let emu: ApnsEmulator;

function nowSeconds(): number {
  return Math.floor(now / 1000);
}

function assertReason(res: BareResponse, status: number, reason: string): void {
  assert.equal(res.status, status, `expected ${status} ${reason}, got ${res.status} ${res.body}`);
  assert.equal(res.headers['content-type'], 'application/json');
  assert.equal(res.json?.reason, reason);
}

before(async () => {
  emu = await createApnsEmulator({ pki, clock: () => now });
  emu.registerKey({ keyId: key.keyId, teamId: TEAM, publicKeyPem: key.publicKeyPem });
  emu.registerKey({ keyId: otherTeamKey.keyId, teamId: OTHER_TEAM, publicKeyPem: otherTeamKey.publicKeyPem });
  emu.registerKey({ keyId: scopedKey.keyId, teamId: TEAM, publicKeyPem: scopedKey.publicKeyPem, topics: ['com.example.other'] });
  emu.registerDevice({ token: PROD_TOKEN, topic: TOPIC, environment: 'product' });
  emu.registerDevice({ token: DEV_TOKEN, topic: TOPIC, environment: 'dev' });
  emu.registerDevice({ token: GONE_TOKEN, topic: TOPIC, environment: 'product' });
  emu.unregisterDevice(GONE_TOKEN, GONE_AT);
  emu.registerDevice({ token: OTHER_APP_TOKEN, topic: 'com.example.other', environment: 'product' });
  emu.registerDevice({ token: VOIP_TOKEN, topic: `${TOPIC}.voip`, environment: 'product' });
});

after(() => emu.close());

describe('token connections', () => {
  let session: http2.ClientHttp2Session;
  let jwt: string;
  const ok = (extra: http2.OutgoingHttpHeaders = {}): http2.OutgoingHttpHeaders => ({
    ':path': `/3/device/${PROD_TOKEN}`,
    authorization: `bearer ${jwt}`,
    'apns-topic': TOPIC,
    'apns-push-type': 'alert',
    ...extra,
  });

  before(async () => {
    session = await connect(emu.urlFor('product'), emu.caCertPem);
    jwt = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
  });
  after(() => closeSession(session));

  test('starts with one stream and raises the limit after the first authorised request', async () => {
    assert.equal(session.remoteSettings.maxConcurrentStreams, 1);
    const settings = once(session, 'remoteSettings');
    const res = await post(session, ok({ 'apns-id': APNS_ID, 'apns-expiration': '0', 'apns-priority': '5', 'apns-collapse-id': 'c1' }));
    assert.equal(res.status, 200);
    assert.equal(res.headers['apns-id'], APNS_ID);
    assert.equal(res.body, '');
    await settings;
    assert.equal(session.remoteSettings.maxConcurrentStreams, 1000);

    const [n] = emu.inbox(PROD_TOKEN).filter((x) => x.apnsId === APNS_ID);
    assert.ok(n);
    assert.deepEqual(n.payload, { aps: { alert: 'hi' } });
    assert.equal(n.topic, TOPIC);
    assert.equal(n.pushType, 'alert');
    assert.equal(n.priority, 5);
    assert.equal(n.expiration, 0);
    assert.equal(n.collapseId, 'c1');
    assert.equal(n.environment, 'product');
    assert.equal(n.receivedAt, now);
    assert.equal(n.headers['apns-collapse-id'], 'c1');
    assert.equal(n.headers['authorization'], undefined);
  });

  test('generates an apns-id when the request has none', async () => {
    const res = await post(session, ok());
    assert.equal(res.status, 200);
    assert.match(String(res.headers['apns-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  const headerCases: Array<[string, () => http2.OutgoingHttpHeaders, number, string, (string | Buffer)?]> = [
    ['DuplicateHeaders', () => ok({ 'apns-topic': [TOPIC, TOPIC] }), 400, 'DuplicateHeaders'],
    ['BadMessageId', () => ok({ 'apns-id': 'not-a-uuid' }), 400, 'BadMessageId'],
    ['MethodNotAllowed', () => ok({ ':method': 'PUT' }), 405, 'MethodNotAllowed'],
    ['MissingTopic', () => ok({ 'apns-topic': undefined }), 400, 'MissingTopic'],
    ['BadCollapseId (65 bytes)', () => ok({ 'apns-collapse-id': 'x'.repeat(65) }), 400, 'BadCollapseId'],
    ['BadCollapseId (33 two-byte characters)', () => ok({ 'apns-collapse-id': 'é'.repeat(33) }), 400, 'BadCollapseId'],
    ['BadPriority', () => ok({ 'apns-priority': '7' }), 400, 'BadPriority'],
    ['background with priority 10', () => ok({ 'apns-push-type': 'background', 'apns-priority': '10' }), 400, 'BadPriority'],
    ['InvalidPushType', () => ok({ 'apns-push-type': 'banner' }), 400, 'InvalidPushType'],
    ['BadExpirationDate', () => ok({ 'apns-expiration': 'tomorrow' }), 400, 'BadExpirationDate'],
    ['BadPath', () => ok({ ':path': '/3/devices/' + PROD_TOKEN }), 404, 'BadPath'],
    ['MissingDeviceToken', () => ok({ ':path': '/3/device/' }), 400, 'MissingDeviceToken'],
    ['BadDeviceToken (format)', () => ok({ ':path': '/3/device/xyz' }), 400, 'BadDeviceToken'],
    ['BadDeviceToken (unknown device)', () => ok({ ':path': `/3/device/${UNKNOWN_TOKEN}` }), 400, 'BadDeviceToken'],
    ['BadDeviceToken (sandbox token on production)', () => ok({ ':path': `/3/device/${DEV_TOKEN}` }), 400, 'BadDeviceToken'],
    ['DeviceTokenNotForTopic', () => ok({ ':path': `/3/device/${OTHER_APP_TOKEN}` }), 400, 'DeviceTokenNotForTopic'],
    ['MissingProviderToken', () => ok({ authorization: undefined }), 403, 'MissingProviderToken'],
    ['PayloadEmpty', () => ok(), 400, 'PayloadEmpty', ''],
    ['PayloadTooLarge (alert > 4096)', () => ok(), 413, 'PayloadTooLarge', JSON.stringify({ aps: { alert: 'x'.repeat(4100) } })],
    ['PayloadTooLarge (voip > 5120)', () => ok({ ':path': `/3/device/${VOIP_TOKEN}`, 'apns-push-type': 'voip', 'apns-topic': `${TOPIC}.voip` }), 413, 'PayloadTooLarge', Buffer.alloc(5121, 0x20)],
  ];
  for (const [name, headers, status, reason, body] of headerCases) {
    test(`rejects: ${name}`, async () => {
      assertReason(await post(session, headers(), body), status, reason);
    });
  }

  test('a VoIP payload may use up to 5120 bytes', async () => {
    const body = JSON.stringify({ aps: {}, pad: 'x'.repeat(5100) }).padEnd(5120, ' ');
    const res = await post(session, ok({ ':path': `/3/device/${VOIP_TOKEN}`, 'apns-push-type': 'voip', 'apns-topic': `${TOPIC}.voip` }), body);
    assert.equal(res.status, 200);
  });

  test('410 Unregistered carries the millisecond timestamp', async () => {
    const res = await post(session, ok({ ':path': `/3/device/${GONE_TOKEN}` }));
    assertReason(res, 410, 'Unregistered');
    assert.equal(res.json?.timestamp, GONE_AT);
  });

  test('re-registering an unregistered device makes it reachable again', async () => {
    const token = '1'.repeat(64);
    emu.registerDevice({ token, topic: TOPIC, environment: 'product' });
    emu.unregisterDevice(token);
    assertReason(await post(session, ok({ ':path': `/3/device/${token}` })), 410, 'Unregistered');
    emu.registerDevice({ token, topic: TOPIC, environment: 'product' });
    assert.equal((await post(session, ok({ ':path': `/3/device/${token}` }))).status, 200);
  });
});

describe('provider token rules', () => {
  async function fresh(): Promise<http2.ClientHttp2Session> {
    return connect(emu.urlFor('product'), emu.caCertPem);
  }
  const headers = (jwt: string, topic = TOPIC, token = PROD_TOKEN): http2.OutgoingHttpHeaders => ({
    ':path': `/3/device/${token}`,
    authorization: `bearer ${jwt}`,
    'apns-topic': topic,
  });

  test('InvalidProviderToken: bad signature, unknown key, wrong alg, wrong team, topic outside the key', async () => {
    const s = await fresh();
    try {
      const forged = await mintToken({ privateKeyPem: otherTeamKey.privateKeyPem, keyId: key.keyId, teamId: TEAM, iatSeconds: nowSeconds() });
      assertReason(await post(s, headers(forged)), 403, 'InvalidProviderToken');
      const unknownKid = await mintToken({ privateKeyPem: key.privateKeyPem, keyId: 'UNKNOWN123', teamId: TEAM, iatSeconds: nowSeconds() });
      assertReason(await post(s, headers(unknownKid)), 403, 'InvalidProviderToken');
      const hs256 = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: key.keyId }).setIssuer(TEAM).setIssuedAt(nowSeconds()).sign(new Uint8Array(32));
      assertReason(await post(s, headers(hs256)), 403, 'InvalidProviderToken');
      const wrongTeam = await mintToken({ ...key, teamId: OTHER_TEAM, iatSeconds: nowSeconds() });
      assertReason(await post(s, headers(wrongTeam)), 403, 'InvalidProviderToken');
      assertReason(await post(s, headers('not.a.jwt')), 403, 'InvalidProviderToken');
      const scoped = await mintToken({ ...scopedKey, teamId: TEAM, iatSeconds: nowSeconds() });
      assertReason(await post(s, headers(scoped)), 403, 'InvalidProviderToken');
      assert.equal((await post(s, headers(scoped, 'com.example.other', OTHER_APP_TOKEN))).status, 200);
      // Until a valid token is seen the connection keeps its single stream.
    } finally {
      await closeSession(s);
    }
  });

  test('ExpiredProviderToken once iat is more than an hour old by the injected clock', async () => {
    const s = await fresh();
    const saved = now;
    try {
      const jwt = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
      assert.equal((await post(s, headers(jwt))).status, 200);
      now += 61 * 60_000;
      assertReason(await post(s, headers(jwt)), 403, 'ExpiredProviderToken');
      const renewed = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
      assert.equal((await post(s, headers(renewed))).status, 200);
    } finally {
      now = saved;
      await closeSession(s);
    }
  });

  test('TooManyProviderTokenUpdates for a new token within 20 minutes on one connection', async () => {
    const s = await fresh();
    const saved = now;
    try {
      const first = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
      assert.equal((await post(s, headers(first))).status, 200);
      now += 60_000;
      const second = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
      assertReason(await post(s, headers(second)), 429, 'TooManyProviderTokenUpdates');
      assert.equal((await post(s, headers(first))).status, 200);
      now += 20 * 60_000;
      assert.equal((await post(s, headers(second))).status, 200);
      // The same new token on another connection is that connection's first token: fine.
      const other = await fresh();
      try {
        assert.equal((await post(other, headers(second))).status, 200);
      } finally {
        await closeSession(other);
      }
    } finally {
      now = saved;
      await closeSession(s);
    }
  });

  test('UnrelatedKeyIdInToken for a second key (or team) on a bound connection', async () => {
    const s = await fresh();
    try {
      const first = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
      assert.equal((await post(s, headers(first))).status, 200);
      const second = await mintToken({ ...otherTeamKey, teamId: OTHER_TEAM, iatSeconds: nowSeconds() });
      assertReason(await post(s, headers(second)), 403, 'UnrelatedKeyIdInToken');
    } finally {
      await closeSession(s);
    }
  });
});

describe('sandbox listener', () => {
  test('delivers sandbox tokens, rejects production ones, adds apns-unique-id', async () => {
    const s = await connect(emu.urlFor('dev'), emu.caCertPem);
    try {
      const jwt = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
      const res = await post(s, { ':path': `/3/device/${DEV_TOKEN}`, authorization: `bearer ${jwt}`, 'apns-topic': TOPIC });
      assert.equal(res.status, 200);
      assert.ok(res.headers['apns-unique-id']);
      assert.equal(emu.inbox(DEV_TOKEN).at(-1)?.environment, 'dev');
      assertReason(await post(s, { ':path': `/3/device/${PROD_TOKEN}`, authorization: `bearer ${jwt}`, 'apns-topic': TOPIC }), 400, 'BadDeviceToken');
    } finally {
      await closeSession(s);
    }
  });
});

describe('certificate connections', () => {
  const clientPki = createTestPki();
  const strangerPki = createTestPki();
  const universal = clientPki.issueApnsClientCert({ bundleId: TOPIC, environment: 'universal' });
  const production = clientPki.issueApnsClientCert({ bundleId: TOPIC, environment: 'product' });
  const stranger = strangerPki.issueApnsClientCert({ bundleId: TOPIC, environment: 'universal' });
  const expired = clientPki.issueApnsClientCert({
    bundleId: TOPIC,
    environment: 'universal',
    notBefore: new Date(Date.now() - 3 * 86_400_000),
    notAfter: new Date(Date.now() - 86_400_000),
  });
  before(() => emu.trustClientCa(clientPki.caCertPem));

  async function certPost(env: 'product' | 'dev', cert: { certPem: string; keyPem: string }, h: http2.OutgoingHttpHeaders): Promise<BareResponse> {
    const s = await connect(emu.urlFor(env), emu.caCertPem, { cert: cert.certPem, key: cert.keyPem });
    try {
      return await post(s, h);
    } finally {
      await closeSession(s);
    }
  }

  test('is authorised from the start: no authorization header, raised stream limit', async () => {
    const s = await connect(emu.urlFor('product'), emu.caCertPem, { cert: universal.certPem, key: universal.keyPem });
    try {
      if (s.remoteSettings.maxConcurrentStreams !== 1000) await once(s, 'remoteSettings');
      assert.equal(s.remoteSettings.maxConcurrentStreams, 1000);
      const res = await post(s, { ':path': `/3/device/${PROD_TOKEN}`, 'apns-topic': TOPIC, authorization: 'bearer ignored' });
      assert.equal(res.status, 200);
      const voip = await post(s, { ':path': `/3/device/${VOIP_TOKEN}`, 'apns-topic': `${TOPIC}.voip`, 'apns-push-type': 'voip' });
      assert.equal(voip.status, 200);
    } finally {
      await closeSession(s);
    }
  });

  test('a single-topic certificate supplies the topic; a multi-topic one needs apns-topic', async () => {
    assert.equal((await certPost('product', production, { ':path': `/3/device/${PROD_TOKEN}` })).status, 200);
    assert.equal(emu.inbox(PROD_TOKEN).at(-1)?.topic, TOPIC);
    assertReason(await certPost('product', universal, { ':path': `/3/device/${PROD_TOKEN}` }), 400, 'MissingTopic');
  });

  test('BadCertificateEnvironment, BadCertificate and BadTopic', async () => {
    assertReason(await certPost('dev', production, { ':path': `/3/device/${DEV_TOKEN}`, 'apns-topic': TOPIC }), 403, 'BadCertificateEnvironment');
    assert.equal((await certPost('dev', universal, { ':path': `/3/device/${DEV_TOKEN}`, 'apns-topic': TOPIC })).status, 200);
    assertReason(await certPost('product', stranger, { ':path': `/3/device/${PROD_TOKEN}`, 'apns-topic': TOPIC }), 403, 'BadCertificate');
    assertReason(await certPost('product', expired, { ':path': `/3/device/${PROD_TOKEN}`, 'apns-topic': TOPIC }), 403, 'BadCertificate');
    emu.registerDevice({ token: 'f'.repeat(64), topic: 'com.example.other', environment: 'product' });
    assertReason(await certPost('product', universal, { ':path': `/3/device/${'f'.repeat(64)}`, 'apns-topic': 'com.example.other' }), 400, 'BadTopic');
  });
});

describe('faults, latency, shutdown and counters', () => {
  test('per-token and global faults with counts and retry-after', async () => {
    const s = await connect(emu.urlFor('product'), emu.caCertPem);
    try {
      const jwt = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
      const h = { ':path': `/3/device/${PROD_TOKEN}`, authorization: `bearer ${jwt}`, 'apns-topic': TOPIC };
      emu.injectFault({ token: PROD_TOKEN.toUpperCase(), status: 429, reason: 'TooManyRequests', times: 1, retryAfterSeconds: 30 });
      const limited = await post(s, h);
      assertReason(limited, 429, 'TooManyRequests');
      assert.equal(limited.headers['retry-after'], '30');
      assert.equal((await post(s, h)).status, 200);

      emu.injectFault({ status: 503, reason: 'ServiceUnavailable', times: 2, retryAfterSeconds: 5 });
      assertReason(await post(s, h), 503, 'ServiceUnavailable');
      assertReason(await post(s, h), 503, 'ServiceUnavailable');
      assert.equal((await post(s, h)).status, 200);

      emu.injectFault({ token: PROD_TOKEN, status: 410, reason: 'Unregistered' });
      const gone = await post(s, h);
      assertReason(gone, 410, 'Unregistered');
      assert.equal(gone.json?.timestamp, now);
      emu.clearFaults();
      emu.setLatency(20);
      assert.equal((await post(s, h)).status, 200);
      emu.setLatency(0);
    } finally {
      await closeSession(s);
    }
  });

  test('shutdown sends GOAWAY with {"reason":"Shutdown"}, and new connections still work', async () => {
    const s = await connect(emu.urlFor('product'), emu.caCertPem);
    const goaway = once(s, 'goaway') as Promise<[number, number, Buffer | undefined]>;
    emu.shutdown();
    const [code, , data] = await goaway;
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(String(data)), { reason: 'Shutdown' });
    await closeSession(s);
    const again = await connect(emu.urlFor('product'), emu.caCertPem);
    const jwt = await mintToken({ ...key, teamId: TEAM, iatSeconds: nowSeconds() });
    assert.equal((await post(again, { ':path': `/3/device/${PROD_TOKEN}`, authorization: `bearer ${jwt}`, 'apns-topic': TOPIC })).status, 200);
    await closeSession(again);
  });

  test('counters and reset', async () => {
    const c = emu.counters;
    assert.ok(c.requests >= c.accepted + Object.values(c.rejected).reduce((a, b) => a + b, 0));
    assert.ok(c.accepted > 0 && c.connections > 0 && c.maxStreamsSeen >= 1);
    assert.ok((c.rejected['BadDeviceToken'] ?? 0) >= 3);
    emu.reset();
    assert.deepEqual(emu.counters, { requests: 0, accepted: 0, rejected: {}, maxStreamsSeen: 0, connections: 0 });
    assert.deepEqual(emu.inbox(PROD_TOKEN), []);
  });
});

describe('acceptUnknownDevices and keepPayloads', () => {
  test('unknown tokens are delivered when accepted; keepPayloads:false only counts', async () => {
    for (const keepPayloads of [true, false]) {
      const e = await createApnsEmulator({ pki, acceptUnknownDevices: true, keepPayloads });
      e.registerKey({ keyId: key.keyId, teamId: TEAM, publicKeyPem: key.publicKeyPem });
      const s = await connect(e.urlFor('product'), e.caCertPem);
      try {
        const jwt = await mintToken({ ...key, teamId: TEAM, iatSeconds: Math.floor(Date.now() / 1000) });
        const res = await post(s, { ':path': `/3/device/${UNKNOWN_TOKEN}`, authorization: `bearer ${jwt}`, 'apns-topic': TOPIC });
        assert.equal(res.status, 200);
        assert.equal(e.counters.accepted, 1);
        assert.equal(e.inbox(UNKNOWN_TOKEN).length, keepPayloads ? 1 : 0);
      } finally {
        await closeSession(s);
        await e.close();
      }
    }
  });
});
