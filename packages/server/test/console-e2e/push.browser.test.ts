/**
 * Push and Overview through the console, in Debian's Chromium against the real server and the APNs emulator: an
 * iOS app with a generated .p8 and a phone registered through the push SDK; a push created in the form (a bad
 * custom content caught in the page, an unknown token refused by the server with its code) reaches the phone, and
 * its task shows the funnel per channel as the worker and the SDK fill it; a scheduled push is cancelled; the plans
 * show the default plan's statistics and the "IM message" plan of an authorized IM app; the overview charts the
 * device counts and the day's funnel. On an Android app with the FCM emulator, a plan is created, a file of tokens
 * uploaded and pushed to with an FCM setting and Huawei left out, and the task appears under the new plan.
 * Screenshots of every page visited are kept in test-artifacts/console/push/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApnsEmulator, createFcmEmulator, createFcmServiceAccount, createTestPki, generateP8, type ApnsEmulator, type FcmEmulator } from '@herald/emulators';
import { createMemoryStorage, createPushClient, type PushClient } from '@herald/sdk/push';
import { tpnsTime, waitUntil } from '../e2e/e2e-harness.ts';
import { field, openConsoleBrowser, PHONE, setupFirstAdminInUi, signInInUi, type ConsoleBrowser } from './console-browser.ts';

const TEAM_ID = 'TEAM123456';
const BUNDLE_ID = 'com.shop.push';
const ANDROID_PACKAGE = 'com.shop.android';
const FCM_PROJECT = 'herald-shop-push';

describe('push and overview in the console', { timeout: 180_000 }, () => {
  let c: ConsoleBrowser;
  let emulator: ApnsEmulator;
  let fcm: FcmEmulator;
  let dir: string;
  let accessId: number;
  let phone: { token: string; vendorToken: string; sdk: PushClient };
  let pushId: string;

  async function api(method: string, path: string, body?: unknown): Promise<any> {
    const res = await c.server.app.inject({ method: method as 'GET', url: `/api${path}`, headers: { ...c.server.admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    assert.ok(res.statusCode < 300, `${method} ${path}: ${res.body}`);
    return res.body === '' ? undefined : res.json();
  }

  const taskCard = (id: string) => c.page.getByRole('listitem', { name: new RegExp(`push ${id}`) });

  before(async () => {
    emulator = await createApnsEmulator();
    const pki = createTestPki();
    fcm = await createFcmEmulator({ pki });
    dir = mkdtempSync(join(tmpdir(), 'herald-console-push-'));
    const caFile = join(dir, 'apns-ca.pem');
    writeFileSync(caFile, emulator.caCertPem);
    const vendorCaFile = join(dir, 'vendor-ca.pem');
    writeFileSync(vendorCaFile, pki.caCertPem);
    c = await openConsoleBrowser('push', {
      server: {
        worker: true,
        config: { apnsProductUrl: emulator.urlFor('product'), apnsDevUrl: emulator.urlFor('dev'), apnsCaFile: caFile, vendorCaFile, fcmBaseUrl: fcm.url, queuePollMs: 20, tpnsUtcOffsetMinutes: 480 },
      },
    });
    const product = await api('POST', '/products', { name: 'Shop', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId: BUNDLE_ID }] });
    accessId = product.apps[0].accessId;
    const p8 = generateP8();
    emulator.registerKey({ keyId: p8.keyId, teamId: TEAM_ID, publicKeyPem: p8.publicKeyPem, topics: [BUNDLE_ID] });
    await api('PUT', `/apps/${accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem });
    const keys = await api('GET', `/apps/${accessId}?reveal=1`);
    const vendorToken = randomBytes(32).toString('hex');
    emulator.registerDevice({ token: vendorToken, topic: BUNDLE_ID, environment: 'product' });
    const sdk = createPushClient({ accessId, accessKey: keys.accessKey, endpoint: c.server.url, storage: createMemoryStorage() });
    const token = await sdk.register({ vendorToken, environment: 'product', appVersion: '2.3.0', locale: 'en_US', timeZone: 'Asia/Shanghai', systemVersion: '17.4', deviceBrand: 'Apple', deviceModel: 'iPhone15,2' });
    phone = { token, vendorToken, sdk };
  });
  after(async () => {
    try {
      await c?.close();
    } finally {
      await emulator?.close();
      await fcm?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signs in and opens the app on the Push page, with no pushes yet', async () => {
    await c.open('/');
    await setupFirstAdminInUi(c);
    await signInInUi(c);
    await c.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Push' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Push' }).waitFor();
    await c.shot('push-apps');
    await c.page.getByRole('link', { name: `iOS · ${BUNDLE_ID}` }).click();
    await c.page.getByRole('heading', { level: 1, name: `Push · iOS ${BUNDLE_ID}` }).waitFor();
    await c.page.getByText('No pushes yet.').waitFor();
    await c.shot('push-app-empty');
    c.assertNoProblems();
  });

  it('creates a push to the phone: the page catches bad custom content, the server an unknown token', async () => {
    await c.page.getByRole('link', { name: 'Create push' }).click();
    await c.page.getByRole('heading', { level: 1, name: `New push · iOS ${BUNDLE_ID}` }).waitFor();
    await field(c.page, 'Tokens').fill('0'.repeat(36));
    await field(c.page, 'Title').fill('Order shipped');
    await field(c.page, 'Content').fill('Your parcel is on its way');
    await c.page.getByText('iOS options').click();
    await field(c.page, 'Badge').selectOption('set');
    await field(c.page, 'Badge number').fill('5');
    await field(c.page, 'Custom content (JSON)').fill('{"order": 99');
    await c.page.getByRole('button', { name: 'Create push' }).click();
    assert.match(await c.page.locator('#push-custom-content-error').textContent() ?? '', /must be valid JSON/);
    await c.shot('create-push-invalid');

    c.expectHttpError({ status: 400, path: `/api/apps/${accessId}/pushes` });
    await field(c.page, 'Custom content (JSON)').fill('{"order": 99}');
    await c.page.getByRole('button', { name: 'Create push' }).click();
    const refused = c.page.getByRole('alert').filter({ hasText: 'The push was not created.' });
    await refused.waitFor();
    assert.match(await refused.textContent() ?? '', /PUSH_TARGET_NOT_FOUND/);
    await c.shot('create-push-refused');

    await field(c.page, 'Tokens').fill(phone.token);
    await c.shot('create-push');
    await c.page.getByRole('button', { name: 'Create push' }).click();
    const flash = c.page.getByRole('status').filter({ hasText: /Push \d+ accepted\./ });
    await flash.waitFor();
    pushId = /Push (\d+) accepted/.exec(await flash.textContent() ?? '')?.[1] ?? '';
    assert.match(pushId, /^\d+$/);

    const received = await waitUntil('the push on the phone', () => emulator.inbox(phone.vendorToken).find((n) => (n.payload as any)?.herald?.pid === pushId));
    assert.equal((received.payload as any).aps.alert.title, 'Order shipped');
    assert.equal((received.payload as any).aps.badge, 5);
    assert.equal((received.payload as any).order, 99);
    c.assertNoProblems();
  });

  it("shows the task's status and its funnel per channel as the worker and the SDK fill it", async () => {
    await waitUntil('the task to finish', async () => {
      const row = await c.server.ctx.store.db.selectFrom('push_task').select('status').where('push_id', '=', pushId).executeTakeFirst();
      return row?.status === 'PUSH_FINISHED' ? true : undefined;
    });
    await phone.sdk.reportArrived(pushId);
    await phone.sdk.reportClicked(pushId);
    await c.page.getByRole('region', { name: 'Tasks' }).or(c.page.locator('section[aria-labelledby="push-tasks-title"]')).getByRole('button', { name: 'Refresh' }).click();
    const card = taskCard(pushId);
    await card.getByText('Finished', { exact: true }).waitFor();
    const apns = card.getByRole('row', { name: /APNs/ });
    await apns.waitFor();
    assert.deepEqual(await apns.getByRole('cell').allTextContents(), ['1', '1', '1', '1', '0', '0', '0']);
    assert.equal(await card.getByRole('button', { name: /Cancel push|Stop push/ }).count(), 0);
    await c.shot('push-task-funnel');
    c.assertNoProblems();
  });

  it('schedules a push to all devices and cancels it', async () => {
    await c.page.getByRole('link', { name: 'Create push' }).click();
    await field(c.page, 'Send to').selectOption('all');
    await field(c.page, 'Title').fill('Tomorrow');
    await field(c.page, 'Content').fill('A sale');
    await c.page.getByText('Schedule, expiry and plan').click();
    await field(c.page, 'Send later').check();
    await field(c.page, 'Send time').fill(tpnsTime(Date.now() + 86_400_000).replace(' ', 'T'));
    await field(c.page, 'Expiry (seconds)').fill('3600');
    await c.shot('create-scheduled-push');
    await c.page.getByRole('button', { name: 'Create push' }).click();
    const flash = c.page.getByRole('status').filter({ hasText: /Push \d+ accepted\./ });
    await flash.waitFor();
    const scheduled = /Push (\d+) accepted/.exec(await flash.textContent() ?? '')?.[1] ?? '';
    const card = taskCard(scheduled);
    await card.getByText('Scheduled', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Cancel push' }).click();
    await card.getByRole('button', { name: 'Cancel it' }).click();
    await card.getByText('Cancelled', { exact: true }).waitFor();
    const row = await c.server.ctx.store.db.selectFrom('push_task').select('status').where('push_id', '=', scheduled).executeTakeFirstOrThrow();
    assert.equal(row.status, 'PUSH_CANCELED');
    await c.shot('push-tasks');
    c.assertNoProblems();
  });

  it('lists the plans with their statistics, the "IM message" plan among them', async () => {
    const im = await api('POST', '/im/apps', { name: 'Chat' });
    await api('POST', `/im/apps/${im.sdkAppId}/push-authorizations`, { accessId });
    const plans = c.page.locator('section[aria-labelledby="push-plans-title"]');
    await plans.getByRole('button', { name: 'Refresh' }).click();
    const imPlan = plans.getByRole('listitem', { name: /IM message/ });
    await imPlan.waitFor();
    assert.match(await imPlan.textContent() ?? '', new RegExp(`im_${accessId}_${im.sdkAppId}`));
    assert.match(await imPlan.textContent() ?? '', /No deliveries yet\./);
    const defaultPlan = plans.getByRole('listitem', { name: /Default plan/ });
    assert.match(await defaultPlan.textContent() ?? '', /2 pushes/);
    assert.deepEqual(await defaultPlan.getByRole('row', { name: /APNs/ }).getByRole('cell').allTextContents(), ['1', '1', '1', '1', '0', '0', '0']);
    await imPlan.scrollIntoViewIfNeeded();
    await c.shot('push-plans');
    c.assertNoProblems();
  });

  it('charts the devices and the push funnel on the overview', async () => {
    await c.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Overview' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await c.page.getByRole('link', { name: `iOS · ${BUNDLE_ID}` }).click();
    await c.page.getByRole('heading', { level: 1, name: `Overview · app ${accessId}` }).waitFor();
    const counts = c.page.getByRole('list', { name: 'Devices', exact: true });
    await counts.waitFor();
    assert.match(await counts.textContent() ?? '', /1 devices registered/);
    assert.equal(await c.page.getByRole('img', { name: /New and active devices per day/ }).count(), 1);
    const funnel = c.page.getByRole('img', { name: /Push funnel per day, all channels/ });
    assert.match(await funnel.getAttribute('aria-labelledby') ?? '', /\S+ \S+/);
    assert.ok((await funnel.locator('rect title').allTextContents()).some((t) => /, Clicked: 1$/.test(t)), 'a bar says the click');
    await c.page.getByRole('region', { name: 'Funnel per channel in the period' }).getByRole('row', { name: /APNs/ }).waitFor();
    await c.shot('overview');
    c.assertNoProblems();
  });

  it('creates a plan, uploads a file of tokens and pushes to it with an FCM setting and Huawei left out; the task counts in the new plan', async () => {
    const product = await api('POST', '/products', { name: 'Shop Android', accessPoint: 'guangzhou', platforms: [{ platform: 'android', bundleId: ANDROID_PACKAGE }] });
    const androidId: number = product.apps[0].accessId;
    const account = createFcmServiceAccount({ projectId: FCM_PROJECT, tokenUri: fcm.tokenUrl });
    fcm.registerServiceAccount(account.registration);
    await api('PUT', `/apps/${androidId}/credentials/fcm`, { serviceAccount: account.json });
    const keys = await api('GET', `/apps/${androidId}?reveal=1`);
    const vendorToken = fcm.registerDevice({ projectId: FCM_PROJECT, packageName: ANDROID_PACKAGE });
    const registered = await c.server.app.inject({
      method: 'POST', url: '/sdk/v1/devices', headers: { 'x-herald-access-id': String(androidId), 'x-herald-access-key': keys.accessKey, 'content-type': 'application/json' },
      payload: JSON.stringify({ platform: 'android', channel: 'fcm', vendorToken, environment: 'product', appVersion: '1.0.0', sdkVersion: '1.0.0', locale: 'en_US', timeZone: 'Asia/Shanghai' }),
    });
    assert.equal(registered.statusCode, 200, registered.body);
    const token: string = registered.json().token;

    await c.open(`/push/${androidId}`);
    await c.page.getByRole('heading', { level: 1, name: `Push · Android ${ANDROID_PACKAGE}` }).waitFor();
    const plans = c.page.locator('section[aria-labelledby="push-plans-title"]');
    await plans.getByRole('button', { name: 'Create plan' }).click();
    const planForm = c.page.getByRole('form', { name: 'Create plan' });
    await planForm.getByRole('button', { name: 'Create plan' }).click();
    assert.equal(await c.page.locator('#plan-name-error').textContent(), 'The name is required.');
    await field(c.page, 'Plan name').fill('Spring sale');
    await field(c.page, 'Plan description').fill('Coupons for the spring');
    await c.shot('create-plan');
    await planForm.getByRole('button', { name: 'Create plan' }).click();
    const made = c.page.getByRole('status').filter({ hasText: /Plan Spring sale \(\d+\) created/ });
    await made.waitFor();
    const planId = /\((\d+)\)/.exec(await made.textContent() ?? '')?.[1] ?? '';
    const planCard = plans.getByRole('listitem', { name: /Spring sale/ });
    await planCard.waitFor();
    assert.match(await planCard.textContent() ?? '', /console/);
    assert.match(await planCard.textContent() ?? '', /0 pushes · Coupons for the spring/);
    await c.shot('plan-created');

    await c.page.getByRole('link', { name: 'Create push' }).click();
    await c.page.getByRole('heading', { level: 1, name: `New push · Android ${ANDROID_PACKAGE}` }).waitFor();
    await field(c.page, 'Send to').selectOption('package_token_push');
    await field(c.page, 'Tokens file').setInputFiles({ name: 'tokens.txt', mimeType: 'text/plain', buffer: Buffer.from(`${token}\n\n${token}\n`) });
    const stored = c.page.getByRole('status').filter({ hasText: /^tokens\.txt: 1 token, upload \d+\.$/ });
    await stored.waitFor();
    const uploadId = Number(/upload (\d+)/.exec(await stored.textContent() ?? '')?.[1]);
    await field(c.page, 'Title').fill('Spring sale');
    await field(c.page, 'Content').fill('Half price until Sunday');
    await c.page.getByText('Vendor channels').click();
    await field(c.page, 'FCM priority').selectOption('normal');
    await field(c.page, 'FCM image').fill('http://cdn.example.com/sale.png');
    await c.page.locator('#push-channel-off-hw').check();
    assert.equal(await field(c.page, 'Huawei channel ID').count(), 0);
    await c.page.getByText('Schedule, expiry and plan').click();
    await field(c.page, 'Plan').selectOption(planId);
    await c.page.getByRole('button', { name: 'Create push' }).click();
    assert.equal(await c.page.locator('#push-fcm-image-error').textContent(), 'The FCM image must be an https URL.');
    await field(c.page, 'FCM image').fill('https://cdn.example.com/sale.png');
    await c.shot('create-package-push');
    await c.page.getByRole('button', { name: 'Create push' }).click();
    const flash = c.page.getByRole('status').filter({ hasText: /Push \d+ accepted\./ });
    await flash.waitFor();
    const packagePushId = /Push (\d+) accepted/.exec(await flash.textContent() ?? '')?.[1] ?? '';

    const received = await waitUntil('the push on the FCM device', () => fcm.inbox(vendorToken).find((m) => JSON.stringify(m.message).includes(packagePushId)));
    const android = received.message['android'] as Record<string, any>;
    assert.equal(android['priority'], 'NORMAL');
    assert.equal(android['notification']?.['image'], 'https://cdn.example.com/sale.png');
    assert.equal(fcm.inbox(vendorToken).length, 1, 'the token listed twice in the file is pushed once');
    const row = await c.server.ctx.store.db.selectFrom('push_task').select(['plan_id', 'upload_id', 'request_json']).where('push_id', '=', packagePushId).executeTakeFirstOrThrow();
    assert.equal(row.plan_id, planId);
    assert.equal(Number(row.upload_id), uploadId);
    assert.deepEqual(JSON.parse(row.request_json).channelRules, [{ channel: 'hw', disable: true }]);

    await waitUntil('the task to finish', async () => {
      const task = await c.server.ctx.store.db.selectFrom('push_task').select('status').where('push_id', '=', packagePushId).executeTakeFirst();
      return task?.status === 'PUSH_FINISHED' ? true : undefined;
    });
    await c.page.locator('section[aria-labelledby="push-tasks-title"]').getByRole('button', { name: 'Refresh' }).click();
    const card = taskCard(packagePushId);
    await card.getByText('Finished', { exact: true }).waitFor();
    assert.match(await card.textContent() ?? '', new RegExp(`Token package \\(upload ${uploadId}\\)`));
    assert.match(await card.textContent() ?? '', new RegExp(`Plan${planId}`));
    await card.getByRole('row', { name: /FCM/ }).waitFor();
    await plans.getByRole('button', { name: 'Refresh' }).click();
    await planCard.getByText(/1 push · Coupons for the spring/).waitFor();
    assert.deepEqual(await planCard.getByRole('row', { name: /FCM/ }).getByRole('cell').allTextContents(), ['1', '1', '0', '0', '0', '0', '0']);
    await planCard.scrollIntoViewIfNeeded();
    await c.shot('package-push-under-plan');
    c.assertNoProblems();
  });

  it('works at phone width', async () => {
    await c.page.setViewportSize(PHONE);
    await c.open(`/push/${accessId}`);
    await taskCard(pushId).waitFor();
    let overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the push page is ${overflow}px wider than the phone`);
    await c.shot('phone-push');
    await c.open(`/overview/${accessId}`);
    await c.page.getByRole('list', { name: 'Devices', exact: true }).waitFor();
    overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the overview is ${overflow}px wider than the phone`);
    await c.shot('phone-overview');
    c.assertNoProblems();
  });
});
