/**
 * IM offline push to a real browser: Debian's Chromium (playwright-core) runs the SDK in a page on its own origin,
 * where bob enables Web Push (the SDK registers its service worker, subscribes with the app's VAPID key and
 * registers the subscription), logs in with the chat client, reports his Herald token and goes to the background.
 * Alice sends from Node → the Web Push emulator accepts the push and decrypts it as the browser would, and that
 * plaintext is handed to the real service worker as a trusted `push` event (CDP ServiceWorker.deliverPushMessage:
 * headless Chromium cannot reach a push service, which is also why only the PushManager is replaced, as in
 * packages/sdk/test/browser). The worker must show the notification and report it; a click must reach the page,
 * which routes it with the SDK to the chat with alice.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { textElem, type ChatClient } from '@herald/sdk/chat';
import type * as HeraldSdk from '../../../sdk/src/index.ts';
import { buildChatPushExt } from '../../../sdk/src/offline-push/index.ts';
import { closeAll, launchChromium, pageReady, sdkRoot, testPageHtml, watchPage } from '../../../sdk/test/browser/browser-page.ts';
import { bundle, FAKE_PUSH_MANAGER, startStaticSite, type StaticSite } from '../../../sdk/test/browser/web-push-fixture.ts';
import type { TestImApp } from '../ws/ws-test-client.ts';
import type { VendorApp } from '../push-vendors/vendor-fixture.ts';
import { useImPushRig } from './im-push-e2e-kit.ts';

type WorkerMessage = { type: string; pushId: string; data?: unknown };
type PageWindow = Window & { herald: typeof HeraldSdk; heraldChat: ChatClient; heraldWorkerMessages: WorkerMessage[] };
interface Shown {
  title: string;
  body: string;
  data: { herald?: { pid?: string }; data?: { ext?: string } };
}

const PAGE_HTML = testPageHtml({
  title: 'Herald chat',
  heading: 'Herald chat in a browser, in the background',
  bundle: './herald.js',
  script: `window.heraldWorkerMessages = [];
navigator.serviceWorker.addEventListener('message', (event) => window.heraldWorkerMessages.push(event.data));
navigator.serviceWorker.startMessages();`,
});

describe('IM offline push end to end to Chromium through Web Push', { timeout: 180_000 }, () => {
  let site: StaticSite | undefined;
  let browser: Browser | undefined;
  // Declared before the rig's hooks so that it runs first: the page's chat client must not outlive the server.
  after(() => closeAll(browser, site, () => undefined));
  const kit = useImPushRig();
  let app: VendorApp;
  let im: TestImApp;
  let alice: ChatClient;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let token = '';
  let endpoint = '';
  let registrationId = '';
  const problems: string[] = [];
  const db = () => kit.rig.server.ctx.store.db;
  const receipts = (pushId: string) => db().selectFrom('push_receipt').select('kind').where('push_id', '=', pushId).where('token', '=', token).orderBy('kind').execute();
  const shown = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration('/');
      return ((await registration?.getNotifications()) ?? []).map((n): Shown => ({ title: n.title, body: n.body, data: n.data as Shown['data'] }));
    });
  const workerMessages = () => page.evaluate(() => (window as unknown as PageWindow).heraldWorkerMessages);
  /** A web push app whose start page is the site, so a click focuses the page already open there. */
  async function webAppAt(startPage: string): Promise<VendorApp> {
    const created = await kit.rig.api('POST', '/products', { name: 'Chat web', accessPoint: 'guangzhou', platforms: [{ platform: 'web', bundleId: startPage }] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const accessId = Number((created.body['apps'] as Array<{ accessId: number }>)[0]!.accessId);
    const view = await kit.rig.api('GET', `/apps/${accessId}?reveal=1`);
    const secretKey = String(view.body['secretKey']);
    const auth = `Basic ${Buffer.from(`${accessId}:${secretKey}`).toString('base64')}`;
    return { accessId, accessKey: String(view.body['accessKey']), secretKey, packageName: startPage, platform: 'web', auth, vendorIds: {} };
  }
  function serviceWorker(): Worker {
    const worker = context.serviceWorkers().find((w) => w.url() === `${site!.url}/herald-sw.js`);
    assert.ok(worker !== undefined, 'the Herald service worker is running');
    return worker;
  }

  before(async () => {
    const sdkBundle = await bundle(join(sdkRoot, 'src/index.ts'), 'esm');
    const workerBundle = await bundle(join(sdkRoot, 'src/web-push/service-worker.ts'), 'iife');
    site = await startStaticSite({
      '/': { type: 'text/html; charset=utf-8', body: PAGE_HTML },
      '/herald.js': { type: 'text/javascript; charset=utf-8', body: sdkBundle.code },
      '/herald-sw.js': { type: 'text/javascript; charset=utf-8', body: workerBundle.code },
    });
    app = await webAppAt(`${site.url}/`);
    im = await kit.imApp();
    await kit.authorize(im, app);
    alice = await kit.login(im, 'alice', 'alice-device', 'Web');

    browser = await launchChromium();
    context = await browser.newContext({ permissions: ['notifications'] });
    context.on('serviceworker', (w) => w.on('console', (m) => (m.type() === 'error' ? problems.push(`worker console error: ${m.text()}`) : undefined)));
    page = await context.newPage();
    watchPage(page, problems);
    await page.exposeFunction('heraldEmulatorSubscribe', (key: string) => {
      const subscription = kit.rig.emulators.webpush.subscribe({ applicationServerKey: key });
      endpoint = subscription.endpoint;
      return subscription;
    });
    await page.addInitScript(FAKE_PUSH_MANAGER);
    cdp = await context.newCDPSession(page);
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
      const live = event.registrations.find((r) => r.scopeURL === `${site!.url}/` && !r.isDeleted);
      if (live !== undefined) registrationId = live.registrationId;
    });
    await cdp.send('ServiceWorker.enable');
    await page.goto(`${site.url}/`);
    await pageReady(page);
  });

  it('bob enables Web Push in the page, logs in with the chat client, reports his token and goes to the background', async () => {
    const sdk = { accessId: app.accessId, accessKey: app.accessKey, endpoint: kit.rig.server.url };
    token = await page.evaluate((c) => (window as unknown as PageWindow).herald.enableWebPush(c, { serviceWorker: '/herald-sw.js' }), sdk);
    await page.evaluate(async (c) => {
      const w = window as unknown as PageWindow;
      w.heraldChat = w.herald.createChatClient({ url: c.wsUrl, sdkAppId: c.sdkAppId });
      await w.heraldChat.login({ userId: 'bob', userSig: c.userSig, deviceId: 'bob-browser', platform: 'Web' });
      await w.heraldChat.setOfflinePushConfig({ businessID: 0, token: c.token, isTPNSToken: true });
      await w.heraldChat.setAppState('background');
    }, { wsUrl: `${kit.rig.server.url.replace(/^http/, 'ws')}/ws`, sdkAppId: im.sdkAppId, userSig: im.sig('bob'), token });
    await kit.rig.bindAccount(app, { token, vendor: 'webpush', vendorToken: endpoint }, 'bob');
    const device = await db().selectFrom('device').select(['channel', 'platform']).where('access_id', '=', app.accessId).where('token', '=', token).executeTakeFirstOrThrow();
    assert.deepEqual(device, { channel: 'webpush', platform: 'web' });
    assert.deepEqual(await kit.reportingDevices(im, 'bob'), ['bob-browser']);
  });

  let ext = '';
  let pushId = '';

  it("alice's text is shown by the service worker as `Alice: text` under its title, ext in its data, and reported", async () => {
    ext = buildChatPushExt({ chatType: 'c2c', senderUserId: 'alice', nickname: 'Alice', serverTime: await alice.getServerTime() });
    await alice.sendMessage({ to: 'bob', elements: [textElem('hi bob')], offlinePushInfo: { title: 'New message', ext } });
    await kit.rig.waitFor(() => kit.rig.emulators.webpush.inbox(endpoint).length === 1, 'the push at the browser');
    const [m] = kit.rig.emulators.webpush.inbox(endpoint);
    assert.equal(m!.decryptError, undefined);
    assert.ok(registrationId !== '', 'CDP reported the worker registration');
    // CDP now and then drops a push handed to a worker that was just (re)started; the browser's push service would
    // deliver again, so the test does too, and only a notification that was never shown fails it.
    for (let attempt = 1; ; attempt++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: site!.url, registrationId, data: m!.text! });
      try {
        await kit.rig.waitFor(async () => (await shown()).length >= 1, 'the notification to be shown', 5_000);
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    const [n] = await shown();
    assert.deepEqual([n!.title, n!.body, n!.data.data], ['New message', 'Alice: hi bob', { ext }]);
    pushId = String(n!.data.herald?.pid);
    await kit.rig.waitFor(async () => (await receipts(pushId)).length >= 1, 'the arrival receipt');
  });

  it('a click is reported and reaches the page, which routes it to the chat with alice', async () => {
    await serviceWorker().evaluate(async () => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration };
      const [notification] = await scope.registration.getNotifications();
      if (notification === undefined) throw new Error('no notification to click');
      // NotificationEvent exists only in worker scopes, so it is reached through the global object.
      const NotificationEventCtor = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
      self.dispatchEvent(new NotificationEventCtor('notificationclick', { notification }));
    });
    await kit.rig.waitFor(async () => (await receipts(pushId)).length === 2, 'the click receipt');
    await kit.rig.waitFor(async () => (await workerMessages()).some((m) => m.type === 'herald.click'), 'the click to reach the page');
    const route = await page.evaluate(() => {
      const w = window as unknown as PageWindow;
      const click = w.heraldWorkerMessages.find((m) => m.type === 'herald.click')!;
      return w.herald.routeOfNotification(click.data);
    });
    assert.deepEqual(route, { kind: 'c2c', userID: 'alice' });
    assert.deepEqual(problems, []);
  });
});
