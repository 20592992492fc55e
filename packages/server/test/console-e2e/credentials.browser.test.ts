/**
 * Credentials and third-party authorization through the console, in Debian's Chromium against the real server:
 * pick the iOS app from the Credentials section, upload a generated .p8 (the file picked and read in the
 * browser) to production and a .p12 that expires in ten days to dev (the warning shows; a wrong password first),
 * delete a slot; reach the Android app's credentials from the product page and configure FCM with a generated
 * service account on the FCM emulator (one it does not know first: the vendor's refusal shows), check it again;
 * then authorize an IM app to the iOS app, see another IM app refused with APP_ALREADY_AUTHORIZED, and remove the
 * authorization. The server's own view is checked at each step. Screenshots: test-artifacts/console/credentials/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFcmEmulator, createFcmServiceAccount, createTestPki, generateP8, makeP12, type FcmEmulator, type TestPki } from '@herald/emulators';
import { field, openConsoleBrowser, PHONE, setupFirstAdminInUi, signInInUi, type ConsoleBrowser } from './console-browser.ts';

interface AppView {
  accessId: number;
  platform: string;
  bundleId: string;
  serviceMode: string;
  imSdkAppId: number | null;
}
interface CredentialView {
  channel: string;
  environment: string;
  kind: string;
  meta: Record<string, unknown>;
}

const DAY_MS = 86_400_000;
const TEAM_ID = 'TEAM123456';

describe('credentials and authorization in the console', { timeout: 180_000 }, () => {
  let c: ConsoleBrowser;
  let pki: TestPki;
  let fcm: FcmEmulator;
  let dir: string;
  let productId: number;
  let ios: AppView;
  let android: AppView;
  let chat: number;
  let support: number;

  async function api<T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> {
    const res = await c.server.app.inject({ method, url, headers: c.server.admin, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  }
  const credentials = async (accessId: number) => (await api<{ credentials: CredentialView[] }>('GET', `/api/apps/${accessId}/credentials`)).credentials;

  before(async () => {
    pki = createTestPki();
    fcm = await createFcmEmulator({ pki });
    dir = mkdtempSync(join(tmpdir(), 'herald-console-credentials-'));
    const caFile = join(dir, 'vendor-ca.pem');
    writeFileSync(caFile, pki.caCertPem);
    c = await openConsoleBrowser('credentials', { server: { config: { vendorCaFile: caFile, fcmBaseUrl: fcm.url } } });
    await c.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: c.server.url });
  });
  after(async () => {
    await c?.close();
    await fcm?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, with a product of an iOS and an Android app and two IM apps made through the API', async () => {
    await c.open('/');
    await setupFirstAdminInUi(c);
    await signInInUi(c);
    const product = await api<{ productId: number; apps: AppView[] }>('POST', '/api/products', {
      name: 'Shop', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId: 'com.shop.ios' }, { platform: 'android', bundleId: 'com.shop.android' }],
    });
    productId = product.productId;
    ios = product.apps.find((a) => a.platform === 'ios') as AppView;
    android = product.apps.find((a) => a.platform === 'android') as AppView;
    chat = (await api<{ sdkAppId: number }>('POST', '/api/im/apps', { name: 'Chat' })).sdkAppId;
    support = (await api<{ sdkAppId: number }>('POST', '/api/im/apps', { name: 'Support' })).sdkAppId;
    c.assertNoProblems();
  });

  it('picks the iOS app in the Credentials section and uploads a generated .p8 to production', async () => {
    await c.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Credentials' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Credentials' }).waitFor();
    await c.page.getByRole('link', { name: `iOS app ${ios.accessId}` }).waitFor();
    await c.shot('credentials-apps');
    await c.page.getByRole('link', { name: `iOS app ${ios.accessId}` }).click();
    await c.page.getByRole('heading', { level: 1, name: `Credentials: iOS app ${ios.accessId}` }).waitFor();
    const prod = c.page.getByRole('region', { name: /Production/ });
    await prod.getByText(/Empty/).waitFor();
    await c.shot('ios-empty');

    const p8 = generateP8();
    await prod.getByRole('button', { name: 'Upload to production' }).click();
    await prod.getByLabel('.p8 key file').setInputFiles({ name: `AuthKey_${p8.keyId}.p8`, mimeType: 'application/octet-stream', buffer: Buffer.from(p8.privateKeyPem) });
    await c.page.waitForFunction((id) => (document.getElementById('apns-product-key-id') as HTMLInputElement | null)?.value === id, p8.keyId);
    await field(c.page, 'Team ID').first().fill(TEAM_ID);
    await c.shot('p8-form');
    await prod.getByRole('button', { name: 'Upload', exact: true }).click();
    await c.page.getByText('The production credential was saved.').waitFor();
    await prod.getByText(TEAM_ID).waitFor();

    const saved = (await credentials(ios.accessId)).find((v) => v.channel === 'apns' && v.environment === 'product');
    assert.equal(saved?.kind, 'p8');
    assert.equal(saved?.meta['keyId'], p8.keyId);
    assert.equal(saved?.meta['teamId'], TEAM_ID);
    assert.deepEqual(saved?.meta['topics'], ['com.shop.ios']);
    assert.ok((await prod.textContent())?.includes(String(saved?.meta['fingerprint'])), 'the fingerprint is shown');
    await c.shot('p8-saved');
    c.assertNoProblems();
  });

  it('uploads a .p12 that expires in ten days to dev, with a warning, after a wrong password', async () => {
    const cert = pki.issueApnsClientCert({ bundleId: 'com.shop.ios', environment: 'dev', notAfter: new Date(Date.now() + 10 * DAY_MS) });
    const p12 = makeP12({ keyPem: cert.keyPem, certPem: cert.certPem, password: 'keychain-pass' });
    const dev = c.page.getByRole('region', { name: /Development/ });
    await dev.getByRole('button', { name: 'Upload to development' }).click();
    await dev.getByLabel('.p12 certificate').check();
    await dev.getByLabel('.p12 file').setInputFiles({ name: 'push-dev.p12', mimeType: 'application/x-pkcs12', buffer: p12 });
    await dev.getByText('Read push-dev.p12.').waitFor();
    c.expectHttpError({ status: 400, path: `/api/apps/${ios.accessId}/credentials/apns/dev` });
    await dev.getByLabel('Password').fill('not-the-pass');
    await dev.getByRole('button', { name: 'Upload', exact: true }).click();
    await dev.getByRole('alert').filter({ hasText: 'CREDENTIAL_P12_PASSWORD' }).waitFor();
    await c.shot('p12-wrong-password');

    await dev.getByLabel('Password').fill('keychain-pass');
    await dev.getByRole('button', { name: 'Upload', exact: true }).click();
    await c.page.getByText('The development (sandbox) credential was saved.').waitFor();
    await dev.getByRole('alert').filter({ hasText: 'expires in 10 days' }).waitFor();
    const saved = (await credentials(ios.accessId)).find((v) => v.environment === 'dev');
    assert.equal(saved?.kind, 'p12');
    assert.equal(saved?.meta['notAfter'], new Date(Date.parse(String(saved?.meta['notAfter']))).toISOString());
    assert.ok((await dev.textContent())?.includes(String(saved?.meta['fingerprint'])));
    await c.shot('p12-expiring');

    await dev.getByRole('button', { name: 'Delete development' }).click();
    await dev.getByRole('button', { name: 'Delete credential' }).click();
    await c.page.getByText('The development (sandbox) credential was deleted.').waitFor();
    assert.deepEqual((await credentials(ios.accessId)).map((v) => v.environment), ['product']);
    c.assertNoProblems();
  });

  it("configures FCM from the product page: the vendor's refusal, then a service account it knows, checked again", async () => {
    await c.open(`/products/${productId}`);
    await c.page.getByRole('region', { name: new RegExp(`AccessID ${android.accessId}`) }).getByRole('link', { name: 'Push credentials' }).click();
    await c.page.getByRole('heading', { level: 1, name: `Credentials: Android app ${android.accessId}` }).waitFor();
    const card = c.page.getByRole('region', { name: /FCM/ });
    await c.shot('android-empty');

    const unknown = createFcmServiceAccount({ projectId: 'herald-unknown', tokenUri: fcm.tokenUrl });
    c.expectHttpError({ status: 400, path: `/api/apps/${android.accessId}/credentials/fcm` });
    await card.getByLabel('Service account file').setInputFiles({ name: 'unknown.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(unknown.json)) });
    await card.getByText('Read unknown.json.').waitFor();
    await card.getByRole('button', { name: 'Save and check' }).click();
    await card.getByRole('alert').filter({ hasText: 'CREDENTIAL_REJECTED' }).waitFor();
    await card.getByText(/The vendor refused it/).waitFor();
    assert.deepEqual(await credentials(android.accessId), []);
    await c.shot('fcm-rejected');

    const account = createFcmServiceAccount({ projectId: 'herald-shop', tokenUri: fcm.tokenUrl });
    fcm.registerServiceAccount(account.registration);
    await card.getByLabel(/Service account JSON/).fill(JSON.stringify(account.json, null, 2));
    await card.getByRole('button', { name: 'Save and check' }).click();
    await c.page.getByText('FCM credential saved; the vendor answered “ok”.').waitFor();
    await card.getByText('Accepted by the vendor').waitFor();
    await card.getByText('herald-shop', { exact: true }).waitFor();
    const saved = (await credentials(android.accessId)).find((v) => v.channel === 'fcm');
    assert.equal((saved?.meta['check'] as { status: string }).status, 'ok');
    assert.equal(saved?.meta['project_id'], 'herald-shop');
    await c.shot('fcm-saved');

    await card.getByRole('button', { name: 'Check again' }).click();
    await c.page.getByText('FCM checked again; the vendor answered “ok”.').waitFor();
    c.assertNoProblems();
  });

  it('authorizes an IM app to the iOS app, shows another IM app refused, and removes the authorization', async () => {
    await c.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Authorization' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Authorization' }).waitFor();
    await c.page.getByText(/authorized to no push app/).waitFor();
    assert.equal(await c.page.getByLabel('IM app').inputValue(), String(chat));
    await c.page.getByRole('combobox', { name: /^Product/ }).selectOption(String(productId));
    await c.page.getByRole('combobox', { name: /^Push app/ }).selectOption(String(ios.accessId));
    await c.shot('authorize-form');
    await c.page.getByRole('button', { name: 'Authorize' }).click();
    const row = c.page.getByRole('row').filter({ hasText: `iOS app ${ios.accessId}` });
    await row.getByText('IM push only').waitFor();
    await row.getByText(`im_${ios.accessId}_${chat}`).waitFor();
    assert.equal((await api<AppView>('GET', `/api/apps/${ios.accessId}`)).imSdkAppId, chat);
    await c.shot('authorized');

    await c.page.getByLabel('IM app').selectOption(String(support));
    await c.page.waitForURL(`**/console/authorization/${support}`);
    await c.page.getByText(/authorized to no push app/).waitFor();
    c.expectHttpError({ status: 409, path: `/api/im/apps/${support}/push-authorizations` });
    await c.page.getByRole('combobox', { name: /^Product/ }).selectOption(String(productId));
    await c.page.getByRole('combobox', { name: /^Push app/ }).selectOption(String(ios.accessId));
    await c.page.getByRole('button', { name: 'Authorize' }).click();
    await c.page.getByRole('alert').filter({ hasText: 'APP_ALREADY_AUTHORIZED' }).waitFor();
    await c.page.getByText(`Push app ${ios.accessId} is authorized to IM app ${chat}`).waitFor();
    await c.shot('authorize-refused');

    await c.page.getByRole('link', { name: `IM app ${chat}’s authorizations` }).click();
    await c.page.waitForURL(`**/console/authorization/${chat}`);
    const chatRow = c.page.getByRole('row').filter({ hasText: `iOS app ${ios.accessId}` });
    await chatRow.getByRole('button', { name: 'Remove' }).click();
    await c.shot('remove-confirm');
    await chatRow.getByRole('button', { name: 'Remove authorization' }).click();
    await c.page.getByText(/authorized to no push app/).waitFor();
    const app = await api<AppView>('GET', `/api/apps/${ios.accessId}`);
    assert.equal(app.imSdkAppId, null);
    assert.equal(app.serviceMode, 'standard');
    c.assertNoProblems();
  });

  it('works at phone width', async () => {
    await c.page.setViewportSize(PHONE);
    for (const [path, heading, name] of [
      [`/credentials/${ios.accessId}`, `Credentials: iOS app ${ios.accessId}`, 'phone-ios'],
      [`/credentials/${android.accessId}`, `Credentials: Android app ${android.accessId}`, 'phone-android'],
      [`/authorization/${chat}`, 'Authorization', 'phone-authorization'],
    ] as const) {
      await c.open(path);
      await c.page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await c.page.waitForFunction(() => document.querySelector('.loading') === null);
      const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
      await c.shot(name);
    }
    c.assertNoProblems();
  });
});
