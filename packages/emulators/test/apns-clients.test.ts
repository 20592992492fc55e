/**
 * Independent APNs clients (@parse/node-apn, apns2) against the emulator: they must get the answers real
 * APNs would give them, and what they send must land in the inbox intact.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import apn from '@parse/node-apn';
import { ApnsClient, ApnsError, Notification, Priority } from 'apns2';
import { createApnsEmulator, type ApnsEmulator } from '../apns/index.ts';
import { createTestPki, generateP8, makeP12 } from '../pki/index.ts';

const TEAM = 'TEAM123456';
const TOPIC = 'com.example.clients';
const GOOD = '0a'.repeat(32);
const GOOD_DEV = '0b'.repeat(32);
const UNKNOWN = '0c'.repeat(32);
const GONE = '0d'.repeat(32);
const GONE_AT = 1_700_000_000_456;
const key = generateP8();
let emu: ApnsEmulator;

before(async () => {
  emu = await createApnsEmulator();
  emu.registerKey({ keyId: key.keyId, teamId: TEAM, publicKeyPem: key.publicKeyPem, topics: [TOPIC] });
  emu.registerDevice({ token: GOOD, topic: TOPIC, environment: 'product' });
  emu.registerDevice({ token: GOOD_DEV, topic: TOPIC, environment: 'dev' });
  emu.registerDevice({ token: GONE, topic: TOPIC, environment: 'product' });
  emu.unregisterDevice(GONE, GONE_AT);
});
after(() => emu.close());

function endpoint(env: 'product' | 'dev'): { address: string; port: number } {
  const url = new URL(emu.urlFor(env));
  return { address: url.hostname, port: Number(url.port) };
}

test('@parse/node-apn, token auth (.p8)', async () => {
  const provider = new apn.Provider({
    token: { key: key.privateKeyPem, keyId: key.keyId, teamId: TEAM },
    ...endpoint('product'),
    ca: [emu.caCertPem],
    production: true,
  });
  try {
    const note = new apn.Notification();
    note.id = '3b6c1b0e-9d1f-4c59-8f57-0a5f2b1c6d7e';
    note.topic = TOPIC;
    note.pushType = 'alert';
    note.alert = { title: 'Alice', body: 'Hello' };
    note.badge = 3;
    note.priority = 5;
    note.expiry = 2_000_000_000;
    note.collapseId = 'conv-1';
    note.payload = { ext: '{"action":1}' };

    // A fresh token connection has one stream until a valid token is seen, so authorise it with one push
    // before fanning out (concurrent first requests are refused with REFUSED_STREAM, as APNs does).
    const first = await provider.send(note, GOOD);
    assert.deepEqual(first.failed, []);
    assert.equal(first.sent[0]?.device, GOOD);

    const result = await provider.send(note, [GOOD, UNKNOWN, GONE]);
    assert.deepEqual(result.sent.map((s) => s.device), [GOOD]);
    const failed = new Map(result.failed.map((f) => [f.device, f]));
    assert.equal(failed.get(UNKNOWN)?.status, 400);
    assert.equal(failed.get(UNKNOWN)?.response?.reason, 'BadDeviceToken');
    assert.equal(failed.get(GONE)?.status, 410);
    assert.equal(failed.get(GONE)?.response?.reason, 'Unregistered');
    assert.equal(failed.get(GONE)?.response?.timestamp, GONE_AT);

    const got = emu.inbox(GOOD).at(-1);
    assert.ok(got);
    assert.equal(got.apnsId, '3b6c1b0e-9d1f-4c59-8f57-0a5f2b1c6d7e');
    assert.equal(got.topic, TOPIC);
    assert.equal(got.pushType, 'alert');
    assert.equal(got.priority, 5);
    assert.equal(got.expiration, 2_000_000_000);
    assert.equal(got.collapseId, 'conv-1');
    assert.deepEqual(got.payload, { ext: '{"action":1}', aps: { alert: { title: 'Alice', body: 'Hello' }, badge: 3 } });
  } finally {
    await provider.shutdown();
  }
});

test('@parse/node-apn, certificate auth (.p12)', async () => {
  const clientPki = createTestPki();
  emu.trustClientCa(clientPki.caCertPem);
  const cert = clientPki.issueApnsClientCert({ bundleId: TOPIC, environment: 'universal' });
  const pfx = makeP12({ keyPem: cert.keyPem, certPem: cert.certPem, password: 'p12-secret' });
  // node-apn treats any custom address as the sandbox, so the sandbox listener is the faithful target.
  const provider = new apn.Provider({ pfx, passphrase: 'p12-secret', ...endpoint('dev'), ca: [emu.caCertPem], production: false });
  try {
    const note = new apn.Notification({ alert: 'cert hello', topic: TOPIC });
    const ok = await provider.send(note, GOOD_DEV);
    assert.deepEqual(ok.failed, []);
    assert.deepEqual(emu.inbox(GOOD_DEV).at(-1)?.payload, { aps: { alert: 'cert hello' } });

    // The production token is unknown to the sandbox.
    const wrongEnv = await provider.send(note, [GOOD, UNKNOWN]);
    assert.deepEqual(wrongEnv.failed.map((f) => f.response?.reason), ['BadDeviceToken', 'BadDeviceToken']);
  } finally {
    await provider.shutdown();
  }
});

test('apns2, token auth', async () => {
  const client = new ApnsClient({ team: TEAM, keyId: key.keyId, signingKey: key.privateKeyPem, defaultTopic: TOPIC, keepAlive: false });
  // apns2 builds its undici Pool as `https://${host}:443` (no port or CA option), so the test swaps in a Pool of
  // the same class aimed at the emulator. Everything else — JWT minting, headers, response parsing — is apns2's.
  type PoolCtor = new (url: string, options: object) => typeof client.client;
  const Pool = client.client.constructor as PoolCtor;
  await client.client.close();
  (client as unknown as { client: typeof client.client }).client = new Pool(emu.urlFor('product'), {
    connections: 1,
    allowH2: true,
    maxConcurrentStreams: 100,
    connect: { ca: emu.caCertPem },
  });
  try {
    const sent = await client.send(
      new Notification(GOOD, { alert: { title: 'T', body: 'B' }, data: { k: 1 }, priority: Priority.throttled, collapseId: 'c9', expiration: 1_900_000_000 }),
    );
    assert.equal(sent.deviceToken, GOOD);
    const got = emu.inbox(GOOD).at(-1);
    assert.ok(got);
    assert.equal(got.topic, TOPIC);
    assert.equal(got.priority, 5);
    assert.equal(got.collapseId, 'c9');
    assert.equal(got.expiration, 1_900_000_000);
    assert.deepEqual(got.payload, { aps: { alert: { title: 'T', body: 'B' } }, k: 1 });

    await assert.rejects(client.send(new Notification(UNKNOWN, { alert: 'x' })), (e: unknown) => {
      assert.ok(e instanceof ApnsError);
      assert.equal(e.statusCode, 400);
      assert.equal(e.reason, 'BadDeviceToken');
      return true;
    });
    await assert.rejects(client.send(new Notification(GONE, { alert: 'x' })), (e: unknown) => {
      assert.ok(e instanceof ApnsError);
      assert.equal(e.statusCode, 410);
      assert.equal(e.reason, 'Unregistered');
      assert.equal(e.timestamp, GONE_AT);
      return true;
    });
  } finally {
    await client.close();
  }
});
