/**
 * Offline push certificates of an IM app through the management API: each gets a certificate ID (businessID)
 * per IM app, points at a credential saved on a push app, and is refused when that credential is missing or
 * cannot serve it (VoIP without the `.voip` topic, a channel the app's platform does not use). Deleted
 * certificates are never handed out again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCatalogue, type ErrorCode } from '@herald/protocol';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin, createTestApp, type JsonResponse, type TestApp } from '../push-management/fixtures.ts';
import { createTestImApp, type TestImApp } from '../ws/ws-test-client.ts';
import { addCertificate, certificate, uploadApns } from './fixtures.ts';

function expectCode(res: JsonResponse, code: ErrorCode): void {
  assert.equal(res.body?.code, code, res.text);
  assert.equal(res.status, ErrorCatalogue[code].status, res.text);
}

describe('offline push certificates', () => {
  let server: TestServer;
  let im: TestImApp;
  let other: TestImApp;
  let ios: TestApp;
  let android: TestApp;

  before(async () => {
    server = await startTestServer({ worker: false });
    im = await createTestImApp(server);
    other = await createTestImApp(server);
    ios = await createTestApp(server, { bundleId: 'com.herald.certs' });
    android = await createTestApp(server, { platform: 'android', bundleId: 'com.herald.certs.android' });
    await uploadApns(server, ios, 'dev', 'p8');
  });
  after(async () => server.close());

  it('allocates IDs per IM app from 1 and shows the credential each one names', async () => {
    await uploadApns(server, ios, 'product', 'p12-universal');
    const dev = await addCertificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'dev', name: 'iOS debug' });
    assert.equal(dev.status, 201, dev.text);
    assert.deepEqual({ ...dev.body, createdAt: 0 }, {
      businessID: 1, sdkAppId: im.sdkAppId, accessId: ios.accessId, channel: 'apns', environment: 'dev', voip: false, name: 'iOS debug', createdAt: 0,
      credential: { kind: 'p8', status: 'ok' },
    });
    const prod = await certificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'product' });
    const voip = await certificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'product', voip: true });
    // A p8 key signs for every topic of its team, so it serves VoIP too.
    const voipDev = await certificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'dev', voip: true });
    assert.deepEqual([prod, voip, voipDev], [2, 3, 4]);
    // Another IM app counts on its own.
    assert.equal(await certificate(server, other.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'dev' }), 1);

    const list = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/push-certificates`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body.certificates.map((c: any) => [c.businessID, c.environment, c.voip, c.credential.kind]), [
      [1, 'dev', false, 'p8'], [2, 'product', false, 'p12'], [3, 'product', true, 'p12'], [4, 'dev', true, 'p8'],
    ]);
    const one = await admin(server, 'GET', `/im/apps/${im.sdkAppId}/push-certificates/3`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.voip, true);
    expectCode(await admin(server, 'GET', `/im/apps/${im.sdkAppId}/push-certificates/99`), 'IM_PUSH_CERT_NOT_FOUND');
  });

  it('refuses a second certificate for the same credential and push type', async () => {
    const twin = await addCertificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'dev' });
    expectCode(twin, 'IM_PUSH_CERT_EXISTS');
    assert.equal(twin.body.details.businessID, 1);
  });

  it('refuses certificates that could never push', async () => {
    const noProduct = await createTestApp(server, { bundleId: 'com.herald.devonly' });
    await uploadApns(server, noProduct, 'dev', 'p12-single');
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: noProduct.accessId, channel: 'apns', environment: 'product' }), 'CREDENTIAL_NOT_FOUND');
    // A dev-only Apple Development certificate lists no .voip topic.
    const voip = await addCertificate(server, im.sdkAppId, { accessId: noProduct.accessId, channel: 'apns', environment: 'dev', voip: true });
    expectCode(voip, 'REQUEST_PARAM_INVALID');
    assert.match(voip.body.message, /com\.herald\.devonly\.voip/);
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: android.accessId, channel: 'fcm' }), 'CREDENTIAL_NOT_FOUND');
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'fcm' }), 'REQUEST_PARAM_INVALID');
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: android.accessId, channel: 'apns', environment: 'dev' }), 'REQUEST_PARAM_INVALID');
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns' }), 'REQUEST_PARAM_MISSING');
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: android.accessId, channel: 'fcm', environment: 'product' }), 'REQUEST_PARAM_INVALID');
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: android.accessId, channel: 'fcm', voip: true }), 'REQUEST_PARAM_INVALID');
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns-voip', environment: 'dev' }), 'REQUEST_PARAM_INVALID');
    expectCode(await addCertificate(server, im.sdkAppId, { accessId: 1_499_999_999, channel: 'apns', environment: 'dev' }), 'APP_NOT_FOUND');
    expectCode(await addCertificate(server, 1_399_999_999, { accessId: ios.accessId, channel: 'apns', environment: 'dev' }), 'IM_APP_UNKNOWN');
  });

  it('refuses a push app authorized to another IM app', async () => {
    const authorized = await createTestApp(server, { bundleId: 'com.herald.taken' });
    await uploadApns(server, authorized, 'dev', 'p8');
    await server.ctx.store.db.updateTable('app').set({ im_sdk_app_id: other.sdkAppId, service_mode: 'im_push_only' }).where('access_id', '=', authorized.accessId).execute();
    const refused = await addCertificate(server, im.sdkAppId, { accessId: authorized.accessId, channel: 'apns', environment: 'dev' });
    expectCode(refused, 'REQUEST_PARAM_INVALID');
    assert.match(refused.body.message, new RegExp(`authorized to IM app ${other.sdkAppId}`));
    assert.equal((await addCertificate(server, other.sdkAppId, { accessId: authorized.accessId, channel: 'apns', environment: 'dev' })).status, 201);
  });

  it('deletes a certificate for good: its ID is never handed out again', async () => {
    const own = await createTestImApp(server);
    const first = await certificate(server, own.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'dev' });
    const second = await certificate(server, own.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'product' });
    const deleted = await admin(server, 'DELETE', `/im/apps/${own.sdkAppId}/push-certificates/${second}`);
    assert.equal(deleted.status, 204, deleted.text);
    expectCode(await admin(server, 'DELETE', `/im/apps/${own.sdkAppId}/push-certificates/${second}`), 'IM_PUSH_CERT_NOT_FOUND');
    expectCode(await admin(server, 'GET', `/im/apps/${own.sdkAppId}/push-certificates/${second}`), 'IM_PUSH_CERT_NOT_FOUND');
    // The credential is free again, under a new ID.
    assert.equal(await certificate(server, own.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'product' }), 3);
    const list = await admin(server, 'GET', `/im/apps/${own.sdkAppId}/push-certificates`);
    assert.deepEqual(list.body.certificates.map((c: any) => c.businessID), [first, 3]);
    // Another IM app's IDs are not this app's.
    expectCode(await admin(server, 'DELETE', `/im/apps/${other.sdkAppId}/push-certificates/3`), 'IM_PUSH_CERT_NOT_FOUND');
  });

  it('shows a credential removed from the push app as missing', async () => {
    const own = await createTestImApp(server);
    const app = await createTestApp(server, { bundleId: 'com.herald.removed' });
    await uploadApns(server, app, 'dev', 'p8');
    const id = await certificate(server, own.sdkAppId, { accessId: app.accessId, channel: 'apns', environment: 'dev' });
    const removed = await admin(server, 'DELETE', `/apps/${app.accessId}/credentials/apns/dev`);
    assert.equal(removed.status, 204, removed.text);
    const view = await admin(server, 'GET', `/im/apps/${own.sdkAppId}/push-certificates/${id}`);
    assert.equal(view.body.credential, null, view.text);
  });
});
