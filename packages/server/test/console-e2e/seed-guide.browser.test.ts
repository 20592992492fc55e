/**
 * The seed guides (TPNS + Tencent IM offline push) walked through the console, in Debian's Chromium, against a
 * server in sandbox mode (every vendor is a loopback emulator inside it): sign in, create a product with an iOS
 * and an Android app, take a .p8 from the sandbox's Apple console and upload it, take an FCM service account from
 * its Google console and configure FCM with it, create an IM app and authorize it to the iOS app, add a virtual
 * iPhone; then the app's side with the SDKs (push SDK registers the phone's APNs token and binds bob, chat SDK logs
 * bob in and reports the Herald token, the app goes to the background); alice sends, and the sandbox shows the
 * iPhone receiving it while the "IM message" plan counts it. Screenshots: test-artifacts/console/seed-guide/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { createChatClient, textElem, type ChatClient } from '@herald/sdk/chat';
import { createMemoryStorage, createPushClient } from '@herald/sdk/push';
import { buildChatPushExt } from '../../../sdk/src/offline-push/index.ts';
import { field, openConsoleBrowser, setupFirstAdminInUi, signInInUi, type ConsoleBrowser } from './console-browser.ts';

interface AppView {
  accessId: number;
  platform: string;
  bundleId: string;
}
interface SandboxDeviceView {
  name: string;
  accessId: number;
  vendorToken: string;
  heraldToken: string;
}

describe('the seed guides through the console, with the sandbox as the phones', { timeout: 180_000 }, () => {
  let c: ConsoleBrowser;
  let ios: AppView;
  let android: AppView;
  let sdkAppId: number;
  const chats: ChatClient[] = [];

  async function api<T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> {
    const res = await c.server.app.inject({ method, url, headers: c.server.admin, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  }
  const nav = (name: string) => c.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();

  /** Clicks a download link and returns what the browser saved. */
  async function download(linkName: RegExp): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([c.page.waitForEvent('download'), c.page.getByRole('link', { name: linkName }).click()]);
    const path = await file.path();
    return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }

  async function openSandboxFor(app: AppView): Promise<void> {
    await nav('Sandbox');
    await c.page.getByRole('heading', { level: 1, name: 'Sandbox' }).waitFor();
    await c.page.getByRole('navigation', { name: 'Sandbox apps' }).getByRole('link', { name: new RegExp(app.bundleId.replace(/\./g, '\\.')) }).click();
    await c.page.getByRole('link', { name: 'Choose another app' }).waitFor();
  }

  function chat(): ChatClient {
    const client = createChatClient({ url: `${c.server.url.replace(/^http/, 'ws')}/ws`, sdkAppId, WebSocket: WebSocket as never });
    chats.push(client);
    return client;
  }

  before(async () => {
    c = await openConsoleBrowser('seed-guide', { server: { sandbox: true, worker: true } });
  });
  after(async () => {
    for (const client of chats) client.close();
    await c?.close();
  });

  it('signs in and creates a product with an iOS and an Android app', async () => {
    await c.open('/');
    await setupFirstAdminInUi(c);
    await signInInUi(c);
    await c.page.getByRole('link', { name: 'Create product' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Create a product' }).waitFor();
    await field(c.page, 'Name').fill('Shop');
    await field(c.page, 'iOS bundle ID').fill('com.shop.ios');
    await field(c.page, 'Android package name').fill('com.shop.android');
    await c.page.getByRole('button', { name: 'Create product' }).click();
    await c.page.getByText('Product Shop created.').waitFor();
    await c.shot('product');
    const { products } = await api<{ products: Array<{ apps: AppView[] }> }>('GET', '/api/products');
    const apps = products[0]!.apps;
    ios = apps.find((a) => a.platform === 'ios')!;
    android = apps.find((a) => a.platform === 'android')!;
    assert.equal(ios.bundleId, 'com.shop.ios');
    assert.equal(android.bundleId, 'com.shop.android');
    c.assertNoProblems();
  });

  it("takes a .p8 from the sandbox's Apple console and uploads it to the iOS app's production slot", async () => {
    await openSandboxFor(ios);
    await c.page.getByRole('button', { name: 'Issue APNs key (.p8)' }).click();
    const issued = await c.page.getByRole('status').filter({ hasText: /Issued APNs key/ }).textContent();
    const [, keyId, teamId] = /Issued APNs key (\w+) \(team (\w+)\)/.exec(issued ?? '') ?? [];
    assert.ok(keyId !== undefined && teamId !== undefined, `the key and team ids are shown: ${issued}`);
    await c.shot('sandbox-apple-console');
    const p8 = await download(/^Download AuthKey_/);
    assert.equal(p8.name, `AuthKey_${keyId}.p8`);
    assert.match(p8.text, /-----BEGIN PRIVATE KEY-----/);

    await c.page.getByRole('link', { name: 'Credentials page' }).first().click();
    await c.page.getByRole('heading', { level: 1, name: `Credentials: iOS app ${ios.accessId}` }).waitFor();
    const prod = c.page.getByRole('region', { name: /Production/ });
    await prod.getByRole('button', { name: 'Upload to production' }).click();
    await prod.getByLabel('.p8 key file').setInputFiles({ name: p8.name, mimeType: 'application/octet-stream', buffer: Buffer.from(p8.text) });
    await c.page.waitForFunction((id) => (document.getElementById('apns-product-key-id') as HTMLInputElement | null)?.value === id, keyId);
    await field(c.page, 'Team ID').first().fill(teamId);
    await prod.getByRole('button', { name: 'Upload', exact: true }).click();
    await c.page.getByText('The production credential was saved.').waitFor();
    await prod.getByText(teamId).waitFor();
    await c.shot('ios-p8-saved');
    c.assertNoProblems();
  });

  it("takes a service account from the sandbox's Google console and configures FCM with it, checked by the emulator", async () => {
    await openSandboxFor(android);
    await c.page.getByRole('button', { name: 'Issue FCM service account' }).click();
    const account = await download(/^Download service-account\.json/);
    assert.equal((JSON.parse(account.text) as { type: string }).type, 'service_account');
    await c.shot('sandbox-google-console');

    await c.page.getByRole('link', { name: 'Credentials page' }).first().click();
    await c.page.getByRole('heading', { level: 1, name: `Credentials: Android app ${android.accessId}` }).waitFor();
    const card = c.page.getByRole('region', { name: /FCM/ });
    await card.getByLabel('Service account file').setInputFiles({ name: account.name, mimeType: 'application/json', buffer: Buffer.from(account.text) });
    await card.getByText(`Read ${account.name}.`).waitFor();
    await card.getByRole('button', { name: 'Save and check' }).click();
    await c.page.getByText('FCM credential saved; the vendor answered “ok”.').waitFor();
    await c.shot('android-fcm-saved');
    c.assertNoProblems();
  });

  it('creates an IM app and authorizes it to the iOS app, which becomes "IM push only"', async () => {
    await nav('IM apps');
    await c.page.getByRole('link', { name: 'Create IM app' }).click();
    await field(c.page, 'Name').fill('Chat');
    await c.page.getByLabel('Create accounts at first login').check();
    await c.page.getByRole('button', { name: 'Create IM app' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Chat' }).waitFor();
    sdkAppId = (await api<{ apps: Array<{ sdkAppId: number }> }>('GET', '/api/im/apps')).apps[0]!.sdkAppId;

    await nav('Authorization');
    await c.page.getByRole('heading', { level: 1, name: 'Authorization' }).waitFor();
    await c.page.getByText(/authorized to no push app/).waitFor();
    const { products } = await api<{ products: Array<{ productId: number }> }>('GET', '/api/products');
    await c.page.getByRole('combobox', { name: /^Product/ }).selectOption(String(products[0]!.productId));
    await c.page.getByRole('combobox', { name: /^Push app/ }).selectOption(String(ios.accessId));
    await c.page.getByRole('button', { name: 'Authorize' }).click();
    const row = c.page.getByRole('row').filter({ hasText: `iOS app ${ios.accessId}` });
    await row.getByText('IM push only').waitFor();
    await c.shot('authorized');
    c.assertNoProblems();
  });

  it('adds a virtual iPhone with the iOS app installed', async () => {
    await openSandboxFor(ios);
    const form = c.page.getByRole('form', { name: 'Add a virtual device' });
    await form.getByLabel('Device name').fill('bob-iphone');
    await form.getByRole('button', { name: 'Add virtual device' }).click();
    await c.page.getByText('Added bob-iphone; its inbox is open below.').waitFor();
    await c.page.getByRole('region', { name: 'Virtual devices' }).getByRole('listitem', { name: /bob-iphone/ }).waitFor();
    await c.page.getByRole('region', { name: 'Received on bob-iphone' }).waitFor();
    await c.shot('virtual-iphone');
    c.assertNoProblems();
  });

  it('the app on the iPhone starts the push SDK, binds bob, logs him in to chat, reports the token and goes to the background', async () => {
    const { devices } = await api<{ devices: SandboxDeviceView[] }>('GET', '/api/sandbox/devices');
    const iphone = devices.find((d) => d.name === 'bob-iphone')!;
    const keys = await api<{ accessKey: string }>('GET', `/api/apps/${ios.accessId}?reveal=1`);
    const push = createPushClient({ accessId: ios.accessId, accessKey: keys.accessKey, endpoint: c.server.url, storage: createMemoryStorage() });
    const token = await push.register({ vendorToken: iphone.vendorToken, environment: 'product', platform: 'ios' });
    assert.equal(token, iphone.heraldToken, 'the push SDK gets the token the sandbox showed for this phone');
    await push.upsertAccounts({ 0: 'bob' });

    const sig = async (userId: string) => (await api<{ userSig: string }>('POST', `/api/im/apps/${sdkAppId}/usersig`, { userId })).userSig;
    const bob = chat();
    await bob.login({ userId: 'bob', userSig: await sig('bob'), deviceId: 'bob-iphone', platform: 'iOS' });
    await bob.setOfflinePushConfig({ businessID: 0, token, isTPNSToken: true });
    await bob.setAppState('background');
    const alice = chat();
    await alice.login({ userId: 'alice', userSig: await sig('alice'), deviceId: 'alice-phone', platform: 'Android' });
    const ext = buildChatPushExt({ chatType: 'c2c', senderUserId: 'alice', nickname: 'alice', content: 'lunch at noon?', serverTime: await alice.getServerTime() });
    await alice.sendMessage({ to: 'bob', elements: [textElem('lunch at noon?')], offlinePushInfo: { ext } });
  });

  it('the sandbox shows the iPhone receiving the offline message, live', async () => {
    const inbox = c.page.getByRole('region', { name: 'Received on bob-iphone' });
    const item = inbox.getByRole('listitem').filter({ hasText: 'lunch at noon?' });
    await item.waitFor({ timeout: 30_000 });
    const text = (await item.textContent()) ?? '';
    // bob's first push: a badge of one; the entity helper's ext reached the phone as the app's custom content.
    assert.match(text, /Badge\s*1/);
    assert.match(text, /"chatType\\?":1/);
    await c.shot('iphone-received');
    c.assertNoProblems();
  });

  it('the "IM message" plan counts the push in its statistics', async () => {
    await nav('Push');
    await c.page.getByRole('heading', { level: 1, name: 'Push' }).waitFor();
    await c.page.getByRole('link', { name: 'iOS · com.shop.ios' }).click();
    const plans = c.page.locator('section[aria-labelledby="push-plans-title"]');
    const imPlan = plans.getByRole('listitem', { name: /IM message/ });
    // The funnel fills as the worker reports: refresh until the plan has counted the delivery.
    for (let attempt = 0; ; attempt += 1) {
      await plans.getByRole('button', { name: 'Refresh' }).click();
      await imPlan.waitFor();
      const text = (await imPlan.textContent()) ?? '';
      if (/1 push\b/.test(text) && !/No deliveries yet/.test(text)) break;
      assert.ok(attempt < 60, `the IM message plan never counted the push: ${text}`);
      await c.page.waitForTimeout(250);
    }
    assert.match(await imPlan.textContent() ?? '', new RegExp(`im_${ios.accessId}_${sdkAppId}`));
    const cells = await imPlan.getByRole('row', { name: /APNs/ }).getByRole('cell').allTextContents();
    assert.equal(cells[0], '1', `one APNs push sent: ${cells.join(' ')}`);
    await imPlan.scrollIntoViewIfNeeded();
    await c.shot('im-message-plan');
    c.assertNoProblems();
  });
});
