/**
 * UnifiedPush: an Android phone without Google services gets a Web Push endpoint from a distributor app (ntfy,
 * NextPush, …) on the phone, and the app registers that endpoint with Herald. Herald then delivers through its Web
 * Push channel — RFC 8291 encryption, VAPID — to the distributor's server, here the Web Push emulator acting as a
 * UnifiedPush distributor on plain loopback HTTP (allowed only with HERALD_WEBPUSH_ALLOW_LOOPBACK_HTTP).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWebPushEmulator, type WebPushEmulator } from '@herald/emulators';
import type { VendorApp } from './vendor-fixture.ts';
import { useVendorRig } from './vendor-test-kit.ts';

describe('push vendors: UnifiedPush distributors through the Web Push channel', () => {
  const kit = useVendorRig({ config: { webPushAllowLoopbackHttp: true } });
  const { rig } = kit;
  let distributor: WebPushEmulator;
  before(async () => {
    distributor = await createWebPushEmulator({ secure: false, unifiedPush: true, clock: () => rig.clock.now() });
  });
  after(async () => {
    await distributor.close();
  });

  async function registerEndpoint(app: VendorApp, publicKey: string): Promise<{ token: string; endpoint: string }> {
    const sub = distributor.subscribe({ applicationServerKey: publicKey });
    const device = await kit.registerVendorToken(app, 'webpush', JSON.stringify(sub), { locale: 'en-US', timeZone: 'Europe/Berlin' });
    return { token: device.token, endpoint: sub.endpoint };
  }

  it('an Android app with a VAPID key reaches a phone through its distributor, next to its FCM phones', async () => {
    const app = await rig.createApp('android');
    const saved = await rig.api('PUT', `/apps/${app.accessId}/credentials/webpush`, { subject: 'mailto:ops@herald.example' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const publicKey = String((saved.body['meta'] as Record<string, unknown>)['publicKey']);
    assert.equal((await rig.configure(app, 'fcm')).status, 200);

    const up = await registerEndpoint(app, publicKey);
    const fcm = await rig.addDevice(app, 'fcm');
    const res = await rig.push(app, {
      audience_type: 'token_list',
      token_list: [up.token, fcm.token],
      message_type: 'notify',
      message: { title: 'Build finished', content: 'main is green', android: { custom_content: '{"build":"981"}' } },
    });
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    const pushId = String(res.body['push_id']);
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);

    const outcomes = Object.fromEntries((await rig.deliveries(pushId)).map((d) => [d.channel, d.outcome]));
    assert.deepEqual(outcomes, { web: 'delivered', fcm: 'delivered' });
    const [m] = distributor.inbox(up.endpoint);
    assert.equal(m?.decryptError, undefined);
    const payload = m?.json as { notification?: { title?: string; body?: string }; data?: Record<string, unknown> } | undefined;
    assert.equal(payload?.notification?.title, 'Build finished');
    assert.equal(payload?.notification?.body, 'main is green');
    assert.equal(m?.vapid?.k, publicKey, 'signed with the app’s VAPID key');
    assert.equal(rig.emulators.fcm.inbox(fcm.vendorToken).length, 1);
  });

  it('a distributor endpoint the user removed (404/410) invalidates the device', async () => {
    const app = await rig.createApp('android');
    const saved = await rig.api('PUT', `/apps/${app.accessId}/credentials/webpush`, {});
    const up = await registerEndpoint(app, String((saved.body['meta'] as Record<string, unknown>)['publicKey']));
    distributor.unsubscribe(up.endpoint, { status: 404 });
    const res = await rig.push(app, { audience_type: 'token', token_list: [up.token], message_type: 'notify', message: { title: 't', content: 'c' } });
    const pushId = String(res.body['push_id']);
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);
    const [delivery] = await rig.deliveries(pushId);
    assert.equal(delivery?.outcome, 'rejected');
    assert.equal((await rig.deviceRow(app, up.token)).status, 'invalid');
  });

  it('Web Push on an iOS app is refused: APNs serves iOS', async () => {
    const created = await rig.api('POST', '/products', { name: 'ios only', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId: 'com.example.iosonly' }] });
    const accessId = (created.body['apps'] as Array<{ accessId: number }>)[0]!.accessId;
    const res = await rig.api('PUT', `/apps/${accessId}/credentials/webpush`, {});
    assert.equal(res.status, 400);
    assert.equal(res.body['code'], 'REQUEST_PARAM_INVALID');
  });
});
