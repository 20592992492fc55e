/**
 * VoIP with certificates: which topics a stored certificate covers (apnsCertificateTopics), and the routing
 * channel that sends VoIP pushes over the VoIP Services certificate and everything else over the push
 * certificate, or answers VoIP pushes `failed` without calling APNs when there is no certificate for them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApnsEmulator, type ApnsEmulator } from '@herald/emulators/apns';
import { createTestPki } from '@herald/emulators/pki';
import type { PushChannel } from '../types.ts';
import { apnsCertificateTopics, createApnsChannel, createApnsVoipRouting } from '../apns/index.ts';

const BUNDLE = 'com.example.ringer';
const pki = createTestPki();
const pushCert = pki.issueApnsClientCert({ bundleId: BUNDLE, environment: 'product' });
const universal = pki.issueApnsClientCert({ bundleId: BUNDLE, environment: 'universal' });
const voipCert = pki.issueApnsVoipCert({ bundleId: BUNDLE });

describe('APNs VoIP certificates', () => {
  let emu: ApnsEmulator;
  const open: PushChannel[] = [];
  const APP = { token: 'herald-app', vendorToken: '11'.repeat(32) };
  const PUSHKIT = { token: 'herald-pushkit', vendorToken: '22'.repeat(32) };

  function certChannel(cert: { keyPem: string; certPem: string }): PushChannel {
    const ch = createApnsChannel({ credential: { kind: 'p12', ...cert, bundleId: BUNDLE }, environment: 'product', baseUrl: emu.urlFor('product'), ca: emu.caCertPem });
    open.push(ch);
    return ch;
  }

  before(async () => {
    emu = await createApnsEmulator({ pki });
    emu.trustClientCa(pki.caCertPem);
    emu.registerDevice({ token: APP.vendorToken, topic: BUNDLE, environment: 'product' });
    emu.registerDevice({ token: PUSHKIT.vendorToken, topic: `${BUNDLE}.voip`, environment: 'product' });
  });
  after(async () => {
    await Promise.all(open.map((c) => c.close()));
    await emu.close();
  });

  it('reads the topics a certificate covers, [] for what is not a certificate', () => {
    assert.deepEqual(apnsCertificateTopics(pushCert.certPem), [BUNDLE]);
    assert.ok(apnsCertificateTopics(universal.certPem).includes(`${BUNDLE}.voip`));
    assert.deepEqual(apnsCertificateTopics(voipCert.certPem), [`${BUNDLE}.voip`]);
    assert.deepEqual(apnsCertificateTopics('not a certificate'), []);
  });

  it('sends VoIP pushes over the VoIP certificate and the rest over the push certificate', async () => {
    const ch = createApnsVoipRouting({ main: certChannel(pushCert), voip: certChannel(voipCert), noVoipReason: 'unused' });
    assert.equal((await ch.send({ payload: { aps: { alert: 'hi' } }, pushType: 'alert' }, [APP]))[0]?.kind, 'delivered');
    assert.equal((await ch.send({ payload: { aps: {} }, pushType: 'voip' }, [PUSHKIT]))[0]?.kind, 'delivered');
    assert.deepEqual([emu.inbox(PUSHKIT.vendorToken).at(-1)?.topic, emu.inbox(PUSHKIT.vendorToken).at(-1)?.pushType], [`${BUNDLE}.voip`, 'voip']);
    assert.equal(emu.inbox(APP.vendorToken).at(-1)?.topic, BUNDLE);
    // Each certificate alone would be refused for the other's topic.
    assert.equal(emu.counters.rejected['BadTopic'] ?? 0, 0);
  });

  it('answers VoIP pushes failed, per target and without calling APNs, when no certificate serves them', async () => {
    const ch = createApnsVoipRouting({ main: certChannel(pushCert), voip: undefined, noVoipReason: 'no VoIP certificate' });
    const before = emu.counters.requests;
    const outcomes = await ch.send({ payload: { aps: {} }, pushType: 'voip' }, [PUSHKIT, { ...PUSHKIT, token: 'herald-second' }]);
    assert.deepEqual(outcomes, [
      { kind: 'failed', token: 'herald-pushkit', reason: 'no VoIP certificate' },
      { kind: 'failed', token: 'herald-second', reason: 'no VoIP certificate' },
    ]);
    assert.equal(emu.counters.requests, before);
    assert.equal((await ch.send({ payload: { aps: { alert: 'still here' } } }, [APP]))[0]?.kind, 'delivered');
    await ch.close();
  });
});
