/**
 * VoIP on the APNs emulator as on APNs (vendor-push-protocols.md §1.3, §1.6): the `.voip` topic takes
 * `apns-push-type: voip` only and a VoIP push needs the `.voip` topic; PushKit tokens are other tokens than the
 * app's, so each takes only its own topic; a `.p8` key of the team signs for `<bundle>.voip`, a certificate
 * only when it lists the topic, and Apple's VoIP Services certificate serves both environments.
 */
import assert from 'node:assert/strict';
import type http2 from 'node:http2';
import { after, before, describe, test } from 'node:test';
import { createApnsEmulator, type ApnsEmulator } from '../apns/index.ts';
import { createTestPki, generateP8 } from '../pki/index.ts';
import { closeSession, connect, mintToken, post, type BareResponse } from './apns-bare-client.ts';

const TEAM = 'TEAMVOIP12';
const BUNDLE = 'com.example.caller';
const VOIP = `${BUNDLE}.voip`;
const APP_TOKEN = '1a'.repeat(32);
const PUSHKIT_TOKEN = '2b'.repeat(32);
const DEV_PUSHKIT_TOKEN = '3c'.repeat(32);

const pki = createTestPki();
const clientPki = createTestPki();
const key = generateP8();
const otherAppKey = generateP8();
let emu: ApnsEmulator;

function assertReason(res: BareResponse, status: number, reason: string): void {
  assert.equal(res.status, status, `expected ${status} ${reason}, got ${res.status} ${res.body}`);
  assert.equal(res.json?.reason, reason);
}

before(async () => {
  emu = await createApnsEmulator({ pki });
  emu.registerKey({ keyId: key.keyId, teamId: TEAM, publicKeyPem: key.publicKeyPem, topics: [BUNDLE] });
  emu.registerKey({ keyId: otherAppKey.keyId, teamId: TEAM, publicKeyPem: otherAppKey.publicKeyPem, topics: ['com.example.other'] });
  emu.trustClientCa(clientPki.caCertPem);
  emu.registerDevice({ token: APP_TOKEN, topic: BUNDLE, environment: 'product' });
  emu.registerDevice({ token: PUSHKIT_TOKEN, topic: VOIP, environment: 'product' });
  emu.registerDevice({ token: DEV_PUSHKIT_TOKEN, topic: VOIP, environment: 'dev' });
});

after(() => emu.close());

describe('with a .p8 key', () => {
  let session: http2.ClientHttp2Session;
  let jwt: string;
  before(async () => {
    session = await connect(emu.urlFor('product'), emu.caCertPem);
    jwt = await mintToken({ ...key, teamId: TEAM, iatSeconds: Math.floor(Date.now() / 1000) });
  });
  after(() => closeSession(session));
  const push = (token: string, topic: string, pushType?: string): Promise<BareResponse> =>
    post(session, { ':path': `/3/device/${token}`, authorization: `bearer ${jwt}`, 'apns-topic': topic, ...(pushType === undefined ? {} : { 'apns-push-type': pushType }) });

  test('a VoIP push to a PushKit token on the .voip topic is delivered, and the key of the bundle signs for it', async () => {
    const res = await push(PUSHKIT_TOKEN, VOIP, 'voip');
    assert.equal(res.status, 200, res.body);
    const got = emu.inbox(PUSHKIT_TOKEN).at(-1)!;
    assert.equal(got.topic, VOIP);
    assert.equal(got.pushType, 'voip');
    assert.equal(got.priority, 10);
  });

  test('the .voip topic takes VoIP pushes only; without apns-push-type it is the old default', async () => {
    assertReason(await push(PUSHKIT_TOKEN, VOIP, 'alert'), 400, 'InvalidPushType');
    assertReason(await push(PUSHKIT_TOKEN, VOIP, 'background'), 400, 'InvalidPushType');
    assert.equal((await push(PUSHKIT_TOKEN, VOIP)).status, 200);
  });

  test('a VoIP push needs the .voip topic: InvalidPushType on the app token, DeviceTokenNotForTopic on a PushKit token', async () => {
    assertReason(await push(APP_TOKEN, BUNDLE, 'voip'), 400, 'InvalidPushType');
    assertReason(await push(PUSHKIT_TOKEN, BUNDLE, 'voip'), 400, 'DeviceTokenNotForTopic');
  });

  test("the app's own token is not a PushKit token, and a PushKit token takes no alert", async () => {
    assertReason(await push(APP_TOKEN, VOIP, 'voip'), 400, 'DeviceTokenNotForTopic');
    assertReason(await push(PUSHKIT_TOKEN, BUNDLE, 'alert'), 400, 'DeviceTokenNotForTopic');
  });

  test('a key limited to another bundle may not push to this .voip topic', async () => {
    const s = await connect(emu.urlFor('product'), emu.caCertPem);
    try {
      const other = await mintToken({ ...otherAppKey, teamId: TEAM, iatSeconds: Math.floor(Date.now() / 1000) });
      assertReason(await post(s, { ':path': `/3/device/${PUSHKIT_TOKEN}`, authorization: `bearer ${other}`, 'apns-topic': VOIP, 'apns-push-type': 'voip' }), 403, 'InvalidProviderToken');
    } finally {
      await closeSession(s);
    }
  });
});

describe('with certificates', () => {
  const production = clientPki.issueApnsClientCert({ bundleId: BUNDLE, environment: 'product' });
  const universal = clientPki.issueApnsClientCert({ bundleId: BUNDLE, environment: 'universal' });
  const voipCert = clientPki.issueApnsVoipCert({ bundleId: BUNDLE });

  async function certPost(env: 'product' | 'dev', cert: { certPem: string; keyPem: string }, token: string, topic: string, pushType: string): Promise<BareResponse> {
    const s = await connect(emu.urlFor(env), emu.caCertPem, { cert: cert.certPem, key: cert.keyPem });
    try {
      return await post(s, { ':path': `/3/device/${token}`, 'apns-topic': topic, 'apns-push-type': pushType });
    } finally {
      await closeSession(s);
    }
  }

  test('the VoIP Services certificate is issued for <bundle>.voip only', () => {
    assert.deepEqual(voipCert.topics, [VOIP]);
  });

  test('a push certificate without the .voip topic may not push VoIP', async () => {
    assertReason(await certPost('product', production, PUSHKIT_TOKEN, VOIP, 'voip'), 400, 'BadTopic');
  });

  test('a universal certificate listing the .voip topic may', async () => {
    assert.equal((await certPost('product', universal, PUSHKIT_TOKEN, VOIP, 'voip')).status, 200);
  });

  test('the VoIP Services certificate pushes VoIP in both environments, and nothing else', async () => {
    assert.equal((await certPost('product', voipCert, PUSHKIT_TOKEN, VOIP, 'voip')).status, 200);
    assert.equal((await certPost('dev', voipCert, DEV_PUSHKIT_TOKEN, VOIP, 'voip')).status, 200);
    assert.equal(emu.inbox(DEV_PUSHKIT_TOKEN).at(-1)?.environment, 'dev');
    assertReason(await certPost('product', voipCert, APP_TOKEN, BUNDLE, 'alert'), 400, 'BadTopic');
  });
});
