/**
 * Native mode on every vendor channel: certificates for credentials saved (and checked with each vendor's
 * emulator) on an Android app — FCM, Huawei, Honor, Xiaomi, OPPO, vivo and Meizu — and for the VAPID keys of a web
 * app, then devices reporting their vendor tokens over the chat WebSocket, each checked with its channel's own
 * token rule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { login } from '../helpers/im-fixtures.ts';
import { ANDROID_VENDORS, startVendorRig, type Vendor, type VendorApp, type VendorRig } from '../push-vendors/vendor-fixture.ts';
import { createTestImApp, type TestImApp } from '../ws/ws-test-client.ts';
import { listOfflinePushTargets } from '../../src/im/offline-push-config/offline-push-targets.ts';
import { certificate, expectOk, expectRefused, report } from './fixtures.ts';

/** A token each channel's check refuses. */
const BAD_TOKEN: Record<Vendor, string> = {
  fcm: 'too-short',
  huawei: 'two words',
  honor: 'two words',
  xiaomi: 'two words',
  oppo: 'two words',
  vivo: 'two words',
  meizu: 'two words',
  webpush: '{"endpoint":"ftp://push.example/x","keys":{}}',
};

describe('offline push certificates of the vendor channels', () => {
  let rig: VendorRig;
  let im: TestImApp;
  let android: VendorApp;
  let web: VendorApp;
  const ids = new Map<string, number>();

  async function subscription(app: VendorApp): Promise<string> {
    const list = await rig.api('GET', `/apps/${app.accessId}/credentials`);
    const vapid = (list.body['credentials'] as Array<{ channel: string; meta: { publicKey: string } }>).find((c) => c.channel === 'webpush');
    assert.ok(vapid !== undefined, 'the app has VAPID keys');
    return JSON.stringify(rig.emulators.webpush.subscribe({ applicationServerKey: vapid.meta.publicKey }));
  }

  before(async () => {
    rig = await startVendorRig();
    im = await createTestImApp(rig.server, { users: ['alice'] });
    android = await rig.createApp('android');
    web = await rig.createApp('web');
    for (const vendor of ANDROID_VENDORS) {
      const saved = await rig.configure(android, vendor);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
    }
  });
  after(async () => rig.close());

  it('gives every vendor credential a certificate ID', async () => {
    for (const vendor of ANDROID_VENDORS) {
      ids.set(`android:${vendor}`, await certificate(rig.server, im.sdkAppId, { accessId: android.accessId, channel: vendor, name: vendor }));
    }
    ids.set('web:webpush', await certificate(rig.server, im.sdkAppId, { accessId: web.accessId, channel: 'webpush' }));
    assert.deepEqual([...ids.values()], [1, 2, 3, 4, 5, 6, 7, 8]);
    const list = await rig.api('GET', `/im/apps/${im.sdkAppId}/push-certificates`);
    const certificates = list.body['certificates'] as Array<{ channel: string; environment: unknown; credential: { status: string } }>;
    assert.deepEqual(certificates.map((c) => [c.channel, c.environment, c.credential.status]), [
      ...ANDROID_VENDORS.map((v) => [v, null, 'ok']), ['webpush', null, 'ok'],
    ]);
  });

  it("takes each vendor's tokens and refuses what that vendor never issues", async () => {
    const expected: Array<[string, string, string]> = [];
    for (const vendor of ANDROID_VENDORS) {
      const deviceId = `android-${vendor}`;
      const phone = await login(rig.server, im, 'alice', deviceId, { platform: 'Android' });
      const businessID = ids.get(`android:${vendor}`)!;
      expectRefused(await report(phone, { businessID, token: BAD_TOKEN[vendor] }), 'DEVICE_TOKEN_INVALID');
      const token = (await rig.addDevice(android, vendor)).vendorToken;
      const stored = expectOk(await report(phone, { businessID, token }));
      assert.equal(stored.pushConfig.channel, vendor);
      assert.equal(stored.pushConfig.environment, null);
      expected.push([deviceId, vendor, stored.pushConfig.token]);
      await phone.close();
    }
    const browser = await login(rig.server, im, 'alice', 'browser', { platform: 'Web' });
    expectRefused(await report(browser, { businessID: ids.get('web:webpush')!, token: BAD_TOKEN.webpush }), 'DEVICE_TOKEN_INVALID');
    const stored = expectOk(await report(browser, { businessID: ids.get('web:webpush')!, token: await subscription(web) }));
    expected.push(['browser', 'webpush', stored.pushConfig.token]);
    const targets = await listOfflinePushTargets(rig.server.ctx.store.db, im.sdkAppId, ['alice']);
    assert.deepEqual(targets.map((t) => [t.deviceId, t.channel, t.token]), expected.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    assert.ok(targets.every((t) => t.mode === 'native' && !t.voip));
    await browser.close();
  });
});
